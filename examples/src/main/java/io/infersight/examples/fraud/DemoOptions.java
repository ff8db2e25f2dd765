package io.infersight.examples.fraud;

import java.time.Duration;

/**
 * How the demo runs.
 *
 * @param port HTTP port, 0 for a free one
 * @param rps generated requests per second, 0 for none
 * @param scenario the fault switched on after {@code faultAfter}
 * @param faultAfter delay before the fault
 * @param duration how long to run, {@link Duration#ZERO} for until stopped
 * @param otlpEndpoint where to export traces (over the protocol of {@code OTEL_EXPORTER_OTLP_PROTOCOL},
 *     gRPC by default), or {@code null} for what the {@code OTEL_*} environment says, else the
 *     embedded store only
 * @param statusEvery interval of the status line
 */
public record DemoOptions(int port, double rps, Scenario scenario, Duration faultAfter, Duration duration,
    String otlpEndpoint, Duration statusEvery) {

  /** Defaults of the command line. */
  public static DemoOptions defaults() {
    return new DemoOptions(8080, 20, Scenario.CACHE_OUTAGE, Duration.ofMinutes(2), Duration.ZERO, null,
        Duration.ofSeconds(5));
  }
}
