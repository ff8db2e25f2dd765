package io.infersight.core;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The SPI through which each pillar (metrics, logs, traces, drift) hears about inferences. Core
 * calls listeners in registration order on the thread that drives the request; every method has
 * a no-op default, so a listener implements only what it needs.
 *
 * <p>Rules for implementers:
 *
 * <ul>
 *   <li>Be fast and never block: export, flush and recomputation belong on your own thread.
 *   <li>Keep per-request state on the request ({@link InferenceView#setSlot}) with a {@link SlotKey}, not in a map.
 *   <li>Throwing is survivable but costly: core catches it, counts it under {@code
 *       infersight.listener.errors{listener=...}}, logs it once and goes on with the other
 *       listeners; the exception never reaches serving code.
 * </ul>
 *
 * <p>Order of calls for one request: {@link #onStart}, {@link #attach} (on the starting thread),
 * then for each stage {@link #onStageStart} and {@link #onStageEnd}, then at close {@link #onEnd}
 * and {@link #detach} (on the starting thread). When work for the request moves to another thread
 * through {@link InferenceObserver#wrap(java.util.concurrent.Executor)} or {@link Inference#wrap(Runnable)},
 * {@link #attach} and {@link #detach} run around it on that thread.
 *
 * <p>Order of listeners: where one listener reads what another writes (trace IDs, the thread's
 * logging context), each says so in {@link #provides()} and {@link #needs()}, and {@link
 * InferenceObserver.Builder#build()} fails when they were added in an order that breaks it.
 *
 * <pre>{@code
 * final class CountingListener implements InferenceListener {
 *   final LongAdder failures = new LongAdder();
 *   public void onEnd(InferenceView inf) { if (inf.status() == Status.ERROR) failures.increment(); }
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public interface InferenceListener {

  /**
   * What this listener writes for the listeners that {@linkplain #needs() need} it. Read once, by
   * {@link InferenceObserver.Builder#build()}. Default: nothing.
   */
  default Set<ListenerCapability> provides() {
    return Set.of();
  }

  /**
   * What this listener reads from the listeners that {@linkplain #provides() provide} it, when
   * any is added: {@link InferenceObserver.Builder#build()} fails unless each such provider is on
   * the side of this listener that {@link ListenerCapability} says. Default: nothing.
   */
  default Set<ListenerCapability> needs() {
    return Set.of();
  }

  /**
   * Called once when the observer is built, before any request. Resolve meters, read the model,
   * the label policy and the self-metrics here.
   */
  default void onInstall(InferenceObserver observer) {}

  /** A request started. The correlation ID and model are known; no stage ran yet. */
  default void onStart(InferenceView inference) {}

  /**
   * Make the request's thread state current on this thread (MDC, OpenTelemetry context). Returns
   * a token for {@link #detach}, or {@code null} when there is nothing to restore. Called on the
   * starting thread after every {@link #onStart}, and on worker threads around wrapped tasks.
   */
  default @Nullable Object attach(InferenceView inference) {
    return null;
  }

  /** Undo {@link #attach} on this thread, given its token (possibly {@code null}). */
  default void detach(InferenceView inference, @Nullable Object token) {}

  /** A stage (or sub-stage, when {@code subStage} is not null) is about to run. */
  default void onStageStart(InferenceView inference, Stage stage, @Nullable String subStage) {}

  /**
   * A stage ended. Times are from the observer's monotonic clock; {@code error} is what the stage
   * threw, or {@code null}.
   */
  default void onStageEnd(
      InferenceView inference, Stage stage, @Nullable String subStage, long startNanos,
      long durationNanos, @Nullable Throwable error) {}

  /** The request ended: status, error, total and per-stage durations are final. */
  default void onEnd(InferenceView inference) {}

  /**
   * One forward pass ran for several requests ({@link InferenceBatch#forward}). Called once per
   * execution on the thread that ran it, after each member's {@link #onStageEnd} of its forward
   * stage and before any member ends. Members are open, and their own threads wait for the batch:
   * a listener may read them and write their slots here.
   */
  default void onBatch(InferenceBatch batch) {}

  /**
   * The observer is closing: flush what was accepted, within about {@code timeoutMillis}, and stop
   * background threads.
   */
  default void close(long timeoutMillis) {}
}
