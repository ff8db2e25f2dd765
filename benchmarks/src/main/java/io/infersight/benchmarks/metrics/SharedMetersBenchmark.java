package io.infersight.benchmarks.metrics;

import io.infersight.benchmarks.fixtures.InfersightStack;
import io.infersight.benchmarks.fixtures.Workload;
import io.infersight.core.InferenceObserver;
import io.infersight.metrics.InfersightMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issues 3 and 9: throughput of the metrics listener with one and with two request threads on
 * the same observer, hence the same meters (one registry, one label combination). Goal: two
 * threads reach at least 1.8x the throughput of one. Each thread has its own workload (its own
 * feature rotation); the observer and its meters are shared.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class SharedMetersBenchmark {

  /** One observer with the metrics listener, shared by every benchmark thread. */
  @State(Scope.Benchmark)
  public static class Shared {
    PrometheusMeterRegistry registry;
    InferenceObserver observer;

    @Setup
    public void setUp() {
      registry = InfersightMetrics.prometheusRegistry();
      observer = InfersightStack.builder(Workload.create(16)).metrics(registry).build();
    }

    @TearDown
    public void tearDown() {
      observer.close();
      registry.close();
    }
  }

  /** Per-thread request data. */
  @State(Scope.Thread)
  public static class PerThread {
    Workload workload;

    @Setup
    public void setUp() {
      workload = Workload.create(16);
    }
  }

  @Benchmark
  @Threads(1)
  public Integer oneThread(Shared s, PerThread t) {
    return s.observer.run(t.workload.pipeline(), t.workload.request(), Workload.CORRELATION_ID);
  }

  @Benchmark
  @Threads(2)
  public Integer twoThreads(Shared s, PerThread t) {
    return s.observer.run(t.workload.pipeline(), t.workload.request(), Workload.CORRELATION_ID);
  }
}
