package io.infersight.testing;

import io.infersight.core.InferenceView;
import io.infersight.core.ModelId;
import io.infersight.core.Stage;
import io.infersight.core.Status;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An immutable snapshot of one finished {@link Inference}, taken by {@link RecordingListener} at
 * close, so assertions do not depend on what serving code did with the live object afterwards.
 *
 * @since 0.1.0
 */
public final class RecordedInference {
  private final ModelId model;
  private final String correlationId;
  private final Status status;
  private final @Nullable Throwable error;
  private final long durationNanos;
  private final long[] stageNanos = new long[Stage.values().length];
  private final List<RecordedStage> stages;
  private final int cacheHit;
  private final long featureAgeNanos;
  private final int batchSize;
  private final double @Nullable [] scores;
  private final @Nullable String traceId;
  private final @Nullable String spanId;
  private final boolean slow;
  private final String threadName;
  private final int executionSize;
  private final @Nullable RecordedGeneration generation;

  RecordedInference(InferenceView inf, List<RecordedStage> stages, String threadName) {
    this.model = inf.model();
    this.correlationId = inf.correlationId();
    this.status = inf.status();
    this.error = inf.error();
    this.durationNanos = inf.durationNanos();
    for (Stage s : Stage.values()) {
      stageNanos[s.ordinal()] = inf.stageNanos(s);
    }
    this.stages = Collections.unmodifiableList(stages);
    this.cacheHit = inf.cacheHitKnown() ? (inf.cacheHit() ? 1 : 0) : -1;
    this.featureAgeNanos = inf.featureAgeNanos();
    this.batchSize = inf.batchSize();
    this.scores = copyScores(inf);
    this.traceId = inf.traceId();
    this.spanId = inf.spanId();
    this.slow = inf.isSlow();
    this.threadName = threadName;
    this.executionSize = inf.batch() == null ? -1 : inf.batch().size();
    this.generation = inf.generation() == null ? null : RecordedGeneration.of(inf.generation());
  }

  public ModelId model() {
    return model;
  }

  public String correlationId() {
    return correlationId;
  }

  public Status status() {
    return status;
  }

  public @Nullable Throwable error() {
    return error;
  }

  public long durationNanos() {
    return durationNanos;
  }

  /** Total nanoseconds in {@code stage}, or -1 when it did not run. */
  public long stageNanos(Stage stage) {
    return stageNanos[stage.ordinal()];
  }

  /** Every stage and sub-stage execution, in the order they ended. */
  public List<RecordedStage> stages() {
    return stages;
  }

  /** {@code null} when serving code did not say. */
  public @Nullable Boolean cacheHit() {
    return cacheHit < 0 ? null : cacheHit == 1;
  }

  public long featureAgeNanos() {
    return featureAgeNanos;
  }

  public int batchSize() {
    return batchSize;
  }

  /** A copy of the scores, or {@code null}. */
  public double @Nullable [] scores() {
    return scores == null ? null : scores.clone();
  }

  public @Nullable String traceId() {
    return traceId;
  }

  public @Nullable String spanId() {
    return spanId;
  }

  public boolean slow() {
    return slow;
  }

  /**
   * The member count of the batch whose forward pass ran this request's forward stage, or -1 when
   * the request was not batched.
   */
  public int executionSize() {
    return executionSize;
  }

  /** The request's token generation, or {@code null} when it generated nothing. */
  public @Nullable RecordedGeneration generation() {
    return generation;
  }

  /** The thread that closed the inference. */
  public String threadName() {
    return threadName;
  }

  @Override
  public String toString() {
    return "RecordedInference{model=" + model + ", correlationId=" + correlationId + ", status="
        + status + ", durationNanos=" + durationNanos + ", stages=" + stages + "}";
  }

  private static double @Nullable [] copyScores(InferenceView inf) {
    int n = inf.scoreCount();
    if (n < 0) {
      return null;
    }
    double[] copy = new double[n];
    for (int i = 0; i < n; i++) {
      copy[i] = inf.score(i);
    }
    return copy;
  }
}
