package io.infersight.examples.quickstart;

import io.infersight.core.Inference;
import io.infersight.core.InferenceView;
import io.infersight.core.InferenceListener;
import io.infersight.core.InferenceObserver;
import io.infersight.core.InferencePipeline;
import io.infersight.core.Stage;
import java.time.Duration;
import java.util.Random;

/**
 * The smallest real use of the observer: a logistic-regression scorer served through the scope
 * style and the one-call pipeline, with a listener that prints what was recorded.
 *
 * <p>Run: {@code java -cp examples/target/classes:sdk-core/target/classes
 * io.infersight.examples.quickstart.Quickstart}
 */
public final class Quickstart {
  private static final double[] WEIGHTS = {2.1, -0.8, 1.4};
  private static final double BIAS = -1.2;

  private Quickstart() {}

  /** Prints one line per finished request. */
  static final class PrintingListener implements InferenceListener {
    @Override
    public void onEnd(InferenceView inf) {
      System.out.printf("%s %-7s total=%5.2fms features=%5.2fms forward=%5.2fms cache_hit=%s score=%.3f%n",
          inf.correlationId(), inf.status(), inf.durationNanos() / 1e6,
          inf.stageNanos(Stage.FEATURES) / 1e6, inf.stageNanos(Stage.FORWARD) / 1e6,
          inf.cacheHitKnown() ? inf.cacheHit() : "?", inf.scores() == null ? Double.NaN : inf.scores()[0]);
    }
  }

  static double score(double[] x) {
    double z = BIAS;
    for (int i = 0; i < x.length; i++) {
      z += WEIGHTS[i] * x[i];
    }
    return 1 / (1 + Math.exp(-z));
  }

  public static void main(String[] args) {
    Random random = new Random(1);
    try (InferenceObserver observer = InferenceObserver.builder()
        .model("fraud-detector", "2.1.0")
        .featureSchema("amount_z", "account_age_z", "merchant_risk")
        .slowThreshold(Duration.ofMillis(50))
        .addListener(new PrintingListener())
        .build()) {

      // Scope style.
      for (int i = 0; i < 3; i++) {
        try (Inference inf = observer.start("scope-" + i)) {
          double amount = inf.stage(Stage.PREPROCESS, () -> random.nextGaussian());
          double[] x = inf.stage(Stage.FEATURES, () -> new double[] {amount, random.nextGaussian(), random.nextDouble()});
          inf.cacheHit(random.nextDouble() < 0.9).featureAge(Duration.ofSeconds(30)).features(x);
          double s = inf.stage(Stage.FORWARD, () -> score(x));
          inf.scores(s).batchSize(1);
          inf.stage(Stage.POSTPROCESS, () -> s > 0.5 ? "decline" : "approve");
        }
      }

      // One-call style.
      InferencePipeline<Double, String> pipeline = InferencePipeline.<Double>builder()
          .preprocess(amount -> amount / 100.0)
          .features((Double z, Inference inf) -> {
            inf.cacheHit(true);
            return new double[] {z, 0.3, 0.1};
          })
          .forward((double[] x, Inference inf) -> {
            double s = score(x);
            inf.scores(s);
            return s;
          })
          .postprocess(s -> s > 0.5 ? "decline" : "approve")
          .build();
      for (int i = 0; i < 3; i++) {
        String decision = observer.run(pipeline, 50.0 + 100 * i, "pipeline-" + i);
        System.out.println("  -> " + decision);
      }
    }
  }
}
