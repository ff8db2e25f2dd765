package io.infersight.benchmarks.suite;

import io.infersight.benchmarks.fixtures.CountingSink;
import io.infersight.benchmarks.fixtures.InfersightStack;
import io.infersight.benchmarks.fixtures.LogbackPipelines;
import io.infersight.benchmarks.fixtures.OtelSdks;
import io.infersight.benchmarks.fixtures.SeedHandler;
import io.infersight.benchmarks.fixtures.Workload;
import io.infersight.core.InferenceObserver;
import io.infersight.metrics.InfersightMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
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
 * Issue 9: one whole request, Infersight against the seed's hand-written instrumentation, fed
 * identical inputs (same request, feature vectors, model and correlation ID).
 *
 * <p>Hand-written ({@link SeedHandler}, every pillar): four stage timers, the request timer and
 * counter looked up per call on a {@code PrometheusMeterRegistry}; five OpenTelemetry spans with
 * Infersight's attributes (every request sampled, as the seed has no sampler); MDC put/remove of
 * the correlation ID; one {@code inference_complete} event through logback and LogstashEncoder,
 * synchronously as the seed configures it; the score and every feature value into KLL sketches.
 *
 * <p>Infersight (metrics, tracing, logging, drift listeners on one observer), three variants:
 * tracing sampled out and no logging listener; the same with the logging listener and the line
 * sampled out; tracing sampled in with one JSON event on the caller thread (async pipeline). The
 * first variant and the baseline run at 0, 16 and 128 features; 16 is the headline.
 *
 * <p>Both average time (the ratios) and sample time (per-request p50/p99) are recorded.
 */
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class RequestSuiteBenchmark {

  /** Logs the lines per request at tear-down, so a reader can see what each variant wrote. */
  abstract static class Base {
    final CountingSink sink = new CountingSink();
    OtelSdks.Counted otel;
    PrometheusMeterRegistry registry;
    Workload workload;
    long requests;

    void report(String name) {
      System.out.printf("%n[%s] requests=%d log lines=%d spans exported=%d%n", name, requests,
          sink.writes(), otel.exported());
    }
  }

  @State(Scope.Benchmark)
  public static class Seed extends Base {
    @Param({"0", "16", "128"})
    int features;
    SeedHandler seed;

    @Setup
    public void setUp() {
      LogbackPipelines.handWrittenSync(sink);
      otel = OtelSdks.create();
      registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      workload = Workload.create(features);
      seed = SeedHandler.builder().metrics(registry).tracing(otel.sdk().getTracer("seed"))
          .logging().sketches(features).build();
    }

    @TearDown
    public void tearDown() {
      LogbackPipelines.stop();
      otel.close();
      registry.close();
      report("handWritten features=" + features);
    }
  }

  /** An Infersight observer with every pillar. */
  abstract static class Observed extends Base {
    InferenceObserver observer;

    void start(int features, double traceRatio, double logSampleRate) {
      LogbackPipelines.infersight(sink);
      otel = OtelSdks.create();
      registry = InfersightMetrics.prometheusRegistry();
      workload = Workload.create(features);
      InfersightStack stack = InfersightStack.builder(workload).metrics(registry)
          .tracing(otel.sdk(), traceRatio);
      if (logSampleRate >= 0) {
        stack.logging(logSampleRate);
      }
      observer = stack.drift(registry).build();
    }

    void stop(String name) {
      observer.close();
      LogbackPipelines.stop();
      otel.close();
      registry.close();
      report(name);
    }
  }

  @State(Scope.Benchmark)
  public static class SampledOutNoLog extends Observed {
    @Param({"0", "16", "128"})
    int features;

    @Setup
    public void setUp() {
      start(features, 0.0, -1);
    }

    @TearDown
    public void tearDown() {
      stop("sampledOutNoLog features=" + features);
    }
  }

  @State(Scope.Benchmark)
  public static class SampledOutLogSampledOut extends Observed {
    @Setup
    public void setUp() {
      start(16, 0.0, 0.0);
    }

    @TearDown
    public void tearDown() {
      stop("sampledOutLogSampledOut");
    }
  }

  @State(Scope.Benchmark)
  public static class SampledInOneEvent extends Observed {
    @Setup
    public void setUp() {
      start(16, 1.0, 1.0);
    }

    @TearDown
    public void tearDown() {
      stop("sampledInOneEvent");
    }
  }

  /** Baseline: the seed's hand-written per-request instrumentation. */
  @Benchmark
  public Integer handWritten(Seed s) {
    s.requests++;
    return s.seed.handle(s.workload, Workload.CORRELATION_ID);
  }

  /** All listeners, tracing sampled out, no logging listener. */
  @Benchmark
  public Integer sampledOutNoLog(SampledOutNoLog s) {
    s.requests++;
    return s.workload.serve(s.observer);
  }

  /** All listeners, tracing sampled out, the log line sampled out. */
  @Benchmark
  public Integer sampledOutLogSampledOut(SampledOutLogSampledOut s) {
    s.requests++;
    return s.workload.serve(s.observer);
  }

  /** All listeners, tracing sampled in, one JSON event. */
  @Benchmark
  public Integer sampledInOneEvent(SampledInOneEvent s) {
    s.requests++;
    return s.workload.serve(s.observer);
  }
}
