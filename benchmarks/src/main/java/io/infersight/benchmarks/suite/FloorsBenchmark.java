package io.infersight.benchmarks.suite;

import io.prometheus.metrics.core.metrics.Histogram;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 9: the floors every per-request figure of this machine stands on, in the same run: an
 * empty method, five {@code System.nanoTime()} calls (a 4-stage request needs at least five clock
 * reads), a {@code LongAdder} increment (one counter), and a Prometheus client_java classic
 * histogram observe (one duration, without exemplars: micrometer-registry-prometheus leaves the
 * client_java tracer initializer off the class path).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
@State(Scope.Benchmark)
public class FloorsBenchmark {
  private LongAdder adder;
  private Histogram histogram;
  private double value;

  @Setup
  public void setUp() {
    adder = new LongAdder();
    histogram = Histogram.builder().name("floor_duration_seconds").help("floor")
        .classicOnly()
        .classicUpperBounds(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5)
        .withoutExemplars()
        .build();
    value = 0.0042;
  }

  @Benchmark
  public void empty() {
  }

  @Benchmark
  public long fiveNanoTimes() {
    return System.nanoTime() + System.nanoTime() + System.nanoTime() + System.nanoTime()
        + System.nanoTime();
  }

  @Benchmark
  public void longAdderIncrement() {
    adder.increment();
  }

  @Benchmark
  public void clientJavaHistogramObserve() {
    histogram.observe(value);
  }
}
