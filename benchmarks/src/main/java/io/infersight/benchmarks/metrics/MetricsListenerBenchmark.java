package io.infersight.benchmarks.metrics;

import io.infersight.benchmarks.fixtures.InfersightStack;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 3: the metrics listener on a 4-stage inference (an observer with only
 * {@code InfersightMetrics.listener(PrometheusMeterRegistry)}) beside the seed's hand-written
 * Micrometer code (a timer per stage, the request timer and the request counter, each looked up
 * per call with {@code registry.timer(name, tags)}). Goal: at most 0.5x the hand-written time and
 * 0 B/op for the listener (run with {@code -prof gc}; the core's own per-request
 * {@code Inference} is measured by {@code CoreOverheadBenchmark}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class MetricsListenerBenchmark {

  /** The hand-written baseline's registry and code. */
  @State(Scope.Benchmark)
  public static class HandWritten {
    PrometheusMeterRegistry registry;
    SeedHandler seed;
    Workload workload;

    @Setup
    public void setUp() {
      registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      seed = SeedHandler.builder().metrics(registry).build();
      workload = Workload.create(16);
    }

    @TearDown
    public void tearDown() {
      registry.close();
    }
  }

  /** An observer with the metrics listener alone, and one with a no-op listener (the core floor). */
  @State(Scope.Benchmark)
  public static class Observed {
    PrometheusMeterRegistry registry;
    InferenceObserver observer;
    Workload workload;

    @Setup
    public void setUp() {
      registry = InfersightMetrics.prometheusRegistry();
      workload = Workload.create(16);
      observer = InfersightStack.builder(workload).metrics(registry).build();
    }

    @TearDown
    public void tearDown() {
      observer.close();
      registry.close();
    }
  }

  /** The metrics listener on a plain registry: what the exemplar sampler costs is the difference. */
  @State(Scope.Benchmark)
  public static class PlainRegistry {
    PrometheusMeterRegistry registry;
    InferenceObserver observer;
    Workload workload;

    @Setup
    public void setUp() {
      registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      workload = Workload.create(16);
      observer = InfersightStack.builder(workload).metrics(registry).build();
    }

    @TearDown
    public void tearDown() {
      observer.close();
      registry.close();
    }
  }

  /** The core with a no-op listener: what the metrics listener adds is the difference. */
  @State(Scope.Benchmark)
  public static class CoreOnly {
    InferenceObserver observer;
    Workload workload;

    @Setup
    public void setUp() {
      workload = Workload.create(16);
      observer = InfersightStack.builder(workload).listener(InfersightStack.noop()).build();
    }

    @TearDown
    public void tearDown() {
      observer.close();
    }
  }

  /** Baseline: the seed's per-call timer lookups. */
  @Benchmark
  public Integer handWritten(HandWritten s) {
    return s.seed.handle(s.workload, Workload.CORRELATION_ID);
  }

  /** The metrics listener on a 4-stage inference through the observer (core included). */
  @Benchmark
  public Integer metricsListener(Observed s) {
    return s.workload.serve(s.observer);
  }

  /**
   * The metrics listener on {@code new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)}, the
   * registry the baseline uses (no exemplar sampler).
   */
  @Benchmark
  public Integer metricsListenerPlainRegistry(PlainRegistry s) {
    return s.workload.serve(s.observer);
  }

  /** The same inference with a no-op listener: the core's share of {@link #metricsListener}. */
  @Benchmark
  public Integer coreOnly(CoreOnly s) {
    return s.workload.serve(s.observer);
  }
}
