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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 7 and issue 19: the streaming drift update per feature value, at 16, 128 and 1,024
 * features per request. One invocation feeds {@value #VALUES} feature values (1,024 / features
 * requests from a rotation of 256 vectors drawn like the reference) and reports the time per
 * value: the drift monitor's {@code onEnd} (bin lookup over the reference edges, one plain
 * increment per value in a stripe claimed once per request, wide vectors sampled per docs/drift.md;
 * the request count and the score are amortised in), beside a DataSketches KLL sketch per feature
 * and a plain {@code double[]} append. Goal: at most 10 ns and 0 B/op per value at every width,
 * at least 2.5x faster than KLL.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
@OperationsPerInvocation(DriftUpdateBenchmark.VALUES)
@State(Scope.Benchmark)
public class DriftUpdateBenchmark {
  /** Feature values per invocation, whatever the width: every width reports ns per value. */
  static final int VALUES = 1024;
  private static final int APPEND_CAPACITY = 1 << 16;

  /** Feature values per request. */
  @Param({"16", "128", "1024"})
  public int features;

  /** Closed inferences carrying each vector of the rotation, replayed into the monitor. */
  @State(Scope.Benchmark)
  public static class Monitor {
    InferenceObserver observer;
    InferenceListener monitor;
    Inference[] requests;
    int perInvocation;
    int next;

    @Setup
    public void setUp(DriftUpdateBenchmark b) {
      Workload w = Workload.create(b.features);
      perInvocation = VALUES / b.features;
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
    int perInvocation;

    @Setup
    public void setUp(DriftUpdateBenchmark b) {
      workload = Workload.create(b.features);
      perInvocation = VALUES / b.features;
      sketches = new KllDoublesSketch[b.features];
      for (int i = 0; i < b.features; i++) {
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
    int perInvocation;

    @Setup
    public void setUp(DriftUpdateBenchmark b) {
      workload = Workload.create(b.features);
      perInvocation = VALUES / b.features;
      buffer = new double[APPEND_CAPACITY];
    }
  }

  @Benchmark
  public void infersightDrift(Monitor s) {
    for (int r = 0; r < s.perInvocation; r++) {
      int k = s.next;
      s.next = (k + 1) & (Workload.VECTORS - 1);
      s.monitor.onEnd(s.requests[k]);
    }
  }

  @Benchmark
  public void kllUpdate(Kll s) {
    KllDoublesSketch[] sk = s.sketches;
    for (int r = 0; r < s.perInvocation; r++) {
      double[] f = s.workload.nextVector();
      for (int i = 0; i < f.length; i++) {
        sk[i].update(f[i]);
      }
    }
  }

  @Benchmark
  public void arrayAppend(Append s) {
    double[] buf = s.buffer;
    int p = s.position;
    for (int r = 0; r < s.perInvocation; r++) {
      double[] f = s.workload.nextVector();
      for (int i = 0; i < f.length; i++) {
        buf[p] = f[i];
        p = (p + 1) & (APPEND_CAPACITY - 1);
      }
    }
    s.position = p;
  }
}
