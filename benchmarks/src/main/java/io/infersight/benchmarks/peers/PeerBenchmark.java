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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 21: the same 4-stage request with 16 features, instrumented by what users choose between,
 * each with {@code sampling=out} (trace ratio 0, no log line) and {@code sampling=in} (every
 * request traced, and logged where the variant logs):
 *
 * <ul>
 *   <li>{@code observation}: the Micrometer Observation API, meter handler on a Prometheus
 *       registry and the OpenTelemetry tracing bridge on the same SDK ({@link ObservationBaseline});
 *   <li>{@code otel}: plain OpenTelemetry, 5 spans and SDK histograms ({@link OtelBaseline});
 *   <li>{@code handWritten}: the seed's hand-written code ({@link SeedHandler}, every pillar;
 *       sampled out it keeps metrics, MDC and the KLL sketches, and neither traces nor logs);
 *   <li>{@code allPillars}: Infersight with metrics, tracing, logging and drift;
 *   <li>{@code metricsTracing}: Infersight with metrics and tracing only, the like-for-like peer
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
  /**
   * The share of sampled-out requests Infersight may still keep as slow: its listeners keep the
   * line and spans of a request over the observer's slow threshold, which a descheduled thread on
   * a busy machine crosses now and then.
   */
  static final double KEPT_SLOW = 0.01;

  /** One variant's stack, sampled out or in, and its tear-down check. */
  @State(Scope.Benchmark)
  public abstract static class Base {
    @Param({"out", "in"})
    String sampling;

    final CountingSink sink = new CountingSink();
    OtelSdks.Counted otel;
    PrometheusMeterRegistry registry;
    Workload workload;
    long requests;
    /** The tear-down's verdict. */
    Check check;

    boolean sampledIn() {
      return "in".equals(sampling);
    }

    /** The SDK and the workload; peers sample with the SDK's ratio sampler, Infersight in its listener. */
    void sdk(Sampler sampler) {
      otel = OtelSdks.counted(sampler);
      workload = Workload.create(FEATURES);
    }

    Sampler peerSampler() {
      return OtelSdks.ratio(sampledIn() ? 1.0 : 0.0);
    }

    /**
     * Adds the span checks: 5 a request ended when sampled in, some exported; none when out, except
     * the slow requests Infersight keeps after the fact (at most {@link #KEPT_SLOW} of them).
     */
    Check spans(Check c) {
      if (sampledIn()) {
        c.equal("spans_ended", otel.ended(), 5.0 * requests).atLeast("spans_exported", otel.exported(), 1);
      } else if (keepsSlow()) {
        c.atMost("spans_ended", otel.ended(), 5 * KEPT_SLOW * requests);
      } else {
        c.equal("spans_ended", otel.ended(), 0).equal("spans_exported", otel.exported(), 0);
      }
      return c;
    }

    /** Whether sampled out still keeps slow requests (Infersight's tracing and logging defaults). */
    boolean keepsSlow() {
      return false;
    }

    void finish(Check c) {
      check = spans(c);
      check.print();
    }

    String name(String variant) {
      return variant + " sampling=" + sampling;
    }
  }

  /** The Micrometer Observation API with its meter handler and OpenTelemetry tracing bridge. */
  @State(Scope.Benchmark)
  public static class Micrometer extends Base {
    ObservationBaseline peer;

    @Setup
    public void setUp() {
      LogbackPipelines.handWrittenSync(sink);
      sdk(peerSampler());
      registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      peer = new ObservationBaseline(registry, otel.sdk());
    }

    @TearDown
    public void tearDown() {
      String scrape = registry.scrape();
      otel.close();
      registry.close();
      LogbackPipelines.stop();
      finish(Check.of(name("observation"), requests)
          .equal("ml_inference_seconds_count", PromText.sum(scrape, "ml_inference_seconds_count"), requests)
          .equal("ml_stage_seconds_count", PromText.sum(scrape, "ml_stage_seconds_count"), 4.0 * requests)
          .equal("ml_prediction_score_count", PromText.sum(scrape, "ml_prediction_score_count"), requests));
    }
  }

  /** Plain OpenTelemetry: spans and SDK histograms. */
  @State(Scope.Benchmark)
  public static class Otel extends Base {
    OtelBaseline peer;

    @Setup
    public void setUp() {
      LogbackPipelines.handWrittenSync(sink);
      sdk(peerSampler());
      peer = new OtelBaseline(otel.sdk());
    }

    @TearDown
    public void tearDown() {
      long counted = peer.requestsCounted();
      long stages = peer.stageObservations();
      peer.close();
      otel.close();
      LogbackPipelines.stop();
      finish(Check.of(name("otel"), requests)
          .equal("ml.inference.requests", counted, requests)
          .equal("ml.stage.duration_count", stages, 4.0 * requests));
    }
  }

  /** The seed's hand-written code: sampled in it traces and logs every request, sampled out neither. */
  @State(Scope.Benchmark)
  public static class Seed extends Base {
    SeedHandler seed;

    @Setup
    public void setUp() {
      LogbackPipelines.handWrittenSync(sink);
      sdk(peerSampler());
      registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      SeedHandler.Builder b = SeedHandler.builder().metrics(registry).tracing(otel.sdk().getTracer("seed"))
          .sketches(FEATURES);
      seed = (sampledIn() ? b.logging() : b.mdc()).build();
    }

    @TearDown
    public void tearDown() {
      String scrape = registry.scrape();
      otel.close();
      registry.close();
      LogbackPipelines.stop();
      finish(Check.of(name("handWritten"), requests)
          .equal("ml_inference_requests_total", PromText.sum(scrape, "ml_inference_requests_total"), requests)
          .equal("log_lines", sink.writes(), sampledIn() ? requests : 0));
    }
  }

  /** An Infersight observer; the SDK is always-on and the tracing listener draws the sampling decision. */
  @State(Scope.Benchmark)
  public abstract static class Observed extends Base {
    InferenceObserver observer;
    NonBlockingAsyncAppender async;
    boolean logging;

    void start(boolean allPillars) {
      async = LogbackPipelines.infersight(sink);
      sdk(Sampler.alwaysOn());
      registry = InfersightMetrics.prometheusRegistry();
      double ratio = sampledIn() ? 1.0 : 0.0;
      InfersightStack stack = InfersightStack.builder(workload).metrics(registry).tracing(otel.sdk(), ratio);
      if (allPillars) {
        stack.logging(ratio).drift(registry);
      }
      logging = allPillars;
      observer = stack.build();
    }

    void stop(String variant) {
      String scrape = registry.scrape();
      observer.close();
      long accepted = async.acceptedCount();
      long dropped = async.droppedCount();
      LogbackPipelines.stop();
      otel.close();
      registry.close();
      Check c = Check.of(name(variant), requests)
          .equal("ml_inference_requests_total", PromText.sum(scrape, "ml_inference_requests_total"), requests);
      if (logging) {
        // Every event the listener logs is either written or counted as dropped.
        if (sampledIn()) {
          c.equal("log_events_accepted+dropped", accepted + dropped, requests);
        } else {
          c.atMost("log_events_accepted+dropped", accepted + dropped, KEPT_SLOW * requests);
        }
        c.equal("log_lines+dropped", sink.writes() + dropped, accepted + dropped).note("log_dropped", dropped);
      }
      finish(c);
    }

    @Override
    boolean keepsSlow() {
      return true;
    }
  }

  /** Infersight with every pillar: metrics, tracing, logging, drift. */
  @State(Scope.Benchmark)
  public static class AllPillars extends Observed {
    @Setup
    public void setUp() {
      start(true);
    }

    @TearDown
    public void tearDown() {
      stop("allPillars");
    }
  }

  /** Infersight with the pillars the two peers have: metrics and tracing. */
  @State(Scope.Benchmark)
  public static class MetricsTracing extends Observed {
    @Setup
    public void setUp() {
      start(false);
    }

    @TearDown
    public void tearDown() {
      stop("metricsTracing");
    }
  }

  @Benchmark
  public Integer observation(Micrometer s) {
    s.requests++;
    return s.peer.handle(s.workload, Workload.CORRELATION_ID);
  }

  @Benchmark
  public Integer otel(Otel s) {
    s.requests++;
    return s.peer.handle(s.workload, Workload.CORRELATION_ID);
  }

  @Benchmark
  public Integer handWritten(Seed s) {
    s.requests++;
    return s.seed.handle(s.workload, Workload.CORRELATION_ID);
  }

  @Benchmark
  public Integer allPillars(AllPillars s) {
    s.requests++;
    return s.workload.serve(s.observer);
  }

  @Benchmark
  public Integer metricsTracing(MetricsTracing s) {
    s.requests++;
    return s.workload.serve(s.observer);
  }
}
