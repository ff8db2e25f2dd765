package io.infersight.benchmarks.core;

import io.infersight.core.Inference;
import io.infersight.core.InferenceListener;
import io.infersight.core.InferenceObserver;
import io.infersight.core.InferencePipeline;
import io.infersight.core.Stage;
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
 * The cost of the core itself: a 4-stage inference through the observer with one no-op listener,
 * beside the same four calls made bare (the baseline). Goal (issue 2): at most 100 ns over the
 * baseline and at most 64 B/op (run with {@code -prof gc}). The same request through {@link
 * InferenceObserver#noop()} is what serving code pays when nothing is configured: 0 B/op.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
@State(Scope.Benchmark)
public class CoreOverheadBenchmark {

  /** A listener that does nothing: what remains is the core's own cost. */
  static final class NoopListener implements InferenceListener {}

  private InferenceObserver observer;
  private final InferenceObserver noop = InferenceObserver.noop();
  private InferencePipeline<double[], Integer> pipeline;
  private double[] request;

  @Setup
  public void setUp() {
    observer = InferenceObserver.builder().model("fraud-detector", "2.1.0")
        .addListener(new NoopListener()).build();
    pipeline = InferencePipeline.<double[]>builder()
        .preprocess(CoreOverheadBenchmark::preprocess)
        .features(CoreOverheadBenchmark::features)
        .forward(CoreOverheadBenchmark::forward)
        .postprocess(CoreOverheadBenchmark::postprocess)
        .build();
    request = new double[] {0.3, 1.7, -0.4, 2.2};
  }

  @TearDown
  public void tearDown() {
    observer.close();
  }

  static double preprocess(double[] x) {
    return (x[0] + x[1] + x[2] + x[3]) * 0.25;
  }

  static double[] features(double z) {
    return FEATURES;
  }

  private static final double[] FEATURES = {0.1, 0.2, 0.3};

  static double forward(double[] f) {
    return 1 / (1 + Math.exp(-(f[0] * 0.7 + f[1] * 0.2 - f[2])));
  }

  static Integer postprocess(double score) {
    return score > 0.5 ? 1 : 0;
  }

  /** Baseline: the same four calls with no observer. */
  @Benchmark
  public Integer bare() {
    double z = preprocess(request);
    double[] f = features(z);
    double s = forward(f);
    return postprocess(s);
  }

  /** The one-call pipeline through the observer. */
  @Benchmark
  public Integer observedPipeline() {
    return observer.run(pipeline, request);
  }

  /** The scope style through the observer, with the lambdas a user would write. */
  @Benchmark
  public Integer observedScope() {
    try (Inference inf = observer.start()) {
      double[] x = request;
      double z = inf.stage(Stage.PREPROCESS, () -> preprocess(x));
      double[] f = inf.stage(Stage.FEATURES, () -> features(z));
      double s = inf.stage(Stage.FORWARD, () -> forward(f));
      return inf.stage(Stage.POSTPROCESS, () -> postprocess(s));
    }
  }

  /** The one-call pipeline through the no-op observer. */
  @Benchmark
  public Integer noopPipeline() {
    return noop.run(pipeline, request);
  }

  /** The scope style through the no-op observer. */
  @Benchmark
  public Integer noopScope() {
    try (Inference inf = noop.start()) {
      double[] x = request;
      double z = inf.stage(Stage.PREPROCESS, () -> preprocess(x));
      double[] f = inf.stage(Stage.FEATURES, () -> features(z));
      double s = inf.stage(Stage.FORWARD, () -> forward(f));
      return inf.stage(Stage.POSTPROCESS, () -> postprocess(s));
    }
  }
}
