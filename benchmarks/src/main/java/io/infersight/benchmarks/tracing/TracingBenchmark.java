package io.infersight.benchmarks.tracing;

import io.infersight.benchmarks.fixtures.InfersightStack;
import io.infersight.benchmarks.fixtures.OtelSdks;
import io.infersight.benchmarks.fixtures.SeedHandler;
import io.infersight.benchmarks.fixtures.Workload;
import io.infersight.core.InferenceObserver;
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
 * BatchSpanProcessor, an exporter that sends nothing.
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

  /** Floor of {@link #notSampled}: the core with a no-op listener. */
  @Benchmark
  public Integer coreOnly(CoreOnly s) {
    return s.observer.run(s.workload.pipeline(), s.workload.request(), Workload.CORRELATION_ID);
  }

  @Benchmark
  public Integer notSampled(NotSampled s) {
    return s.observer.run(s.workload.pipeline(), s.workload.request(), Workload.CORRELATION_ID);
  }

  @Benchmark
  public Integer sampled(Sampled s) {
    return s.observer.run(s.workload.pipeline(), s.workload.request(), Workload.CORRELATION_ID);
  }

  /** Baseline of {@link #sampled}: the same 5 spans and attributes written by hand. */
  @Benchmark
  public Integer handWritten(HandWritten s) {
    return s.seed.handle(s.workload, Workload.CORRELATION_ID);
  }
}
