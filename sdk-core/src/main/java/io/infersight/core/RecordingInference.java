package io.infersight.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Inference} of a real observer: one per request, it times the stages, keeps what
 * serving code hands over, tells the listeners, and is the {@link InferenceView} they read. Every
 * method here records; the no-op observer's requests are {@link NoopInference}, so nothing here
 * asks whether it records.
 */
final class RecordingInference extends Inference {
  private static final ThreadLocal<RecordingInference> CURRENT = new ThreadLocal<>();
  private static final VarHandle STATE;
  private static final int OPEN = 0;
  private static final int INLINE_SLOTS = 4;
  private static final int CLOSED = 1;
  /** The total of a stage that did not run: below any real total, even one a clock that went backwards made negative. */
  private static final long NOT_RUN = Long.MIN_VALUE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(RecordingInference.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final InferenceObserver observer;
  private final Thread owner;
  private final RecordingInference previous;
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
   * -1 unknown, 0 miss, 1 hit. A byte, not an int: an int makes the request object 8 bytes larger
   * on every request (216 B -> 224 B, benchmarks/RESULTS.md's hot-path ledger).
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
  // The first four slot keys live in fields, the rest in an array. A simpler version would keep
  // every slot in one Object[] made at the first setSlot: with tracing and logging (four keys)
  // that costs 16 B more per request (248 -> 264 B, all pillars sampled out; benchmarks/RESULTS.md,
  // hot-path ledger), while an observer whose listeners keep no slot would save these fields' 16 B.
  // Which keys get fields follows the order keys are created in the JVM, i.e. which listener
  // classes load first: a key created earlier (a test's RecordingListener, a user's listener)
  // pushes one of tracing's or logging's into the array.
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
  /** The batch whose forward pass this request's forward stage ran in, or {@code null}. */
  private InferenceBatch batch;
  /** The request's token generation, or {@code null} when it generates nothing. */
  private Generation generation;

  RecordingInference(InferenceObserver observer, String correlationId, long correlationBits,
      RecordingInference previous) {
    this.observer = observer;
    this.owner = Thread.currentThread();
    this.previous = previous;
    this.correlationId = correlationId;
    this.correlationBits = correlationBits;
    this.startNanos = observer.clock().nanoTime();
    this.mark = startNanos;
  }

  // ---- the current inference of this thread ------------------------------------------------

  /** The open request of this thread (or the one whose listeners' onEnd runs here), or {@code null}. */
  static RecordingInference currentRaw() {
    RecordingInference inf = CURRENT.get();
    while (inf != null && inf.isClosed() && inf.finishingOn != Thread.currentThread()) {
      inf = inf.previous;
    }
    return inf;
  }

  /**
   * Like {@link #currentRaw()}, but first undoes, on this thread, the thread state of requests
   * that started here and were closed on another thread (their detach could not run there).
   */
  static RecordingInference currentCleaned() {
    RecordingInference raw = CURRENT.get();
    RecordingInference inf = raw;
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

  static void setCurrent(RecordingInference inf) {
    // set(null), not remove(): a simpler version would call remove() when no request is left
    // current, but remove() drops this thread's map entry and the next request's set() creates it
    // again: +32 B and about 1.25x the core's CPU time per request (benchmarks/RESULTS.md,
    // hot-path ledger).
    CURRENT.set(inf);
  }

  // ---- stages -----------------------------------------------------------------------------

  /**
   * Runs {@code call} as {@code stage} (a sub-stage of it when {@code subStage} is not null),
   * records its time and what it threw, and rethrows that unchanged. A closed inference only runs
   * the body.
   */
  @Override
  <A extends @Nullable Object, B extends @Nullable Object, T extends @Nullable Object,
      E extends Throwable> T timeStage(Stage stage, @Nullable String subStage, A target, B input,
      Call<A, B, T, E> call) throws E {
    if (isClosed()) {
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
  private long beginStage(Stage stage, @Nullable String subStage) {
    if (stage == null) {
      observer.invalid(InvalidKind.NULL_STAGE);
      return observer.clock().nanoTime();
    }
    observer.chain.fireStageStart(this, stage, subStage);
    // A top-level stage starts where the previous one ended (mark) instead of at a clock read of
    // its own. A simpler version would read the clock at each stage's start: 4 more reads per
    // 4-stage request, 1.1-1.2x the core's CPU time per request (benchmarks/RESULTS.md, hot-path
    // ledger). The price is the documented rule that code between two stages counts towards the
    // next.
    return subStage == null ? mark : observer.clock().nanoTime();
  }

  private void endStage(Stage stage, @Nullable String subStage, long t0, @Nullable Throwable thrown) {
    endStage(stage, subStage, t0, observer.clock().nanoTime(), thrown);
  }

  /** Ends a stage that ran from {@code t0} to {@code t1} (a batch's forward pass ends its members' stage so). */
  void endStage(Stage stage, @Nullable String subStage, long t0, long t1, @Nullable Throwable thrown) {
    if (stage == null) {
      return;
    }
    if (subStage == null) {
      mark = t1;
    }
    stageEnded(stage, subStage, t0, t1 - t0, thrown);
  }

  /** Records a stage that ended: its error, its time (top-level stages), and tells the listeners. */
  private void stageEnded(Stage stage, @Nullable String subStage, long t0, long duration, @Nullable Throwable thrown) {
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

  @Override
  public Inference recordStage(Stage stage, Duration duration) {
    if (isClosed()) {
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

  @Override
  Inference queuedSince(long enqueuedAtNanos) {
    if (isClosed()) {
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

  @Override
  public Inference cacheHit(boolean hit) {
    cacheHit = (byte) (hit ? 1 : 0);
    return this;
  }

  @Override
  public Inference featureAge(Duration age) {
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

  @Override
  public Inference featureAgeMillis(long ageMillis) {
    if (ageMillis < 0 || ageMillis > Long.MAX_VALUE / 1_000_000L) {
      observer.invalid(InvalidKind.FEATURE_AGE);
      return this;
    }
    featureAgeNanos = ageMillis * 1_000_000L;
    return this;
  }

  @Override
  public Inference features(Map<String, ?> features) {
    if (features == null) {
      observer.invalid(InvalidKind.NULL_FEATURES);
      return this;
    }
    featureMap = features;
    return this;
  }

  @Override
  public Inference features(double[] values) {
    if (values == null) {
      observer.invalid(InvalidKind.NULL_FEATURES);
      return this;
    }
    featureValues = values;
    return this;
  }

  @Override
  public Inference scores(double score) {
    this.scores = null;
    this.singleScore = score;
    this.scoreCount = 1;
    return this;
  }

  @Override
  public Inference scores(double... scores) {
    if (scores == null) {
      observer.invalid(InvalidKind.NULL_SCORES);
      return this;
    }
    this.scores = scores;
    this.scoreCount = scores.length;
    return this;
  }

  @Override
  public Inference batchSize(int size) {
    if (size < 0) {
      observer.invalid(InvalidKind.NEGATIVE_BATCH_SIZE);
      return this;
    }
    batchSize = size;
    return this;
  }

  @Override
  public Inference fail(Throwable error) {
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

  @Override
  public Inference reject(Throwable reason) {
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

  @Override
  public Runnable wrap(Runnable task) {
    return () -> attached(task, null, (r, unused, inf) -> {
      r.run();
      return null;
    });
  }

  @Override
  public <T extends @Nullable Object> Supplier<T> wrap(Supplier<T> task) {
    return () -> attached(task, null, (s, unused, inf) -> s.get());
  }

  @Override
  public <A extends @Nullable Object, B extends @Nullable Object> Function<A, B> wrap(Function<A, B> fn) {
    return a -> attached(fn, a, (f, in, inf) -> f.apply(in));
  }

  @Override
  public <T extends @Nullable Object> Callable<T> wrapChecked(Callable<T> task) {
    return () -> attached(task, null, (c, unused, inf) -> c.call());
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
  private Object[] enter() {
    RecordingInference prior = currentCleaned();
    Object[] attached = observer.chain.attachAll(this);
    CURRENT.set(this);
    return new Object[] {prior, attached};
  }

  private void exit(Object[] entered) {
    setCurrent((RecordingInference) entered[0]);
    observer.chain.detachAll(this, (Object[]) entered[1]);
  }

  // ---- close ----------------------------------------------------------------------------------

  @Override
  public void close() {
    if (!STATE.compareAndSet(this, OPEN, CLOSED)) {
      leaveIfOwner();
      return;
    }
    endNanos = observer.clock().nanoTime();
    finish();
  }


  @Override
  void closeAtLastBoundary() {
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
    RecordingInference prior = previous;
    while (prior != null && prior.isClosed()) {
      prior = prior.previous;
    }
    setCurrent(prior);
  }

  // ---- what listeners read ----------------------------------------------------------------

  @Override
  public boolean isRecording() {
    return true;
  }

  @Override
  public @Nullable InferenceObserver observer() {
    return observer;
  }

  @Override
  public ModelId model() {
    return observer.model();
  }

  @Override
  public String correlationId() {
    String id = correlationId;
    if (id == null) {
      id = CorrelationIds.format(correlationBits);
      correlationId = id;
    }
    return id;
  }

  @Override
  public boolean isClosed() {
    return state == CLOSED;
  }

  @Override
  public Status status() {
    if (!isClosed()) {
      return Status.RUNNING;
    }
    return error == null ? Status.SUCCESS : rejected ? Status.REJECTED : Status.ERROR;
  }

  @Override
  public @Nullable Throwable error() {
    return error;
  }

  @Override
  public @Nullable String errorType() {
    return error == null ? null : error.getClass().getName();
  }

  @Override
  public long startNanos() {
    return startNanos;
  }

  @Override
  public long endNanos() {
    return endNanos;
  }

  @Override
  public long durationNanos() {
    return (isClosed() ? endNanos : observer.clock().nanoTime()) - startNanos;
  }

  @Override
  public long startEpochNanos() {
    return observer.epochNanos(startNanos);
  }

  @Override
  public boolean isSlow() {
    return durationNanos() > observer.slowThresholdNanos();
  }

  @Override
  public boolean ran(Stage stage) {
    return total(stage) != NOT_RUN;
  }

  @Override
  public long stageNanos(Stage stage) {
    long total = total(stage);
    return total == NOT_RUN ? -1 : total;
  }

  @Override
  public boolean cacheHitKnown() {
    return cacheHit >= 0;
  }

  @Override
  public boolean cacheHit() {
    return cacheHit == 1;
  }

  @Override
  public long featureAgeNanos() {
    return featureAgeNanos;
  }

  @Override
  public int batchSize() {
    return batchSize;
  }

  @Override
  public double @Nullable [] scores() {
    double[] s = scores;
    if (s == null && scoreCount == 1) {
      return new double[] {singleScore};
    }
    return s;
  }

  @Override
  public int scoreCount() {
    return scoreCount;
  }

  @Override
  public double score(int index) {
    if (index < 0 || index >= scoreCount) {
      throw new IndexOutOfBoundsException("score " + index + " of " + Math.max(scoreCount, 0));
    }
    double[] s = scores;
    return s == null ? singleScore : s[index];
  }

  @Override
  public double @Nullable [] featureValues() {
    return featureValues;
  }

  @Override
  public @Nullable Map<String, ?> featureMap() {
    return featureMap;
  }

  @Override
  public FeatureSchema featureSchema() {
    return observer.featureSchema();
  }

  // ---- serving patterns: batches and generation ------------------------------------------------

  @Override
  public @Nullable InferenceBatch batch() {
    return batch;
  }

  void batch(InferenceBatch batch) {
    this.batch = batch;
  }

  @Override
  public @Nullable Generation generation() {
    return generation;
  }

  void generation(Generation generation) {
    this.generation = generation;
  }

  // ---- slots that listeners fill for each other -----------------------------------------------

  @Override
  public void setTrace(@Nullable String traceId, @Nullable String spanId, boolean sampled) {
    this.traceId = traceId;
    this.spanId = spanId;
    this.spanIdBits = 0;
    this.traceSampled = sampled;
  }

  @Override
  public void setTrace(long traceIdHigh, long traceIdLow, long spanId, boolean sampled) {
    boolean valid = spanId != 0 && (traceIdHigh != 0 || traceIdLow != 0);
    this.traceId = null;
    this.spanId = null;
    this.traceIdHigh = traceIdHigh;
    this.traceIdLow = traceIdLow;
    this.spanIdBits = valid ? spanId : 0;
    this.traceSampled = valid && sampled;
  }

  @Override
  public boolean hasTrace() {
    return traceId != null || spanIdBits != 0;
  }

  @Override
  public @Nullable String traceId() {
    String id = traceId;
    if (id == null && spanIdBits != 0) {
      id = CorrelationIds.format(traceIdHigh, traceIdLow);
      traceId = id;
    }
    return id;
  }

  @Override
  public @Nullable String spanId() {
    String id = spanId;
    long bits = spanIdBits;
    if (id == null && bits != 0) {
      id = CorrelationIds.format(bits);
      spanId = id;
    }
    return id;
  }

  @Override
  public boolean traceSampled() {
    return traceSampled;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> @Nullable T slot(SlotKey<T> key) {
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

  @Override
  public <T> void setSlot(SlotKey<T> key, @Nullable T value) {
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
    return "Inference{model=" + model() + ", correlationId=" + correlationId() + ", status=" + status()
        + ", durationNanos=" + durationNanos() + "}";
  }
}
