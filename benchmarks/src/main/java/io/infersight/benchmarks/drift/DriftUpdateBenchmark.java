package io.infersight.benchmarks.drift;

import io.infersight.benchmarks.fixtures.InfersightStack;
import io.infersight.benchmarks.fixtures.Workload;
import io.infersight.core.Inference;
import io.infersight.core.InferenceListener;
import io.infersight.core.InferenceObserver;
import io.infersight.drift.FeatureDriftMonitor;
import io.infersight.drift.InfersightDrift;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 7: the streaming drift update per feature value. One invocation feeds one request of
 * {@value #FEATURES} feature values (a rotation of 256 vectors drawn like the reference) and
 * reports the time per value: the drift monitor's {@code onEnd} (bin lookup over the reference
 * edges, one plain increment per value in a stripe claimed once per request; the request count
 * and the score are amortised in), beside
 * a DataSketches KLL sketch per feature and a plain {@code double[]} append. Goal: at most 10 ns
 * and 0 B/op per value, at least 2.5x faster than KLL.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
@OperationsPerInvocation(DriftUpdateBenchmark.FEATURES)
public class DriftUpdateBenchmark {
  static final int FEATURES = 128;
  private static final int APPEND_CAPACITY = 1 << 16;

  /** Closed inferences carrying each vector of the rotation, replayed into the monitor. */
  @State(Scope.Benchmark)
  public static class Monitor {
    InferenceObserver observer;
    InferenceListener monitor;
    Inference[] requests;
    int next;

    @Setup
    public void setUp() {
      Workload w = Workload.create(FEATURES);
      FeatureDriftMonitor drift = InfersightDrift.listener(InfersightStack.profile(w),
          new SimpleMeterRegistry());
      monitor = drift;
      observer = InfersightStack.builder(w).listener(drift).build();
      requests = new Inference[Workload.VECTORS];
      for (int i = 0; i < requests.length; i++) {
        Inference inf = observer.start();
        double[] f = w.nextVector();
        inf.features(f).scores(w.forward(f).clone());
        inf.close();
        requests[i] = inf;
      }
    }

    @TearDown
    public void tearDown() {
      observer.close();
    }
  }

  /** One KLL sketch per feature, fed the same vectors. */
  @State(Scope.Benchmark)
  public static class Kll {
    KllDoublesSketch[] sketches;
    Workload workload;

    @Setup
    public void setUp() {
      workload = Workload.create(FEATURES);
      sketches = new KllDoublesSketch[FEATURES];
      for (int i = 0; i < FEATURES; i++) {
        sketches[i] = KllDoublesSketch.newHeapInstance();
      }
    }
  }

  /** A plain ring of raw values, fed the same vectors. */
  @State(Scope.Benchmark)
  public static class Append {
    double[] buffer;
    int position;
    Workload workload;

    @Setup
    public void setUp() {
      workload = Workload.create(FEATURES);
      buffer = new double[APPEND_CAPACITY];
    }
  }

  @Benchmark
  public void infersightDrift(Monitor s) {
    int k = s.next;
    s.next = (k + 1) & (Workload.VECTORS - 1);
    s.monitor.onEnd(s.requests[k]);
  }

  @Benchmark
  public void kllUpdate(Kll s) {
    double[] f = s.workload.nextVector();
    KllDoublesSketch[] sk = s.sketches;
    for (int i = 0; i < FEATURES; i++) {
      sk[i].update(f[i]);
    }
  }

  @Benchmark
  public void arrayAppend(Append s) {
    double[] f = s.workload.nextVector();
    double[] buf = s.buffer;
    int p = s.position;
    for (int i = 0; i < FEATURES; i++) {
      buf[p] = f[i];
      p = (p + 1) & (APPEND_CAPACITY - 1);
    }
    s.position = p;
  }
}
