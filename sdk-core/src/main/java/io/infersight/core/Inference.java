package io.infersight.core;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One inference request: the scope that times its stages, carries what serving code learns along
 * the way (cache hit, feature age, features, scores, batch size), and on {@link #close()} hands the
 * outcome to every listener.
 *
 * <pre>{@code
 * try (Inference inf = observer.start(correlationId)) {
 *   Tensor x = inf.stage(Stage.PREPROCESS, () -> preprocess(req));
 *   Features f = inf.stage(Stage.FEATURES, () -> store.get(userId));
 *   inf.cacheHit(f.fromCache()).featureAge(f.age()).features(f.values());
 *   double[] y = inf.stage(Stage.FORWARD, () -> model.predict(x, f));
 *   inf.scores(y).batchSize(1);
 *   return inf.stage(Stage.POSTPROCESS, () -> decide(y));
 * }
 * }</pre>
 *
 * <p>Semantics:
 *
 * <ul>
 *   <li>An exception thrown inside {@code stage(...)} is recorded, marks the request as failed,
 *       and is rethrown unchanged (same instance). To recover from a failure without failing the
 *       request, catch it inside the stage body. An exception thrown outside any stage is not seen
 *       by the scope: call {@link #fail(Throwable)}.
 *   <li>Stage time runs from the previous boundary (the request start, or the end of the previous
 *       stage) to the end of the stage body, so a request costs one clock read per stage: code
 *       between two stages counts towards the next one. Keep heavy work inside stages. A request
 *       run by {@link InferenceObserver#run(InferencePipeline, Object)} ends where its last stage
 *       ends (no further clock read); a scope ends at {@link #close()}.
 *   <li>Recording calls never throw: a {@code null}, a negative batch size or a negative feature
 *       age is counted under {@code infersight.invalid.observations{kind=...}} and ignored.
 *   <li>{@link #close()} is idempotent and may be called from any thread; listeners see the end
 *       exactly once. Calls after close still run stage bodies but record nothing. When another
 *       thread's close wins (a timeout watchdog, say), the starting thread's own {@code close()}
 *       still restores its state (MDC, trace context) as it leaves the request.
 *   <li>An inference may move between threads (an executor wrapped by the observer, or
 *       {@link #wrap(Runnable)}), but must not be used by two threads at the same time.
 *   <li>Arrays and maps handed over ({@link #features}, {@link #scores}) are kept by reference and
 *       read by listeners at close: do not modify them before the request ends.
 * </ul>
 *
 * <p>Listeners read the getters; they may also fill {@linkplain #setTrace trace IDs} and
 * {@linkplain #setSlot slots} for each other.
 *
 * <p>There are two kinds of inference, and the type is sealed to them: the request of a real
 * observer, which records, and the one shared no-op inference of {@link InferenceObserver#noop()}
 * and of {@link #current()} outside a request, which runs bodies and records nothing (it reads as
 * closed and successful, with nothing handed over). Every recording method below is abstract, so
 * neither kind compiles without its own answer to it; see {@link #isRecording()}.
 *
 * @since 0.1.0
 */
public abstract sealed class Inference implements InferenceView, AutoCloseable
    permits RecordingInference, NoopInference {

  Inference() {}

  /**
   * The inference running on this thread (started here, or carried here by a wrapped task), or a
   * no-op inference when there is none. Never {@code null}.
   */
  public static Inference current() {
    Inference inf = RecordingInference.currentRaw();
    return inf == null ? NoopInference.INSTANCE : inf;
  }

  // ---- stages -----------------------------------------------------------------------------

  /** Runs {@code body} as {@code stage} and returns its result; exceptions pass through unchanged. */
  public final <T extends @Nullable Object> T stage(Stage stage, Supplier<T> body) {
    return timeStage(stage, null, body, null, (b, unused, inf) -> b.get());
  }

  /**
   * Runs {@code body} as a named sub-stage of {@code stage} (for example one feature group). The
   * sub-stage name is a bounded label: past the label policy's limit it becomes {@code other}.
   * Sub-stage time is reported to listeners but not added to the stage's own total.
   */
  public final <T extends @Nullable Object> T stage(Stage stage, @Nullable String subStage, Supplier<T> body) {
    return timeStage(stage, subStage, body, null, (b, unused, inf) -> b.get());
  }

  /** Runs {@code body} as {@code stage}; exceptions pass through unchanged. */
  public final void stage(Stage stage, Runnable body) {
    timeStage(stage, null, body, null, (b, unused, inf) -> {
      b.run();
      return null;
    });
  }

  /** Runs {@code body} as {@code stage}; its checked exception passes through unchanged. */
  public final <T extends @Nullable Object, E extends Exception> T stageChecked(Stage stage, ThrowingSupplier<T, E> body) throws E {
    return timeStage(stage, null, body, null, (b, unused, inf) -> b.get());
  }

  /**
   * What a timed stage, a wrapped task or an observed request runs: {@code target} applied to
   * {@code input} (and, for pipeline stages, the request). Passing the body and its input as
   * arguments lets every caller hand over a non-capturing lambda, which the JVM creates once, so
   * timing a stage allocates nothing.
   */
  @FunctionalInterface
  interface Call<A, B, T, E extends Throwable> {
    T call(A target, B input, Inference inference) throws E;
  }

  /**
   * The one timing primitive: every stage form (the {@code stage} methods, the pipeline's steps,
   * the annotation proxy) runs its body through here. Runs {@code call} as {@code stage} (a
   * sub-stage of it when {@code subStage} is not null), records its time and what it threw, and
   * rethrows that unchanged. The no-op inference only runs the body.
   */
  abstract <A extends @Nullable Object, B extends @Nullable Object, T extends @Nullable Object,
      E extends Throwable> T timeStage(Stage stage, @Nullable String subStage, A target, B input,
      Call<A, B, T, E> call) throws E;

  /**
   * Records a stage that was timed elsewhere: a wait a batcher measured, a forward pass timed on
   * the device. A {@link Stage#QUEUE} wait ends where the request started (it happened before),
   * so it leaves the request's duration and the next stage's start as they are; any other stage
   * ends now and is the new stage boundary. A {@code null} stage or duration, or a negative
   * duration, is counted under {@code infersight.invalid.observations} and ignored.
   */
  public abstract Inference recordStage(Stage stage, Duration duration);

  /**
   * Records the {@link Stage#QUEUE} wait from {@code enqueuedAtNanos} (the observer's clock) to
   * the request's start. An enqueue time after the start is counted as a negative duration.
   */
  abstract Inference queuedSince(long enqueuedAtNanos);

  // ---- what serving code learns ---------------------------------------------------------------

  /** Whether the features came from the cache. */
  public abstract Inference cacheHit(boolean hit);

  /** How old the features were when retrieved. Negative or {@code null} is counted and ignored. */
  public abstract Inference featureAge(Duration age);

  /** Feature age in milliseconds, for callers that have a timestamp rather than a {@link Duration}. */
  public abstract Inference featureAgeMillis(long ageMillis);

  /** The model's input features by name. Values are never logged. */
  public abstract Inference features(Map<String, ?> features);

  /** The model's input features in the order of the observer's {@link FeatureSchema}. */
  public abstract Inference features(double[] values);

  /**
   * The prediction score of a single-score model. Allocates nothing (the varargs form allocates
   * an array per call); listeners read it through {@link #scoreCount()} and {@link #score(int)}.
   */
  public abstract Inference scores(double score);

  /** The prediction scores (one per sample, or per class). */
  public abstract Inference scores(double... scores);

  /** The number of samples in this request. Negative values are counted and ignored. */
  public abstract Inference batchSize(int size);

  /**
   * Marks the request as failed with {@code error} (the first recorded error wins). An error of a
   * type registered with {@link InferenceObserver.Builder#rejectOn(Class)} marks it rejected.
   */
  public abstract Inference fail(Throwable error);

  /**
   * Marks the request as {@linkplain Status#REJECTED rejected}: refused because of the caller's
   * input (a missing field, a negative amount), not failed by the service. {@code reason} is kept
   * as the request's {@link #error()}. When a stage already recorded {@code reason} (the
   * validation stage threw it), that request becomes rejected; when a different error was
   * recorded first, the request stays failed.
   */
  public abstract Inference reject(Throwable reason);

  // ---- carrying the request to other threads -------------------------------------------------

  /** Wraps {@code task} so it runs with this request's context (MDC, trace) on whatever thread runs it. */
  public abstract Runnable wrap(Runnable task);

  /** Wraps {@code task} so it runs with this request's context, for {@code CompletableFuture.supplyAsync}. */
  public abstract <T extends @Nullable Object> Supplier<T> wrap(Supplier<T> task);

  /** Wraps {@code fn} so it runs with this request's context, for {@code thenApplyAsync}. */
  public abstract <A extends @Nullable Object, B extends @Nullable Object> Function<A, B> wrap(Function<A, B> fn);

  /** Wraps {@code task}, whose checked exception passes through, so it runs with this request's context. */
  public abstract <T extends @Nullable Object> Callable<T> wrapChecked(Callable<T> task);

  /**
   * Wraps {@code task} so it runs with this request's context.
   *
   * @deprecated use {@link #wrapChecked(Callable)}, named as {@code stageChecked} is
   */
  @Deprecated
  public final <T extends @Nullable Object> Callable<T> wrapCallable(Callable<T> task) {
    return wrapChecked(task);
  }

  /**
   * Wraps {@code fn} so it runs with this request's context.
   *
   * @deprecated use {@link #wrap(Function)}
   */
  @Deprecated
  public final <A extends @Nullable Object, B extends @Nullable Object> Function<A, B> wrapFunction(Function<A, B> fn) {
    return wrap(fn);
  }

  // ---- close ----------------------------------------------------------------------------------

  /**
   * Ends the request: status and durations become final and listeners hear of it. Idempotent.
   * On the thread that started the request, close also restores that thread's state (MDC, trace
   * context) whichever thread's close won, so nothing of the request stays behind there.
   */
  @Override
  public abstract void close();

  /**
   * Closes the request at its last stage boundary instead of reading the clock again: for the
   * one-call pipeline, whose last stage ends the request (what runs after it is only the
   * listeners' own stage-end work, which request time should not include).
   */
  abstract void closeAtLastBoundary();

  // ---- what listeners read ----------------------------------------------------------------

  /**
   * Whether this inference records anything: false for the no-op inference, which reads as an
   * empty request that ended successfully (closed, {@link Status#SUCCESS}, no stage run, {@code
   * null} observer).
   */
  public abstract boolean isRecording();
}
