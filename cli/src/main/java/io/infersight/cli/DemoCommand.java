package io.infersight.cli;

import io.infersight.examples.fraud.DemoApp;
import io.infersight.examples.fraud.DemoOptions;
import io.infersight.examples.fraud.Scenario;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code infersight demo}: the fraud service that replays the incident. */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
    description = "Run the fraud-detection demo: a model server, traffic, and a fault that replays"
        + " the cache-outage incident. Metrics, traces and logs are live while it runs.")
final class DemoCommand implements Callable<Integer> {

  @Option(names = "--port", defaultValue = "8080", description = "HTTP port (0 picks a free one). Default: ${DEFAULT-VALUE}")
  int port;

  @Option(names = "--rps", defaultValue = "20", description = "Requests per second of generated traffic (0 = none). Default: ${DEFAULT-VALUE}")
  double rps;

  @Option(names = "--scenario", defaultValue = "cache-outage",
      description = "healthy, cache-outage, slow-model or errors. Default: ${DEFAULT-VALUE}")
  String scenario;

  @Option(names = "--fault-after", defaultValue = "2m", converter = DurationConverter.class,
      description = "When the scenario's fault switches on (e.g. 90s, 2m). Default: ${DEFAULT-VALUE}")
  Duration faultAfter;

  @Option(names = "--duration", defaultValue = "0", converter = DurationConverter.class,
      description = "How long to run; 0 runs until stopped. Default: ${DEFAULT-VALUE}")
  Duration duration;

  @Option(names = "--otlp-endpoint", description = "Export traces over OTLP to this endpoint"
      + " (e.g. http://localhost:4318/v1/traces); without it traces go to the embedded store.")
  String otlpEndpoint;

  @Option(names = "--status-every", defaultValue = "5s", converter = DurationConverter.class,
      description = "Interval of the status line. Default: ${DEFAULT-VALUE}")
  Duration statusEvery;

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be 0-65535, was " + port);
    }
    if (rps < 0 || rps > 5000) {
      throw new IllegalArgumentException("--rps must be 0-5000, was " + rps);
    }
    if (faultAfter.isNegative() || duration.isNegative() || statusEvery.isNegative() || statusEvery.isZero()) {
      throw new IllegalArgumentException("durations must not be negative");
    }
    DemoOptions options = new DemoOptions(port, rps, Scenario.parse(scenario), faultAfter, duration,
        otlpEndpoint, statusEvery);
    DemoApp app = DemoApp.start(options);
    app.awaitEnd();
    return 0;
  }
}
