package io.infersight.tracing;

import io.infersight.core.Inference;
import io.infersight.core.InferenceObserver;
import io.infersight.core.Stage;

/**
 * A process configured only by the OTEL_* variables its parent sets: one healthy request and one
 * failed one, through an {@link InfersightTracing#sdkBuilder()} with nothing but the model set.
 * Prints the listener's head-sampling ratio; closing the observer flushes the export.
 */
public final class EnvConfiguredApp {
  private EnvConfiguredApp() {}

  public static void main(String[] args) {
    InfersightTracing tracing = InfersightTracing.sdkBuilder().model("fraud-detector", "2.1.0").build();
    try (InferenceObserver observer = InferenceObserver.builder().model("fraud-detector", "2.1.0")
        .addListener(tracing.listener()).build()) {
      try (Inference inf = observer.start("env-healthy")) {
        inf.stage(Stage.FORWARD, () -> { });
      }
      try (Inference inf = observer.start("env-failed")) {
        inf.fail(new IllegalStateException("feature store timeout"));
      }
      System.out.println("samplingRatio=" + tracing.listener().samplingRatio());
    }
  }
}
