package io.infersight.metrics;

import io.infersight.core.internal.RuntimeLibraries;
import io.infersight.core.internal.RuntimeLibraries.Library;
import io.infersight.metrics.internal.ExemplarRegistries;
import io.infersight.metrics.internal.InferenceSpanContext;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.tracer.common.SpanContext;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Entry point of the metrics pillar: a listener that records every inference into the Micrometer
 * registry the application already has, a Prometheus registry with trace exemplars, and a scrape
 * endpoint.
 *
 * <pre>{@code
 * PrometheusMeterRegistry registry = InfersightMetrics.prometheusRegistry();
 * InferenceObserver observer = InferenceObserver.builder()
 *     .model("fraud-detector", "2.1.0")
 *     .addListener(InfersightMetrics.listener(registry))
 *     .build();
 * MetricsServer server = InfersightMetrics.serve(registry, 9464);
 * }</pre>
 *
 * <p>Use one listener per observer; several observers (one per model) may share a registry.
 *
 * <p>On a {@code PrometheusMeterRegistry} (also as a child of a composite) the per-request series
 * are recorded into striped, lock-free counters and exported by a client_java collector under the
 * same names, labels and buckets, because Micrometer's timers cost a clock read and contended
 * atomics per observation; their {@code _max} gauges are not exported there. Common tags of the
 * registry still apply.
 *
 * <p>Every factory here first checks that Micrometer and Prometheus client_java on the class path
 * are supported versions (docs/compatibility.md), and throws {@link IllegalStateException} naming
 * the library, the version found and the version needed when one is older.
 *
 * @since 0.1.0
 */
public final class InfersightMetrics {
  private InfersightMetrics() {}

  /** A listener with default options recording into {@code registry}. */
  public static MetricsListener listener(MeterRegistry registry) {
    return listenerBuilder(registry).build();
  }

  /** A builder of a listener recording into {@code registry}, for options. */
  public static MetricsListenerBuilder listenerBuilder(MeterRegistry registry) {
    checkLibraries();
    return new MetricsListenerBuilder(registry);
  }

  /**
   * A builder of a listener recording into {@code registry}.
   *
   * @deprecated use {@link #listenerBuilder(MeterRegistry)}
   */
  @Deprecated
  public static InfersightMetricsBuilder builder(MeterRegistry registry) {
    return new InfersightMetricsBuilder(listenerBuilder(registry));
  }

  /**
   * Fails with one line when a library this module runs on is older than supported. It runs before
   * anything here loads a class that links against those libraries, so an old library shows up as
   * this message and not as a {@code NoClassDefFoundError}.
   */
  static void checkLibraries() {
    String problems = Libraries.PROBLEMS;
    if (problems != null) {
      throw new IllegalStateException(problems);
    }
  }

  /** The check's result, found once. */
  private static final class Libraries {
    static final String PROBLEMS = RuntimeLibraries.problems("Infersight metrics",
        InfersightMetrics.class, Library.MICROMETER, Library.MICROMETER_PROMETHEUS,
        Library.PROMETHEUS_MODEL);
  }

  /**
   * A Prometheus registry whose duration histograms carry the trace of a traced, sampled inference
   * as an exemplar in the OpenMetrics output. It reads the trace IDs the tracing listener stored on
   * the inference, so no tracing library is needed here.
   *
   * <p>Exemplars are written on histogram buckets and counters only, as OpenMetrics 1.0 allows.
   * Micrometer's default also puts them on {@code _count} series, and Prometheus servers before
   * 2.43 (Debian 12 ships 2.42) then reject the whole scrape ("does not support exemplars"). For
   * a newer server that wants them everywhere, pass a config whose {@code prometheusProperties()}
   * sets {@value #EXEMPLARS_ON_ALL_METRIC_TYPES} to {@code true}.
   */
  public static PrometheusMeterRegistry prometheusRegistry() {
    checkLibraries();
    return prometheusRegistry(CompatibleConfig.INSTANCE);
  }

  /** The client_java property that puts exemplars on every series, {@code _count} included. */
  public static final String EXEMPLARS_ON_ALL_METRIC_TYPES = "io.prometheus.exporter.exemplarsOnAllMetricTypes";

  /**
   * Micrometer's defaults, with exemplars kept where every Prometheus 2.x server accepts them. In a
   * holder, so that loading this class loads no Micrometer class before the library check.
   */
  private static final class CompatibleConfig {
    static final PrometheusConfig INSTANCE = new PrometheusConfig() {
      @Override
      public String get(String key) {
        return null;
      }

      @Override
      public java.util.Properties prometheusProperties() {
        java.util.Properties p = new java.util.Properties();
        p.putAll(PrometheusConfig.super.prometheusProperties());
        p.setProperty(EXEMPLARS_ON_ALL_METRIC_TYPES, "false");
        return p;
      }
    };
  }

  /** As {@link #prometheusRegistry()}, with a configuration. */
  public static PrometheusMeterRegistry prometheusRegistry(PrometheusConfig config) {
    checkLibraries();
    Objects.requireNonNull(config, "config");
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(config, new PrometheusRegistry(),
        Clock.SYSTEM, InferenceSpanContext.INSTANCE);
    ExemplarRegistries.enable(registry);
    return registry;
  }

  /**
   * The span context that reads the trace of the current inference, for a Prometheus registry
   * built elsewhere (for example by Spring Boot); pair it with {@link #enableExemplars}.
   */
  public static SpanContext exemplarSpanContext() {
    return InferenceSpanContext.INSTANCE;
  }

  /**
   * Lets the per-request series of a registry built elsewhere carry trace exemplars, as those of
   * {@link #prometheusRegistry()} do. Call it before the listener is installed. Keep exemplars off
   * {@code _count} series for Prometheus servers before 2.43 (property {@value
   * #EXEMPLARS_ON_ALL_METRIC_TYPES} = {@code false}).
   *
   * @return {@code registry}
   */
  public static PrometheusMeterRegistry enableExemplars(PrometheusMeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    ExemplarRegistries.enable(registry);
    return registry;
  }

  /**
   * Serves {@code registry} on {@code /metrics} at {@code port} on all interfaces, so that a
   * Prometheus server on another host can scrape it; port 0 picks a free one, readable from {@link
   * MetricsServer#port()}. Use {@link #serve(PrometheusMeterRegistry, InetSocketAddress)} with {@link
   * java.net.InetAddress#getLoopbackAddress()} to accept scrapes from this host only. {@link
   * MetricsServer} lists the server's timeouts and connection bound.
   *
   * @throws IllegalArgumentException when port is outside 0 to 65535
   * @throws java.io.UncheckedIOException when the port cannot be bound
   */
  public static MetricsServer serve(PrometheusMeterRegistry registry, int port) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
    }
    return serve(registry, new InetSocketAddress(port));
  }

  /**
   * Serves {@code registry} on {@code /metrics} at {@code address}: the caller picks the interface,
   * for example {@code new InetSocketAddress(InetAddress.getLoopbackAddress(), 9464)} for this host
   * only.
   *
   * @throws java.io.UncheckedIOException when the address cannot be bound
   */
  public static MetricsServer serve(PrometheusMeterRegistry registry, InetSocketAddress address) {
    checkLibraries();
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(address, "address");
    return MetricsServer.start(registry, address);
  }
}
