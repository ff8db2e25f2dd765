package io.infersight.testing;

import io.infersight.core.Stage;
import org.jspecify.annotations.Nullable;

/**
 * One stage (or sub-stage) execution as a {@link RecordingListener} saw it.
 *
 * @since 0.1.0
 */
public final class RecordedStage {
  private final Stage stage;
  private final @Nullable String subStage;
  private final long durationNanos;
  private final @Nullable Throwable error;

  RecordedStage(Stage stage, @Nullable String subStage, long durationNanos, @Nullable Throwable error) {
    this.stage = stage;
    this.subStage = subStage;
    this.durationNanos = durationNanos;
    this.error = error;
  }

  public Stage stage() {
    return stage;
  }

  /** The sub-stage name, or {@code null} for the stage itself. */
  public @Nullable String subStage() {
    return subStage;
  }

  public long durationNanos() {
    return durationNanos;
  }

  /** What the stage threw, or {@code null}. */
  public @Nullable Throwable error() {
    return error;
  }

  @Override
  public String toString() {
    return stage + (subStage == null ? "" : "/" + subStage) + "=" + durationNanos + "ns"
        + (error == null ? "" : " threw " + error.getClass().getSimpleName());
  }
}
