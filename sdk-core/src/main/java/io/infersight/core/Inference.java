package io.infersight.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;

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
 * @since 0.1.0
 */
public final class Inference implements InferenceView, AutoCloseable {
  private static final ThreadLocal<Inference> CURRENT = new ThreadLocal<>();
  private static final VarHandle STATE;
  private static final int OPEN = 0;
  private static final int INLINE_SLOTS = 4;
  private static final int CLOSED = 1;
  /** The total of a stage that did not run: below any real total, even one a clock that went backwards made negative. */
  private static final long NOT_RUN = Long.MIN_VALUE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(Inference.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The inference of {@link InferenceObserver#noop()}: runs bodies, records nothing. */
  static final Inference NOOP = new Inference();

  private final InferenceObserver observer;
  private final Thread owner;
  private final Inference previous;
  private final long startNanos;
  private final long correlationBits;
  private String correlationId;
  @SuppressWarnings("unused") // accessed through STATE
  private volatile int state;
  private long endNanos;
  /** The last stage boundary: the request start, then the end of each top-level stage. */
  private long mark;
  // The total time of each top-level stage, or NOT_RUN: whether a stage ran needs no field of its own.
  private long queueNanos = NOT_RUN;
  private long preprocessNanos = NOT_RUN;
  private long featuresNanos = NOT_RUN;
  private long forwardNanos = NOT_RUN;
  private long postprocessNanos = NOT_RUN;
  /**
   * -1 unknown, 0 miss, 1 hit. A byte, not an int: with no stages-run field it keeps the request
   * object at 184 bytes, its size before the QUEUE stage's total was added (one allocation per
   * request, so every field counts in the B/op of benchmarks/RESULTS.md).
   */
  private byte cacheHit = -1;
  private int batchSize = -1;
  private long featureAgeNanos = -1;
  private Throwable error;
  /** Whether {@link #error} is a rejection of the caller's input rather than a failure. */
  private boolean rejected;
  private double[] scores;
  /** The score of {@link #scores(double)}, valid when {@link #scoreCount} is 1 and {@link #scores} is null. */
  private double singleScore;
  /** How many scores were handed over; -1 when none. */
  private int scoreCount = -1;
  private double[] featureValues;
  private Map<String, ?> featureMap;
  private String traceId;
  private String spanId;
  // IDs set as bits (setTrace(long, long, long, boolean)) are formatted into traceId / spanId when
  // first read: a request whose trace is never exported and never logged allocates no ID string.
  // spanIdBits is 0 when the IDs were set as strings, or not set.
  private long traceIdHigh;
  private long traceIdLow;
  private long spanIdBits;
  private boolean traceSampled;
  // The first four slot keys live in fields: a request of a typical stack (tracing and logging use
  // two each) then stores listener state without allocating an array.
  private Object slot0;
  private Object slot1;
  private Object slot2;
  private Object slot3;
  private Object[] slots;
  private Object[] tokens;
  /** Whether start()'s attach is still in force on the owning thread; read and written only there. */
  private boolean ownerAttached;
  /** The thread running the listeners' onEnd, so the closing inference stays current there. */
  private volatile Thread finishingOn;

  private Inference() {
    this.observer = null;
    this.owner = null;
    this.previous = null;
    this.startNanos = 0;
    this.correlationBits = 0;
    this.correlationId = "";
    this.state = CLOSED;
  }

  Inference(InferenceObserver observer, String correlationId, long correlationBits, Inference previous) {
    this.observer = observer;
    this.owner = Thread.currentThread();
    this.previous = previous;
    this.correlationId = correlationId;
    this.correlationBits = correlationBits;
    this.startNanos = observer.clock().nanoTime();
    this.mark = startNanos;
  }

  // ---- the current inference of this thread ------------------------------------------------

  /**
   * The inference running on this thread (started here, or carried here by a wrapped task), or a
   * no-op inference when there is none. Never {@code null}.
   */
  public static Inference current() {
    Inference inf = currentRaw();
    return inf == null ? NOOP : inf;
  }

  static Inference currentRaw() {
    Inference inf = CURRENT.get();
    while (inf != null && inf.isClosed() && inf.finishingOn != Thread.currentThread()) {
      inf = inf.previous;
    }
    return inf;
  }

  /**
   * Like {@link #currentRaw()}, but first undoes, on this thread, the thread state of requests
   * that started here and were closed on another thread (their detach could not run there).
   */
  static Inference currentCleaned() {
    Inference raw = CURRENT.get();
    Inference inf = raw;
    Thread me = Thread.currentThread();
    while (inf != null && inf.isClosed()) {
      if (inf.owner == me) {
        inf.detachOwner();
      }
      inf = inf.previous;
    }
    if (inf != raw) {
      setCurrent(inf);
    }
    return inf;
  }

  static void setCurrent(Inference inf) {
    // set(null) rather than remove(): remove() clears the entry's weak reference through a native
    // call on every request, and the next request would create the entry again.
    CURRENT.set(inf);
  }

  // ---- stages -----------------------------------------------------------------------------

  /** Runs {@code body} as {@code stage} and returns its result; exceptions pass through unchanged. */
  public <T> T stage(Stage stage, Supplier<T> body) {
    return timeStage(stage, null, body, null, (b, unused, inf) -> b.get());
  }

  /**
   * Runs {@code body} as a named sub-stage of {@code stage} (for example one feature group). The
   * sub-stage name is a bounded label: past the label policy's limit it becomes {@code other}.
   * Sub-stage time is reported to listeners but not added to the stage's own total.
   */
  public <T> T stage(Stage stage, String subStage, Supplier<T> body) {
    return timeStage(stage, subStage, body, null, (b, unused, inf) -> b.get());
  }

  /** Runs {@code body} as {@code stage}; exceptions pass through unchanged. */
  public void stage(Stage stage, Runnable body) {
    timeStage(stage, null, body, null, (b, unused, inf) -> {
      b.run();
      return null;
    });
  }

  /** Runs {@code body} as {@code stage}; its checked exception passes through unchanged. */
  public <T, E extends Exception> T stageChecked(Stage stage, ThrowingSupplier<T, E> body) throws E {
    return timeStage(stage, null, body, null, (b, unused, inf) -> b.get());
  }

  /**
   * What a timed stage or a wrapped task runs: {@code target} applied to {@code input} (and, for
   * pipeline stages, the request). Passing the body and its input as arguments lets every caller hand over a
   * non-capturing lambda, which the JVM creates once, so timing a stage allocates nothing.
   */
  @FunctionalInterface
  interface Call<A, B, T, E extends Throwable> {
    T call(A target, B input, Inference inference) throws E;
  }

  /**
   * The one timing primitive: every stage form (the {@code stage} methods, the pipeline's steps,
   * the annotation proxy) runs its body through here. Runs {@code call} as {@code stage} (a
   * sub-stage of it when {@code subStage} is not null), records its time and what it threw, and
   * rethrows that unchanged. A no-op or closed inference only runs the body.
   */
  <A, B, T, E extends Throwable> T timeStage(Stage stage, String subStage, A target, B input,
      Call<A, B, T, E> call) throws E {
    if (observer == null || isClosed()) {
      return call.call(target, input, this);
    }
    String sub = subStage == null ? null : observer.subStage(subStage);
    long t0 = beginStage(stage, sub);
    T result;
    try {
      result = call.call(target, input, this);
    } catch (Throwable t) {
      endStage(stage, sub, t0, t);
      throw t;
    }
    endStage(stage, sub, t0, null);
    return result;
  }

  /**
   * Starts a stage; returns its start time for {@link #endStage}. A top-level stage starts at the
   * last boundary (the request start or the previous stage's end) so that a request costs one
   * clock read per stage; a sub-stage reads the clock.
   */
  long beginStage(Stage stage, String subStage) {
    if (stage == null) {
      observer.invalid(InvalidKind.NULL_STAGE);
      return observer.clock().nanoTime();
    }
    observer.chain.fireStageStart(this, stage, subStage);
    return subStage == null ? mark : observer.clock().nanoTime();
  }

  void endStage(Stage stage, String subStage, long t0, Throwable thrown) {
    endStage(stage, subStage, t0, observer.clock().nanoTime(), thrown);
  }

  /** Ends a stage that ran from {@code t0} to {@code t1} (a batch's forward pass ends its members' stage so). */
  void endStage(Stage stage, String subStage, long t0, long t1, Throwable thrown) {
    if (stage == null) {
      return;
    }
    if (subStage == null) {
      mark = t1;
    }
    stageEnded(stage, subStage, t0, t1 - t0, thrown);
  }

  /** Records a stage that ended: its error, its time (top-level stages), and tells the listeners. */
  private void stageEnded(Stage stage, String subStage, long t0, long duration, Throwable thrown) {
    if (thrown != null && error == null) {
      error = thrown;
      rejected = observer.isRejection(thrown);
    }
    if (subStage == null && !isClosed()) {
      addStageNanos(stage, duration);
    }
    observer.chain.fireStageEnd(this, stage, subStage, t0, duration, thrown);
  }

  /**
   * Adds to the total of {@code stage}. One field per stage rather than an array: the array would
   * be one more allocation per request. The switch has no default, so a new stage does not compile
   * until it has its field here and in {@link #total}. Returns the new total.
   */
  private long addStageNanos(Stage stage, long duration) {
    return switch (stage) {
      case QUEUE -> queueNanos = plus(queueNanos, duration);
      case PREPROCESS -> preprocessNanos = plus(preprocessNanos, duration);
      case FEATURES -> featuresNanos = plus(featuresNanos, duration);
      case FORWARD -> forwardNanos = plus(forwardNanos, duration);
      case POSTPROCESS -> postprocessNanos = plus(postprocessNanos, duration);
    };
  }

  private static long plus(long total, long duration) {
    return (total == NOT_RUN ? 0 : total) + duration;
  }

  /** The total of {@code stage}, or {@link #NOT_RUN}; no default, as in {@link #addStageNanos}. */
  private long total(Stage stage) {
    return switch (stage) {
      case QUEUE -> queueNanos;
      case PREPROCESS -> preprocessNanos;
      case FEATURES -> featuresNanos;
      case FORWARD -> forwardNanos;
      case POSTPROCESS -> postprocessNanos;
    };
  }

  /**
   * Records a stage that was timed elsewhere: a wait a batcher measured, a forward pass timed on
   * the device. A {@link Stage#QUEUE} wait ends where the request started (it happened before),
   * so it leaves the request's duration and the next stage's start as they are; any other stage
   * ends now and is the new stage boundary. A {@code null} stage or duration, or a negative
   * duration, is counted under {@code infersight.invalid.observations} and ignored.
   */
  public Inference recordStage(Stage stage, Duration duration) {
    if (observer == null || isClosed()) {
      return this;
    }
    if (stage == null) {
      observer.invalid(InvalidKind.NULL_STAGE);
      return this;
    }
    long nanos = durationNanos(duration);
    if (nanos < 0) {
      return this;
    }
    if (stage == Stage.QUEUE) {
      return queuedSince(startNanos - nanos);
    }
    observer.chain.fireStageStart(this, stage, null);
    long t1 = observer.clock().nanoTime();
    mark = t1;
    stageEnded(stage, null, t1 - nanos, nanos, null);
    return this;
  }

  /**
   * Records the {@link Stage#QUEUE} wait from {@code enqueuedAtNanos} (the observer's clock) to
   * the request's start. An enqueue time after the start is counted as a negative duration.
   */
  Inference queuedSince(long enqueuedAtNanos) {
    if (observer == null || isClosed()) {
      return this;
    }
    long wait = startNanos - enqueuedAtNanos;
    if (wait < 0) {
      observer.invalid(InvalidKind.NEGATIVE_DURATION);
      return this;
    }
    observer.chain.fireStageStart(this, Stage.QUEUE, null);
    stageEnded(Stage.QUEUE, null, enqueuedAtNanos, wait, null);
    return this;
  }

  /** {@code duration} in nanoseconds, or -1 (counted as invalid) when null, negative or too long. */
  private long durationNanos(Duration duration) {
    if (duration == null) {
      observer.invalid(InvalidKind.NULL_DURATION);
      return -1;
    }
    if (duration.isNegative()) {
      observer.invalid(InvalidKind.NEGATIVE_DURATION);
      return -1;
    }
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      observer.invalid(InvalidKind.NEGATIVE_DURATION);
      return -1;
    }
  }

  // ---- what serving code learns ---------------------------------------------------------------

  /** Whether the features came from the cache. */
  public Inference cacheHit(boolean hit) {
    if (observer != null) {
      cacheHit = (byte) (hit ? 1 : 0);
    }
    return this;
  }

  /** How old the features were when retrieved. Negative or {@code null} is counted and ignored. */
  public Inference featureAge(Duration age) {
    if (observer == null) {
      return this;
    }
    if (age == null || age.isNegative()) {
      observer.invalid(InvalidKind.FEATURE_AGE);
      return this;
    }
    long nanos;
    try {
      nanos = age.toNanos();
    } catch (ArithmeticException e) {
      observer.invalid(InvalidKind.FEATURE_AGE);
      return this;
    }
    featureAgeNanos = nanos;
    return this;
  }

  /** Feature age in milliseconds, for callers that have a timestamp rather than a {@link Duration}. */
  public Inference featureAgeMillis(long ageMillis) {
    if (observer == null) {
      return this;
    }
    if (ageMillis < 0 || ageMillis > Long.MAX_VALUE / 1_000_000L) {
      observer.invalid(InvalidKind.FEATURE_AGE);
      return this;
    }
    featureAgeNanos = ageMillis * 1_000_000L;
    return this;
  }

  /** The model's input features by name. Values are never logged. */
  public Inference features(Map<String, ?> features) {
    if (observer == null) {
      return this;
    }
    if (features == null) {
      observer.invalid(InvalidKind.NULL_FEATURES);
      return this;
    }
    featureMap = features;
    return this;
  }

  /** The model's input features in the order of the observer's {@link FeatureSchema}. */
  public Inference features(double[] values) {
    if (observer == null) {
      return this;
    }
    if (values == null) {
      observer.invalid(InvalidKind.NULL_FEATURES);
      return this;
    }
    featureValues = values;
    return this;
  }

  /**
   * The prediction score of a single-score model. Allocates nothing (the varargs form allocates
   * an array per call); listeners read it through {@link #scoreCount()} and {@link #score(int)}.
   */
  public Inference scores(double score) {
    if (observer == null) {
      return this;
    }
    this.scores = null;
    this.singleScore = score;
    this.scoreCount = 1;
    return this;
  }

  /** The prediction scores (one per sample, or per class). */
  public Inference scores(double... scores) {
    if (observer == null) {
      return this;
    }
    if (scores == null) {
      observer.invalid(InvalidKind.NULL_SCORES);
      return this;
    }
    this.scores = scores;
    this.scoreCount = scores.length;
    return this;
  }

  /** The number of samples in this request. Negative values are counted and ignored. */
  public Inference batchSize(int size) {
    if (observer == null) {
      return this;
    }
    if (size < 0) {
      observer.invalid(InvalidKind.NEGATIVE_BATCH_SIZE);
      return this;
    }
    batchSize = size;
    return this;
  }

  /**
   * Marks the request as failed with {@code error} (the first recorded error wins). An error of a
   * type registered with {@link InferenceObserver.Builder#rejectOn(Class)} marks it rejected.
   */
  public Inference fail(Throwable error) {
    if (observer == null) {
      return this;
    }
    if (error == null) {
      observer.invalid(InvalidKind.NULL_ERROR);
      return this;
    }
    if (this.error == null && !isClosed()) {
      this.error = error;
      this.rejected = observer.isRejection(error);
    }
    return this;
  }

  /**
   * Marks the request as {@linkplain Status#REJECTED rejected}: refused because of the caller's
   * input (a missing field, a negative amount), not failed by the service. {@code reason} is kept
   * as the request's {@link #error()}. When a stage already recorded {@code reason} (the
   * validation stage threw it), that request becomes rejected; when a different error was
   * recorded first, the request stays failed.
   */
  public Inference reject(Throwable reason) {
    if (observer == null) {
      return this;
    }
    if (reason == null) {
      observer.invalid(InvalidKind.NULL_ERROR);
      return this;
    }
    if (isClosed()) {
      return this;
    }
    if (error == null) {
      error = reason;
      rejected = true;
    } else if (error == reason) {
      rejected = true;
    }
    return this;
  }

  // ---- carrying the request to other threads -------------------------------------------------

  /** Wraps {@code task} so it runs with this request's context (MDC, trace) on whatever thread runs it. */
  public Runnable wrap(Runnable task) {
    if (observer == null) {
      return task;
    }
    return () -> attached(task, null, (r, unused, inf) -> {
      r.run();
      return null;
    });
  }

  /** Wraps {@code task} so it runs with this request's context, for {@code CompletableFuture.supplyAsync}. */
  public <T> Supplier<T> wrap(Supplier<T> task) {
    if (observer == null) {
      return task;
    }
    return () -> attached(task, null, (s, unused, inf) -> s.get());
  }

  /** Wraps {@code fn} so it runs with this request's context, for {@code thenApplyAsync}. */
  public <A, B> Function<A, B> wrap(Function<A, B> fn) {
    if (observer == null) {
      return fn;
    }
    return a -> attached(fn, a, (f, in, inf) -> f.apply(in));
  }

  /** Wraps {@code task}, whose checked exception passes through, so it runs with this request's context. */
  public <T> Callable<T> wrapChecked(Callable<T> task) {
    if (observer == null) {
      return task;
    }
    return () -> attached(task, null, (c, unused, inf) -> c.call());
  }

  /**
   * Wraps {@code task} so it runs with this request's context.
   *
   * @deprecated use {@link #wrapChecked(Callable)}, named as {@code stageChecked} is
   */
  @Deprecated
  public <T> Callable<T> wrapCallable(Callable<T> task) {
    return wrapChecked(task);
  }

  /**
   * Wraps {@code fn} so it runs with this request's context.
   *
   * @deprecated use {@link #wrap(Function)}
   */
  @Deprecated
  public <A, B> Function<A, B> wrapFunction(Function<A, B> fn) {
    return wrap(fn);
  }

  /** The one primitive of the wrap family: runs {@code call} with this request attached on this thread. */
  private <A, B, T, E extends Throwable> T attached(A target, B input, Call<A, B, T, E> call) throws E {
    Object[] t = enter();
    try {
      return call.call(target, input, this);
    } finally {
      exit(t);
    }
  }

  /** Attaches this request on the calling thread; returns what {@link #exit} needs. */
  Object[] enter() {
    Inference prior = currentCleaned();
    Object[] attached = observer.chain.attachAll(this);
    CURRENT.set(this);
    return new Object[] {prior, attached};
  }

  void exit(Object[] entered) {
    setCurrent((Inference) entered[0]);
    observer.chain.detachAll(this, (Object[]) entered[1]);
  }

  // ---- close ----------------------------------------------------------------------------------

  /**
   * Ends the request: status and durations become final and listeners hear of it. Idempotent.
   * On the thread that started the request, close also restores that thread's state (MDC, trace
   * context) whichever thread's close won, so nothing of the request stays behind there.
   */
  @Override
  public void close() {
    if (observer == null) {
      return;
    }
    if (!STATE.compareAndSet(this, OPEN, CLOSED)) {
      leaveIfOwner();
      return;
    }
    endNanos = observer.clock().nanoTime();
    finish();
  }

  /**
   * Closes the request at its last stage boundary instead of reading the clock again: for the
   * one-call pipeline, whose last stage ends the request (what runs after it is only the
   * listeners' own stage-end work, which request time should not include).
   */
  void closeAtLastBoundary() {
    if (observer == null) {
      return;
    }
    if (!STATE.compareAndSet(this, OPEN, CLOSED)) {
      leaveIfOwner();
      return;
    }
    endNanos = mark;
    finish();
  }

  private void finish() {
    finishingOn = Thread.currentThread();
    try {
      observer.chain.finish(this, Thread.currentThread() == owner);
    } finally {
      finishingOn = null;
    }
  }

  /**
   * After a close that another thread won: on the owning thread, undoes start()'s attach and makes
   * the previous open request current, as a close won here does.
   */
  private void leaveIfOwner() {
    if (Thread.currentThread() == owner && ownerAttached) {
      detachOwner();
      restorePrevious();
    }
  }

  /** On the owning thread: undoes start()'s attach once. */
  void detachOwner() {
    if (!ownerAttached) {
      return;
    }
    ownerAttached = false;
    Object[] t = tokens;
    tokens = null;
    observer.chain.detachAll(this, t);
  }

  /** Makes the nearest open request that this one interrupted current on this thread. */
  void restorePrevious() {
    Inference prior = previous;
    while (prior != null && prior.isClosed()) {
      prior = prior.previous;
    }
    setCurrent(prior);
  }

  // ---- what listeners read ----------------------------------------------------------------

  /** Whether this inference records anything (false for the no-op inference). */
  public boolean isRecording() {
    return observer != null;
  }

  /** The observer that started this request, or {@code null} for the no-op inference. */
  public InferenceObserver observer() {
    return observer;
  }

  public ModelId model() {
    return observer == null ? InferenceObserver.NOOP_MODEL : observer.model();
  }

  /** The correlation ID: the caller's (when valid) or a generated one. */
  public String correlationId() {
    String id = correlationId;
    if (id == null) {
      id = CorrelationIds.format(correlationBits);
      correlationId = id;
    }
    return id;
  }

  public boolean isClosed() {
    return state == CLOSED;
  }

  /**
   * {@link Status#RUNNING} until closed, then {@link Status#SUCCESS}, {@link Status#ERROR} or
   * {@link Status#REJECTED}.
   */
  public Status status() {
    if (!isClosed()) {
      return Status.RUNNING;
    }
    return error == null ? Status.SUCCESS : rejected ? Status.REJECTED : Status.ERROR;
  }

  /** The recorded error (for a rejected request: the reason), or {@code null}. */
  public Throwable error() {
    return error;
  }

  /** The fully qualified class name of the recorded error, or {@code null}. */
  public String errorType() {
    return error == null ? null : error.getClass().getName();
  }

  /** Start time on the observer's monotonic clock. */
  public long startNanos() {
    return startNanos;
  }

  /** End time on the observer's monotonic clock, or 0 while running. */
  public long endNanos() {
    return endNanos;
  }

  /** Total duration in nanoseconds, or the time so far while running. */
  public long durationNanos() {
    return (isClosed() ? endNanos : observer == null ? 0 : observer.clock().nanoTime()) - startNanos;
  }

  /** Start time as wall-clock epoch nanoseconds. */
  public long startEpochNanos() {
    return observer == null ? 0 : observer.epochNanos(startNanos);
  }

  /** Whether the request took longer than the observer's slow threshold. */
  public boolean isSlow() {
    return observer != null && durationNanos() > observer.slowThresholdNanos();
  }

  /** Whether {@code stage} ran (as a top-level stage, at least once). */
  public boolean ran(Stage stage) {
    return total(stage) != NOT_RUN;
  }

  /** Total time spent in {@code stage}, or -1 when it did not run. */
  public long stageNanos(Stage stage) {
    long total = total(stage);
    return total == NOT_RUN ? -1 : total;
  }

  /** Whether {@link #cacheHit(boolean)} was called. */
  public boolean cacheHitKnown() {
    return cacheHit >= 0;
  }

  /** The cache hit flag; meaningful when {@link #cacheHitKnown()}. */
  public boolean cacheHit() {
    return cacheHit == 1;
  }

  /** Feature age in nanoseconds, or -1 when unknown. */
  public long featureAgeNanos() {
    return featureAgeNanos;
  }

  /** Batch size, or -1 when unknown. */
  public int batchSize() {
    return batchSize;
  }

  /**
   * Scores as handed over (not copied), or {@code null} when none. After {@link #scores(double)}
   * this allocates a one-element array per call: listeners on the request path read
   * {@link #scoreCount()} and {@link #score(int)} instead.
   */
  public double[] scores() {
    double[] s = scores;
    if (s == null && scoreCount == 1) {
      return new double[] {singleScore};
    }
    return s;
  }

  /** How many scores were handed over, or -1 when none was. */
  public int scoreCount() {
    return scoreCount;
  }

  /**
   * The score at {@code index}, for {@code 0 <= index < scoreCount()}; reads the single score or
   * the array without allocating.
   *
   * @throws IndexOutOfBoundsException when {@code index} is outside {@code [0, scoreCount())}
   */
  public double score(int index) {
    if (index < 0 || index >= scoreCount) {
      throw new IndexOutOfBoundsException("score " + index + " of " + Math.max(scoreCount, 0));
    }
    double[] s = scores;
    return s == null ? singleScore : s[index];
  }

  /** Feature values by the observer's schema (not copied), or {@code null}. */
  public double[] featureValues() {
    return featureValues;
  }

  /** Features by name (not copied), or {@code null}. */
  public Map<String, ?> featureMap() {
    return featureMap;
  }

  /** The observer's feature schema, for reading {@link #featureValues()}. */
  public FeatureSchema featureSchema() {
    return observer == null ? FeatureSchema.empty() : observer.featureSchema();
  }

  // ---- serving patterns: batches and generation ------------------------------------------------

  /** The batch whose forward pass this request's forward stage ran in, or {@code null}. */
  private InferenceBatch batch;
  /** The request's token generation, or {@code null} when it generates nothing. */
  private Generation generation;

  /**
   * The batch whose forward pass ran this request's {@link Stage#FORWARD} stage (the last one,
   * when several did), or {@code null} when the request was not batched.
   */
  public InferenceBatch batch() {
    return batch;
  }

  void batch(InferenceBatch batch) {
    this.batch = batch;
  }

  /** The request's token generation ({@link Generation#of(Inference)}), or {@code null} when none. */
  public Generation generation() {
    return generation;
  }

  void generation(Generation generation) {
    this.generation = generation;
  }

  // ---- slots that listeners fill for each other -----------------------------------------------

  /**
   * Sets the trace identity of this request (the tracing listener does this in {@code onStart},
   * and again in {@code onEnd} when the request's trace is kept after the fact or not exported).
   * {@code null} IDs clear it.
   */
  public void setTrace(String traceId, String spanId, boolean sampled) {
    if (observer == null) {
      return;
    }
    this.traceId = traceId;
    this.spanId = spanId;
    this.spanIdBits = 0;
    this.traceSampled = sampled;
  }

  /**
   * Sets the trace identity as bits: the W3C trace ID as its high and low 64 bits, the root span
   * ID as 64 bits. The hex strings are formatted only when {@link #traceId()} or {@link #spanId()}
   * is first called. A zero span ID or an all-zero trace ID is invalid and clears the identity.
   */
  public void setTrace(long traceIdHigh, long traceIdLow, long spanId, boolean sampled) {
    if (observer == null) {
      return;
    }
    boolean valid = spanId != 0 && (traceIdHigh != 0 || traceIdLow != 0);
    this.traceId = null;
    this.spanId = null;
    this.traceIdHigh = traceIdHigh;
    this.traceIdLow = traceIdLow;
    this.spanIdBits = valid ? spanId : 0;
    this.traceSampled = valid && sampled;
  }

  /** Whether trace IDs are set, without formatting them. */
  public boolean hasTrace() {
    return traceId != null || spanIdBits != 0;
  }

  /** The W3C trace ID (32 hex digits), or {@code null} when not traced. */
  public String traceId() {
    String id = traceId;
    if (id == null && spanIdBits != 0) {
      id = CorrelationIds.format(traceIdHigh, traceIdLow);
      traceId = id;
    }
    return id;
  }

  /** The root span ID (16 hex digits), or {@code null} when not traced. */
  public String spanId() {
    String id = spanId;
    long bits = spanIdBits;
    if (id == null && bits != 0) {
      id = CorrelationIds.format(bits);
      spanId = id;
    }
    return id;
  }

  /**
   * Whether the trace is exported: sampled at its head, or kept after the fact (set by the tracing
   * listener's {@code onEnd}, so listeners after it see it). IDs of a trace that is not exported
   * may be set while the request runs, so that its log lines can name the trace if it is kept.
   */
  public boolean traceSampled() {
    return traceSampled;
  }

  /** The value a listener stored under {@code key}, or {@code null}. */
  @SuppressWarnings("unchecked")
  public <T> T slot(SlotKey<T> key) {
    int i = key.index();
    switch (i) {
      case 0:
        return (T) slot0;
      case 1:
        return (T) slot1;
      case 2:
        return (T) slot2;
      case 3:
        return (T) slot3;
      default:
        Object[] s = slots;
        int j = i - INLINE_SLOTS;
        return s == null || j >= s.length ? null : (T) s[j];
    }
  }

  /** Stores per-request listener state under {@code key}. */
  public <T> void setSlot(SlotKey<T> key, T value) {
    if (observer == null) {
      return;
    }
    int i = key.index();
    switch (i) {
      case 0:
        slot0 = value;
        return;
      case 1:
        slot1 = value;
        return;
      case 2:
        slot2 = value;
        return;
      case 3:
        slot3 = value;
        return;
      default:
        break;
    }
    int j = i - INLINE_SLOTS;
    Object[] s = slots;
    if (s == null || j >= s.length) {
      Object[] grown = new Object[Math.max(j + 1, SlotKey.count() - INLINE_SLOTS)];
      if (s != null) {
        System.arraycopy(s, 0, grown, 0, s.length);
      }
      slots = grown;
      s = grown;
    }
    s[j] = value;
  }

  // ---- internals used by the observer ---------------------------------------------------------

  /** Records start()'s attach on the owning thread and its tokens for the detach. */
  void attachedOnOwner(Object[] tokens) {
    this.tokens = tokens;
    this.ownerAttached = true;
  }

  @Override
  public String toString() {
    if (observer == null) {
      return "Inference(noop)";
    }
    return "Inference{model=" + model() + ", correlationId=" + correlationId() + ", status=" + status()
        + ", durationNanos=" + durationNanos() + "}";
  }
}
