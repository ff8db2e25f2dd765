package io.infersight.benchmarks.tracing;

import static io.infersight.tracing.InferenceSpans.BATCH_SIZE;
import static io.infersight.tracing.InferenceSpans.CACHE_HIT;
import static io.infersight.tracing.InferenceSpans.CORRELATION_ID;
import static io.infersight.tracing.InferenceSpans.FEATURE_AGE_MS;
import static io.infersight.tracing.InferenceSpans.MODEL_NAME;
import static io.infersight.tracing.InferenceSpans.MODEL_VERSION;
import static io.infersight.tracing.InferenceSpans.STAGE;
import static io.infersight.tracing.InferenceSpans.TOP_SCORE;
import static java.util.concurrent.TimeUnit.NANOSECONDS;

import io.infersight.benchmarks.fixtures.InfersightStack;
import io.infersight.benchmarks.fixtures.OtelSdks;
import io.infersight.benchmarks.fixtures.SeedHandler;
import io.infersight.benchmarks.fixtures.Workload;
import io.infersight.core.InferenceObserver;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
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
 * Issue 5: the tracing listener on a 4-stage inference. Not sampled (ratio 0, errors and slow
 * requests still kept after the fact, the defaults): goal at most 50 ns and 0 B/op over the core
 * with a no-op listener. Sampled (ratio 1): goal at most 0.7x a hand-written equivalent that
 * creates the same 5 spans with the same attributes. Both use the same SDK: always-on sampler,
 * BatchSpanProcessor, an exporter that sends nothing. {@link #sdkFloor} is what 5 spans cost in
 * that SDK with nothing else: no attributes, no scope, no request.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class TracingBenchmark {

  /** An observer with the tracing listener at {@code ratio}. */
  abstract static class Traced {
    final Workload workload = Workload.create(16);
    OtelSdks.Counted otel;
    InferenceObserver observer;

    void start(double ratio) {
      otel = OtelSdks.create();
      observer = InfersightStack.builder(workload).tracing(otel.sdk(), ratio).build();
    }

    @TearDown
    public void tearDown() {
      observer.close();
      otel.close();
    }
  }

  @State(Scope.Benchmark)
  public static class NotSampled extends Traced {
    @Setup
    public void setUp() {
      start(0.0);
    }
  }

  @State(Scope.Benchmark)
  public static class Sampled extends Traced {
    @Setup
    public void setUp() {
      start(1.0);
    }
  }

  @State(Scope.Benchmark)
  public static class CoreOnly {
    final Workload workload = Workload.create(16);
    InferenceObserver observer;

    @Setup
    public void setUp() {
      observer = InfersightStack.builder(workload).listener(InfersightStack.noop()).build();
    }

    @TearDown
    public void tearDown() {
      observer.close();
    }
  }

  @State(Scope.Benchmark)
  public static class HandWritten {
    final Workload workload = Workload.create(16);
    OtelSdks.Counted otel;
    SeedHandler seed;

    @Setup
    public void setUp() {
      otel = OtelSdks.create();
      seed = SeedHandler.builder().tracing(otel.sdk().getTracer("seed")).build();
    }

    @TearDown
    public void tearDown() {
      otel.close();
    }
  }

  @State(Scope.Benchmark)
  public static class BareSdk {
    OtelSdks.Counted otel;
    Tracer tracer;
    final long epochNanos = System.currentTimeMillis() * 1_000_000L;
    double score = 0.93;

    @Setup
    public void setUp() {
      otel = OtelSdks.create();
      tracer = otel.sdk().getTracer("floor");
    }

    @TearDown
    public void tearDown() {
      otel.close();
    }
  }

  /**
   * Floor of {@link #sampled}: the same 5 spans with the same attributes in the same SDK, and
   * nothing else (no request, no scope, no context slot), at explicit timestamps so the SDK reads
   * no clock: the least any instrumentation pays for this span tree here.
   */
  @Benchmark
  public Span sdkFloor(BareSdk s) {
    long t = s.epochNanos;
    Span root = s.tracer.spanBuilder("ml.inference").setStartTimestamp(t, NANOSECONDS)
        .setAttribute(MODEL_NAME, Workload.MODEL)
        .setAttribute(MODEL_VERSION, Workload.VERSION)
        .setAttribute(CORRELATION_ID, Workload.CORRELATION_ID)
        .startSpan();
    Context parent = Context.root().with(root);
    stage(s, "ml.preprocess", "preprocess", parent, t).startSpan().end(t + 1_000, NANOSECONDS);
    stage(s, "feature_store.get", "features", parent, t + 1_000)
        .setAttribute(CACHE_HIT, true)
        .setAttribute(FEATURE_AGE_MS, 1_500.0)
        .startSpan().end(t + 2_000, NANOSECONDS);
    stage(s, "model.forward", "forward", parent, t + 2_000)
        .setAttribute(BATCH_SIZE, 1L)
        .setAttribute(TOP_SCORE, s.score)
        .startSpan().end(t + 3_000, NANOSECONDS);
    stage(s, "ml.postprocess", "postprocess", parent, t + 3_000).startSpan().end(t + 4_000, NANOSECONDS);
    root.setAttribute(BATCH_SIZE, 1L).setAttribute(CACHE_HIT, true).setAttribute(TOP_SCORE, s.score);
    root.end(t + 4_000, NANOSECONDS);
    return root;
  }

  private static SpanBuilder stage(BareSdk s, String name, String stage, Context parent, long start) {
    return s.tracer.spanBuilder(name).setParent(parent).setStartTimestamp(start, NANOSECONDS)
        .setAttribute(STAGE, stage);
  }

  /** Floor of {@link #notSampled}: the core with a no-op listener. */
  @Benchmark
  public Integer coreOnly(CoreOnly s) {
    return s.workload.serve(s.observer);
  }

  @Benchmark
  public Integer notSampled(NotSampled s) {
    return s.workload.serve(s.observer);
  }

  @Benchmark
  public Integer sampled(Sampled s) {
    return s.workload.serve(s.observer);
  }

  /** Baseline of {@link #sampled}: the same 5 spans and attributes written by hand. */
  @Benchmark
  public Integer handWritten(HandWritten s) {
    return s.seed.handle(s.workload, Workload.CORRELATION_ID);
  }
}
