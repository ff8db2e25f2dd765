package io.infersight.examples.fraud;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How the demo runs. The constructor checks every setting; its messages name the setting as the
 * {@code infersight demo} option that sets it.
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
 * @param bind the interface the HTTP server listens on (loopback by default; the wildcard address
 *     for all interfaces)
 * @param admin whether {@code POST /admin/fault} is served (with a token printed at start)
 * @param requestTimeout how long one HTTP exchange may take in all, from its first byte to the end
 *     of the response; a client slower than that is disconnected
 * @param observer every pillar, or the no-op observer (the whole-server benchmark's baseline)
 * @param nativeHistograms whether the latency histograms also keep Prometheus native histogram
 *     buckets (exported only to a scraper asking for protobuf; text scrapes keep the classic buckets)
 */
public record DemoOptions(int port, double rps, Scenario scenario, Duration faultAfter, Duration duration,
    String otlpEndpoint, Duration statusEvery, InetAddress bind, boolean admin, Duration requestTimeout,
    ObserverMode observer, boolean nativeHistograms) {

  /** Highest {@code rps} the traffic generator is asked for. */
  public static final double MAX_RPS = 5_000;
  /** Default of {@code requestTimeout}. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  public DemoOptions {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("--port must be 0-65535, was " + port);
    }
    if (!(rps >= 0 && rps <= MAX_RPS)) {
      throw new IllegalArgumentException("--rps must be a number from 0 to " + (int) MAX_RPS + ", was " + rps);
    }
    Objects.requireNonNull(scenario, "--scenario");
    Objects.requireNonNull(bind, "--bind");
    Objects.requireNonNull(observer, "--observer");
    requireNotNegative("--fault-after", faultAfter);
    requireNotNegative("--duration", duration);
    requirePositive("--status-every", statusEvery);
    requirePositive("--request-timeout", requestTimeout);
  }

  /** Classic histograms only. */
  public DemoOptions(int port, double rps, Scenario scenario, Duration faultAfter, Duration duration,
      String otlpEndpoint, Duration statusEvery, InetAddress bind, boolean admin, Duration requestTimeout,
      ObserverMode observer) {
    this(port, rps, scenario, faultAfter, duration, otlpEndpoint, statusEvery, bind, admin, requestTimeout,
        observer, false);
  }

  /** Every pillar on. */
  public DemoOptions(int port, double rps, Scenario scenario, Duration faultAfter, Duration duration,
      String otlpEndpoint, Duration statusEvery, InetAddress bind, boolean admin, Duration requestTimeout) {
    this(port, rps, scenario, faultAfter, duration, otlpEndpoint, statusEvery, bind, admin, requestTimeout,
        ObserverMode.DEFAULT);
  }

  /** Loopback only, no admin endpoint, the default request timeout. */
  public DemoOptions(int port, double rps, Scenario scenario, Duration faultAfter, Duration duration,
      String otlpEndpoint, Duration statusEvery) {
    this(port, rps, scenario, faultAfter, duration, otlpEndpoint, statusEvery, InetAddress.getLoopbackAddress(),
        false, DEFAULT_REQUEST_TIMEOUT);
  }

  /** Defaults of the command line. */
  public static DemoOptions defaults() {
    return new DemoOptions(8080, 20, Scenario.CACHE_OUTAGE, Duration.ofMinutes(2), Duration.ZERO, null,
        Duration.ofSeconds(5));
  }

  /** These options with {@code POST /admin/fault} on or off. */
  public DemoOptions withAdmin(boolean on) {
    return with(c -> c.admin = on);
  }

  /** These options listening on {@code address}. */
  public DemoOptions withBind(InetAddress address) {
    return with(c -> c.bind = address);
  }

  /** These options with another request timeout. */
  public DemoOptions withRequestTimeout(Duration timeout) {
    return with(c -> c.requestTimeout = timeout);
  }

  /** These options with every pillar on, or the no-op observer. */
  public DemoOptions withObserver(ObserverMode mode) {
    return with(c -> c.observer = mode);
  }

  /**
   * These options with Prometheus native histogram buckets on the latency histograms on or off
   * (beside their classic buckets, which text and OpenMetrics scrapes keep getting).
   */
  public DemoOptions withNativeHistograms(boolean on) {
    return with(c -> c.nativeHistograms = on);
  }

  /** A copy of these options with {@code change} applied, checked by the constructor. */
  private DemoOptions with(Consumer<Copy> change) {
    Copy c = new Copy(this);
    change.accept(c);
    return new DemoOptions(c.port, c.rps, c.scenario, c.faultAfter, c.duration, c.otlpEndpoint,
        c.statusEvery, c.bind, c.admin, c.requestTimeout, c.observer, c.nativeHistograms);
  }

  /** The components of a {@link DemoOptions}, to change one before building the copy. */
  private static final class Copy {
    int port;
    double rps;
    Scenario scenario;
    Duration faultAfter;
    Duration duration;
    String otlpEndpoint;
    Duration statusEvery;
    InetAddress bind;
    boolean admin;
    Duration requestTimeout;
    ObserverMode observer;
    boolean nativeHistograms;

    Copy(DemoOptions o) {
      port = o.port;
      rps = o.rps;
      scenario = o.scenario;
      faultAfter = o.faultAfter;
      duration = o.duration;
      otlpEndpoint = o.otlpEndpoint;
      statusEvery = o.statusEvery;
      bind = o.bind;
      admin = o.admin;
      requestTimeout = o.requestTimeout;
      observer = o.observer;
      nativeHistograms = o.nativeHistograms;
    }
  }

  private static void requireNotNegative(String name, Duration d) {
    if (d == null || d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, was " + d);
    }
  }

  private static void requirePositive(String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
  }
}
