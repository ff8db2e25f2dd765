package io.infersight.core;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a listener sees of one request: its identity, timings, outcome and what serving code
 * handed over, plus the slots and trace IDs that listeners fill for each other. It has no method
 * that records a stage, fails or closes the request: only the serving code's {@link Inference}
 * does that.
 *
 * <pre>{@code
 * public void onEnd(InferenceView inf) {
 *   if (inf.status() == Status.ERROR) failures.increment();
 * }
 * }</pre>
 *
 * <p>The view is the request's own object, not a copy, so reading it allocates nothing; values are
 * final once {@link #isClosed()} is true (in {@code onEnd} and after). Arrays and maps are
 * returned as handed over: read them, never modify them. Nor cast the view back to {@link
 * Inference}: recording, failing and closing belong to the serving code (the core does not
 * enforce this, as that would cost an object or a check per request; docs/architecture.md).
 *
 * @since 0.2.0
 */
public interface InferenceView {

  /** The observer that started this request, or {@code null} for the no-op inference. */
  @Nullable InferenceObserver observer();

  /** The served model. */
  ModelId model();

  /** The correlation ID: the caller's (when valid) or a generated one. */
  String correlationId();

  /** Whether the request has ended. */
  boolean isClosed();

  /**
   * {@link Status#RUNNING} until closed, then {@link Status#SUCCESS}, {@link Status#ERROR} or
   * {@link Status#REJECTED}.
   */
  Status status();

  /** The recorded error (for a rejected request: the reason), or {@code null}. */
  @Nullable Throwable error();

  /** The fully qualified class name of the recorded error, or {@code null}. */
  @Nullable String errorType();

  /** Start time on the observer's monotonic clock. */
  long startNanos();

  /** End time on the observer's monotonic clock, or 0 while running. */
  long endNanos();

  /** Total duration in nanoseconds, or the time so far while running. */
  long durationNanos();

  /** Start time as wall-clock epoch nanoseconds. */
  long startEpochNanos();

  /** Whether the request took longer than the observer's slow threshold. */
  boolean isSlow();

  /**
   * Why a pillar that samples keeps this request's record, from its outcome: {@link
   * KeepReason#ERROR} when it failed, else {@link KeepReason#SLOW} when it was slow, else {@link
   * KeepReason#TRACE} when its trace is exported; {@code null} when only a pillar's own random
   * draw ({@link KeepReason#RATE}) can keep it. Final in {@code onEnd}.
   */
  default @Nullable KeepReason keepReason() {
    if (status() == Status.ERROR) {
      return KeepReason.ERROR;
    }
    if (isSlow()) {
      return KeepReason.SLOW;
    }
    return traceSampled() ? KeepReason.TRACE : null;
  }

  /** Whether {@code stage} ran (as a top-level stage, at least once). */
  boolean ran(Stage stage);

  /** Total time spent in {@code stage}, or -1 when it did not run. */
  long stageNanos(Stage stage);

  /** Whether serving code said whether the features came from the cache. */
  boolean cacheHitKnown();

  /** The cache hit flag; meaningful when {@link #cacheHitKnown()}. */
  boolean cacheHit();

  /** Feature age in nanoseconds, or -1 when unknown. */
  long featureAgeNanos();

  /** Batch size, or -1 when unknown. */
  int batchSize();

  /**
   * Scores as handed over (not copied), or {@code null} when none. After a single score this
   * allocates a one-element array per call: listeners on the request path read {@link
   * #scoreCount()} and {@link #score(int)} instead.
   */
  double @Nullable [] scores();

  /** How many scores were handed over, or -1 when none was. */
  int scoreCount();

  /**
   * The score at {@code index}, for {@code 0 <= index < scoreCount()}, without allocating.
   *
   * @throws IndexOutOfBoundsException when {@code index} is outside {@code [0, scoreCount())}
   */
  double score(int index);

  /** Feature values by the observer's schema (not copied), or {@code null}. */
  double @Nullable [] featureValues();

  /** Features by name (not copied), or {@code null}. */
  @Nullable Map<String, ?> featureMap();

  /** The observer's feature schema, for reading {@link #featureValues()}. */
  FeatureSchema featureSchema();

  /** The W3C trace ID (32 hex digits), or {@code null} when not traced. */
  @Nullable String traceId();

  /** The root span ID (16 hex digits), or {@code null} when not traced. */
  @Nullable String spanId();

  /**
   * Whether the trace is exported: sampled at its head, or kept after the fact (set by the tracing
   * listener's {@code onEnd}, so listeners after it see it).
   */
  boolean traceSampled();

  /**
   * Sets the trace identity of this request (the tracing listener does this in {@code onStart},
   * and again in {@code onEnd} when the request's trace is kept after the fact or not exported).
   * {@code null} IDs clear it.
   */
  void setTrace(@Nullable String traceId, @Nullable String spanId, boolean sampled);

  /**
   * Sets the trace identity as bits (the W3C trace ID's high and low 64 bits, the root span ID);
   * the hex strings are formatted only when {@link #traceId()} or {@link #spanId()} is first read.
   */
  void setTrace(long traceIdHigh, long traceIdLow, long spanId, boolean sampled);

  /** Whether trace IDs are set, without formatting them. */
  boolean hasTrace();

  /**
   * The batch whose forward pass ran this request's {@link Stage#FORWARD} stage, or {@code null}
   * when the request was not batched.
   */
  @Nullable InferenceBatch batch();

  /** The request's token generation, or {@code null} when it generates nothing. */
  @Nullable Generation generation();

  /** The value a listener stored under {@code key}, or {@code null}. */
  <T> @Nullable T slot(SlotKey<T> key);

  /** Stores per-request listener state under {@code key}. */
  <T> void setSlot(SlotKey<T> key, @Nullable T value);
}
