package io.infersight.core;

/**
 * The stages of an inference request, in the order they normally run.
 *
 * <pre>{@code
 * Features f = inf.stage(Stage.FEATURES, () -> store.get(userId));
 * }</pre>
 *
 * <p>Each stage has a stable lower-case {@link #label()} used as a metric label value, and a span
 * name used by the tracing module.
 *
 * @since 0.1.0
 */
public enum Stage {
  /**
   * Waiting in a queue (a batcher's, an executor's) before the request's work begins. Recorded
   * from an enqueue time ({@link InferenceObserver#start(String, long)}) or a measured wait
   * ({@link Inference#recordStage(Stage, java.time.Duration)}); it ends where the request starts,
   * so it is not part of the request's own duration.
   */
  QUEUE("queue", "ml.queue"),
  /** Turning the request into model input. */
  PREPROCESS("preprocess", "ml.preprocess"),
  /** Retrieving features, typically from a feature store behind a cache. */
  FEATURES("features", "feature_store.get"),
  /** The model's forward pass. */
  FORWARD("forward", "model.forward"),
  /** Turning model output into a response (ranking, thresholds, formatting). */
  POSTPROCESS("postprocess", "ml.postprocess");

  private static final Stage[] VALUES = values();

  private final String label;
  private final String spanName;

  Stage(String label, String spanName) {
    this.label = label;
    this.spanName = spanName;
  }

  /** The metric label value, for example {@code "forward"}. */
  public String label() {
    return label;
  }

  /** The span name the tracing module gives this stage, for example {@code "model.forward"}. */
  public String spanName() {
    return spanName;
  }

  /** All stages without the defensive copy of {@link #values()}; do not modify. */
  static Stage[] cached() {
    return VALUES;
  }
}
