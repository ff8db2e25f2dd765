package io.infersight.benchmarks.peers;

import io.infersight.benchmarks.fixtures.Check;
import io.infersight.benchmarks.fixtures.CountingSink;
import io.infersight.benchmarks.fixtures.InfersightStack;
import io.infersight.benchmarks.fixtures.LogbackPipelines;
import io.infersight.benchmarks.fixtures.ObservationBaseline;
import io.infersight.benchmarks.fixtures.OtelBaseline;
import io.infersight.benchmarks.fixtures.OtelSdks;
import io.infersight.benchmarks.fixtures.PromText;
import io.infersight.benchmarks.fixtures.SeedHandler;
import io.infersight.benchmarks.fixtures.Workload;
import io.infersight.core.InferenceObserver;
import io.infersight.logging.NonBlockingAsyncAppender;
import io.infersight.metrics.InfersightMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 21: the same 4-stage request with 16 features, instrumented by what users choose between,
 * each sampled out (trace ratio 0, no log line) and sampled in (every request traced, and logged
 * where the variant logs):
 *
 * <ul>
 *   <li>{@code observation*}: the Micrometer Observation API, meter handler on a Prometheus
 *       registry and the OpenTelemetry tracing bridge on the same SDK ({@link ObservationBaseline});
 *   <li>{@code otel*}: plain OpenTelemetry, 5 spans and SDK histograms ({@link OtelBaseline});
 *   <li>{@code handWritten*}: the seed's hand-written code ({@link SeedHandler}, every pillar;
 *       sampled out it keeps metrics, MDC and the KLL sketches, and neither traces nor logs);
 *   <li>{@code allPillars*}: Infersight with metrics, tracing, logging and drift;
 *   <li>{@code metricsTracing*}: Infersight with metrics and tracing only, the like-for-like peer
 *       of the two above.
 * </ul>
 *
 * <p>Peers sample with the SDK's parent-based trace-ID-ratio sampler, as users configure them;
 * Infersight's SDK is always-on and its listener draws the head-sampling decision. Every variant
 * checks itself at tear-down ({@link Check}): its request metric equals the requests served and
 * its spans ended when sampled in (none when sampled out). {@code report.py} shows no number for a
 * variant whose check failed.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class PeerBenchmark {
  /** Features per request in every variant. */
  public static final int FEATURES = 16;

  abstract static class Base {
    final CountingSink sink = new CountingSink();
    OtelSdks.Counted otel;
    PrometheusMeterRegistry registry;
    Workload workload;
    long requests;
    /** The tear-down's verdict. */
    Check check;

    void sdk(Sampler sampler) {
      otel = OtelSdks.counted(sampler);
      workload = Workload.create(FEATURES);
    }

    /** Checks spans: 5 a request ended when sampled in, none when out; some exported when in. */
    Check spans(Check c, boolean sampledIn) {
      c.equal("spans_ended", otel.ended(), sampledIn ? 5.0 * requests : 0);
      if (sampledIn) {
        c.atLeast("spans_exported", otel.exported(), 1);
      } else {
        c.equal("spans_exported", otel.exported(), 0);
      }
      return c;
    }
  }

  // ---- Micrometer Observation -----------------------------------------------------------

  abstract static class Micrometer extends Base {
    ObservationBaseline peer;

    void start(boolean sampledIn) {
      LogbackPipelines.handWrittenSync(sink);
      sdk(OtelSdks.ratio(sampledIn ? 1.0 : 0.0));
      registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      peer = new ObservationBaseline(registry, otel.sdk());
    }

    void stop(String name, boolean sampledIn) {
      String scrape = registry.scrape();
      otel.close();
      registry.close();
      LogbackPipelines.stop();
      Check c = Check.of(name, requests)
          .equal("ml_inference_seconds_count", PromText.sum(scrape, "ml_inference_seconds_count"), requests)
          .equal("ml_stage_seconds_count", PromText.sum(scrape, "ml_stage_seconds_count"), 4.0 * requests)
          .equal("ml_prediction_score_count", PromText.sum(scrape, "ml_prediction_score_count"), requests);
      check = spans(c, sampledIn);
      check.print();
    }
  }

  @State(Scope.Benchmark)
  public static class ObservationOut extends Micrometer {
    @Setup
    public void setUp() {
      start(false);
    }

    @TearDown
    public void tearDown() {
      stop("observationSampledOut", false);
    }
  }

  @State(Scope.Benchmark)
  public static class ObservationIn extends Micrometer {
    @Setup
    public void setUp() {
      start(true);
    }

    @TearDown
    public void tearDown() {
      stop("observationSampledIn", true);
    }
  }

  // ---- plain OpenTelemetry ---------------------------------------------------------------

  abstract static class Otel extends Base {
    OtelBaseline peer;

    void start(boolean sampledIn) {
      LogbackPipelines.handWrittenSync(sink);
      sdk(OtelSdks.ratio(sampledIn ? 1.0 : 0.0));
      peer = new OtelBaseline(otel.sdk());
    }

    void stop(String name, boolean sampledIn) {
      long counted = peer.requestsCounted();
      long stages = peer.stageObservations();
      peer.close();
      otel.close();
      LogbackPipelines.stop();
      Check c = Check.of(name, requests)
          .equal("ml.inference.requests", counted, requests)
          .equal("ml.stage.duration_count", stages, 4.0 * requests);
      check = spans(c, sampledIn);
      check.print();
    }
  }

  @State(Scope.Benchmark)
  public static class OtelOut extends Otel {
    @Setup
    public void setUp() {
      start(false);
    }

    @TearDown
    public void tearDown() {
      stop("otelSampledOut", false);
    }
  }

  @State(Scope.Benchmark)
  public static class OtelIn extends Otel {
    @Setup
    public void setUp() {
      start(true);
    }

    @TearDown
    public void tearDown() {
      stop("otelSampledIn", true);
    }
  }

  // ---- the seed's hand-written code ------------------------------------------------------

  abstract static class Seed extends Base {
    SeedHandler seed;

    void start(boolean sampledIn) {
      LogbackPipelines.handWrittenSync(sink);
      sdk(OtelSdks.ratio(sampledIn ? 1.0 : 0.0));
      registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      SeedHandler.Builder b = SeedHandler.builder().metrics(registry).tracing(otel.sdk().getTracer("seed"))
          .sketches(FEATURES);
      seed = (sampledIn ? b.logging() : b.mdc()).build();
    }

    void stop(String name, boolean sampledIn) {
      String scrape = registry.scrape();
      otel.close();
      registry.close();
      LogbackPipelines.stop();
      Check c = Check.of(name, requests)
          .equal("ml_inference_requests_total", PromText.sum(scrape, "ml_inference_requests_total"), requests)
          .equal("log_lines", sink.writes(), sampledIn ? requests : 0);
      check = spans(c, sampledIn);
      check.print();
    }
  }

  @State(Scope.Benchmark)
  public static class SeedOut extends Seed {
    @Setup
    public void setUp() {
      start(false);
    }

    @TearDown
    public void tearDown() {
      stop("handWrittenSampledOut", false);
    }
  }

  @State(Scope.Benchmark)
  public static class SeedIn extends Seed {
    @Setup
    public void setUp() {
      start(true);
    }

    @TearDown
    public void tearDown() {
      stop("handWrittenSampledIn", true);
    }
  }

  // ---- Infersight ------------------------------------------------------------------------

  abstract static class Observed extends Base {
    InferenceObserver observer;
    NonBlockingAsyncAppender async;
    boolean logging;

    void start(boolean sampledIn, boolean allPillars) {
      async = LogbackPipelines.infersight(sink);
      sdk(Sampler.alwaysOn());
      registry = InfersightMetrics.prometheusRegistry();
      double ratio = sampledIn ? 1.0 : 0.0;
      InfersightStack stack = InfersightStack.builder(workload).metrics(registry).tracing(otel.sdk(), ratio);
      if (allPillars) {
        stack.logging(ratio).drift(registry);
      }
      logging = allPillars;
      observer = stack.build();
    }

    void stop(String name, boolean sampledIn) {
      String scrape = registry.scrape();
      observer.close();
      long accepted = async.acceptedCount();
      long dropped = async.droppedCount();
      LogbackPipelines.stop();
      otel.close();
      registry.close();
      Check c = Check.of(name, requests)
          .equal("ml_inference_requests_total", PromText.sum(scrape, "ml_inference_requests_total"), requests);
      if (logging) {
        // Every event the listener logs is either written or counted as dropped.
        c.equal("log_events_accepted+dropped", accepted + dropped, sampledIn ? requests : 0)
            .note("log_lines", sink.writes()).note("log_dropped", dropped);
      }
      check = spans(c, sampledIn);
      check.print();
    }
  }

  @State(Scope.Benchmark)
  public static class AllOut extends Observed {
    @Setup
    public void setUp() {
      start(false, true);
    }

    @TearDown
    public void tearDown() {
      stop("allPillarsSampledOut", false);
    }
  }

  @State(Scope.Benchmark)
  public static class AllIn extends Observed {
    @Setup
    public void setUp() {
      start(true, true);
    }

    @TearDown
    public void tearDown() {
      stop("allPillarsSampledIn", true);
    }
  }

  @State(Scope.Benchmark)
  public static class MetricsTracingOut extends Observed {
    @Setup
    public void setUp() {
      start(false, false);
    }

    @TearDown
    public void tearDown() {
      stop("metricsTracingSampledOut", false);
    }
  }

  @State(Scope.Benchmark)
  public static class MetricsTracingIn extends Observed {
    @Setup
    public void setUp() {
      start(true, false);
    }

    @TearDown
    public void tearDown() {
      stop("metricsTracingSampledIn", true);
    }
  }

  // ---- the benchmarks --------------------------------------------------------------------

  @Benchmark
  public Integer observationSampledOut(ObservationOut s) {
    s.requests++;
    return s.peer.handle(s.workload, Workload.CORRELATION_ID);
  }

  @Benchmark
  public Integer observationSampledIn(ObservationIn s) {
    s.requests++;
    return s.peer.handle(s.workload, Workload.CORRELATION_ID);
  }

  @Benchmark
  public Integer otelSampledOut(OtelOut s) {
    s.requests++;
    return s.peer.handle(s.workload, Workload.CORRELATION_ID);
  }

  @Benchmark
  public Integer otelSampledIn(OtelIn s) {
    s.requests++;
    return s.peer.handle(s.workload, Workload.CORRELATION_ID);
  }

  @Benchmark
  public Integer handWrittenSampledOut(SeedOut s) {
    s.requests++;
    return s.seed.handle(s.workload, Workload.CORRELATION_ID);
  }

  @Benchmark
  public Integer handWrittenSampledIn(SeedIn s) {
    s.requests++;
    return s.seed.handle(s.workload, Workload.CORRELATION_ID);
  }

  @Benchmark
  public Integer allPillarsSampledOut(AllOut s) {
    s.requests++;
    return s.observer.run(s.workload.pipeline(), s.workload.request(), Workload.CORRELATION_ID);
  }

  @Benchmark
  public Integer allPillarsSampledIn(AllIn s) {
    s.requests++;
    return s.observer.run(s.workload.pipeline(), s.workload.request(), Workload.CORRELATION_ID);
  }

  @Benchmark
  public Integer metricsTracingSampledOut(MetricsTracingOut s) {
    s.requests++;
    return s.observer.run(s.workload.pipeline(), s.workload.request(), Workload.CORRELATION_ID);
  }

  @Benchmark
  public Integer metricsTracingSampledIn(MetricsTracingIn s) {
    s.requests++;
    return s.observer.run(s.workload.pipeline(), s.workload.request(), Workload.CORRELATION_ID);
  }
}
