package io.infersight.core;

import io.infersight.core.internal.ThrottlingLogger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The one place that instruments inference requests and feeds every pillar. Build one per served
 * model, register a listener per pillar, and start an {@link Inference} per request.
 *
 * <pre>{@code
 * InferenceObserver observer = InferenceObserver.builder()
 *     .model("fraud-detector", "2.1.0", gitCommit)
 *     .addListener(InfersightMetrics.listener(meterRegistry))
 *     .build();
 *
 * try (Inference inf = observer.start(request.header("X-Correlation-ID"))) {
 *   ...
 * }
 * }</pre>
 *
 * <p>Four styles share this observer: the scope above, a body run as one request by {@link
 * #observe(String, Supplier)}, the one-call {@link #run(InferencePipeline, Object)}, and {@link
 * #instrument(Class, Object)} for interfaces annotated with {@link
 * io.infersight.core.annotation.ObservedInference}. When nothing is configured, use {@link
 * #noop()}: serving code then needs no {@code if}.
 *
 * @since 0.1.0
 */
public final class InferenceObserver implements AutoCloseable {
  /** Default slow-request threshold in milliseconds. */
  public static final long DEFAULT_SLOW_THRESHOLD_MILLIS = 500;
  /** Default time {@link #close()} gives listeners to flush, in milliseconds. */
  public static final long DEFAULT_CLOSE_TIMEOUT_MILLIS = 5_000;
  /** @deprecated Use {@link SelfMetricNames#LISTENER_ERRORS}. */
  @Deprecated
  public static final String LISTENER_ERRORS = SelfMetricNames.LISTENER_ERRORS;
  /** @deprecated Use {@link SelfMetricNames#CORRELATION_REJECTED}. */
  @Deprecated
  public static final String CORRELATION_REJECTED = SelfMetricNames.CORRELATION_REJECTED;
  /** @deprecated Use {@link SelfMetricNames#INVALID_OBSERVATIONS}. */
  @Deprecated
  public static final String INVALID_OBSERVATIONS = SelfMetricNames.INVALID_OBSERVATIONS;
  /** The label key of sub-stage names, bounded by the label policy. */
  public static final String SUB_STAGE_LABEL = "sub_stage";

  static final ModelId NOOP_MODEL = ModelId.of("noop", "0");

  private static final ThrottlingLogger LOG = ThrottlingLogger.forName("io.infersight.core");
  private static final InferenceObserver NOOP = new InferenceObserver();

  private final boolean noop;
  private final ModelId model;
  private final InferenceListener[] listeners;
  private final InferenceClock clock;
  private final long slowThresholdNanos;
  private final LabelPolicy labelPolicy;
  private final FeatureSchema featureSchema;
  /** Exception types that mark a request rejected rather than failed (copied from the builder). */
  private final Class<?>[] rejectOn;
  private final SelfMetrics selfMetrics;
  private final BoundedLabel subStages;
  private final SelfCounter[] listenerErrors;
  /** The listeners, called in order and isolated. */
  final ListenerChain chain;
  private final SelfCounter correlationRejected;
  private final SelfCounter[] invalid;
  private final long anchorEpochNanos;
  private final long anchorNanos;
  private final long closeTimeoutMillis;
  private final AtomicBoolean closed = new AtomicBoolean();
  /** Requests waiting in the application's queues, as {@link #enqueued()} and {@link #dequeued()} count them. */
  private final LongAdder queued = new LongAdder();

  private InferenceObserver() {
    this.noop = true;
    this.model = NOOP_MODEL;
    this.listeners = new InferenceListener[0];
    this.clock = InferenceClock.system();
    this.slowThresholdNanos = TimeUnit.MILLISECONDS.toNanos(DEFAULT_SLOW_THRESHOLD_MILLIS);
    this.labelPolicy = LabelPolicy.defaults();
    this.featureSchema = FeatureSchema.empty();
    this.rejectOn = new Class<?>[0];
    this.selfMetrics = new SelfMetrics();
    this.subStages = labelPolicy.guard(SUB_STAGE_LABEL, selfMetrics);
    this.listenerErrors = new SelfCounter[0];
    this.chain = new ListenerChain(listeners, listenerErrors);
    this.correlationRejected =
        selfMetrics.counter(SelfMetricNames.CORRELATION_REJECTED, "Rejected correlation IDs");
    this.invalid = invalidCounters(selfMetrics);
    this.anchorEpochNanos = 0;
    this.anchorNanos = 0;
    this.closeTimeoutMillis = 0;
  }

  private InferenceObserver(Builder b) {
    this.noop = false;
    this.model = b.model;
    this.listeners = b.listeners.toArray(new InferenceListener[0]);
    this.clock = b.clock;
    this.slowThresholdNanos = b.slowThreshold.toNanos();
    this.labelPolicy = b.labelPolicy;
    this.featureSchema = b.featureSchema;
    this.rejectOn = b.rejectOn.toArray(new Class<?>[0]);
    this.selfMetrics = new SelfMetrics();
    this.subStages = labelPolicy.guard(SUB_STAGE_LABEL, selfMetrics);
    this.listenerErrors = new SelfCounter[listeners.length];
    for (int i = 0; i < listeners.length; i++) {
      listenerErrors[i] = selfMetrics.counter(SelfMetricNames.LISTENER_ERRORS,
          "Exceptions thrown by listeners",
          "listener", listenerName(listeners[i]));
    }
    this.correlationRejected = selfMetrics.counter(SelfMetricNames.CORRELATION_REJECTED,
        "Caller correlation IDs rejected as invalid and replaced");
    this.chain = new ListenerChain(listeners, listenerErrors);
    this.invalid = invalidCounters(selfMetrics);
    this.anchorNanos = clock.nanoTime();
    this.anchorEpochNanos = clock.epochNanos();
    this.closeTimeoutMillis = b.closeTimeout.toMillis();
  }

  private static SelfCounter[] invalidCounters(SelfMetrics selfMetrics) {
    SelfCounter[] counters = new SelfCounter[InvalidKind.values().length];
    for (InvalidKind kind : InvalidKind.values()) {
      counters[kind.ordinal()] = selfMetrics.counter(SelfMetricNames.INVALID_OBSERVATIONS,
          "Observations refused as invalid (not recorded)", "kind", kind.label());
    }
    return counters;
  }

  private static String listenerName(InferenceListener listener) {
    String name = listener.getClass().getSimpleName();
    return name.isEmpty() ? listener.getClass().getName() : name;
  }

  /** An observer that records nothing and costs almost nothing. */
  public static InferenceObserver noop() {
    return NOOP;
  }

  public static Builder builder() {
    return new Builder();
  }

  // ---- starting requests ----------------------------------------------------------------------

  /** Starts a request with a fresh correlation ID. */
  public Inference start() {
    return start(null);
  }

  /**
   * Starts a request. A valid caller ID (see {@link CorrelationIds}) is kept; {@code null} gets a
   * fresh one; an invalid one is replaced by a fresh one and counted under {@value
   * SelfMetricNames#CORRELATION_REJECTED}.
   */
  public Inference start(@Nullable String correlationId) {
    if (noop) {
      return NoopInference.INSTANCE;
    }
    String id = null;
    long bits = 0;
    if (correlationId != null) {
      if (CorrelationIds.isValid(correlationId)) {
        id = correlationId;
      } else {
        correlationRejected.increment();
        LOG.log(Level.WARNING, "correlation-rejected",
            "Rejected an invalid correlation ID (length " + correlationId.length()
                + "; allowed: 1-128 characters of [A-Za-z0-9._:-], no card number); using a fresh one");
      }
    }
    if (id == null) {
      bits = CorrelationIds.nextBits();
    }
    RecordingInference inf = new RecordingInference(this, id, bits, RecordingInference.currentCleaned());
    chain.fireStart(inf);
    inf.attachedOnOwner(chain.attachAll(inf));
    RecordingInference.setCurrent(inf);
    return inf;
  }

  /**
   * Starts a request that waited in a queue since {@code enqueuedAtNanos} (this observer's
   * {@linkplain #clock() clock}, typically the value {@link #enqueued()} returned): the wait is
   * recorded as its {@link Stage#QUEUE} stage, which ends where the request starts. The request's
   * own duration starts now, as with {@link #start(String)}, so it does not include the wait.
   */
  public Inference start(@Nullable String correlationId, long enqueuedAtNanos) {
    return start(correlationId).queuedSince(enqueuedAtNanos);
  }

  // ---- queues -----------------------------------------------------------------------------------

  /**
   * Counts one request as waiting in a queue (the metrics pillar shows the count as {@code
   * ml_inference_queued_requests}) and returns the enqueue time for {@link #start(String, long)}.
   * Call {@link #dequeued()} when the request leaves the queue, whether it then starts or not.
   */
  public long enqueued() {
    if (!noop) {
      queued.increment();
    }
    return clock.nanoTime();
  }

  /** Counts one request as no longer waiting: taken for work, cancelled, timed out or shed. */
  public void dequeued() {
    if (!noop) {
      queued.decrement();
    }
  }

  /** Requests counted by {@link #enqueued()} and not yet by {@link #dequeued()}. */
  public long queuedRequests() {
    return queued.sum();
  }

  /** Runs the stages of {@code pipeline} on {@code input} as one instrumented request. */
  public <I, O> O run(InferencePipeline<I, O> pipeline, I input) {
    return run(pipeline, input, null);
  }

  /** As {@link #run(InferencePipeline, Object)}, with the caller's correlation ID. */
  public <I, O> O run(InferencePipeline<I, O> pipeline, I input,
      @Nullable String correlationId) {
    Objects.requireNonNull(pipeline, "pipeline");
    // The request ends where its last stage ends, so its time leaves out the listeners' own work
    // at that stage's end, as a scope's time cannot (PipelineTest); it also saves the clock read
    // of close() (benchmarks/RESULTS.md, hot-path ledger).
    return observe(correlationId, pipeline, input, (p, in, inf) -> p.execute(inf, in), true);
  }

  // ---- running a body as one request ------------------------------------------------------------

  /**
   * Runs {@code body} as one request and returns its result: starts the request with {@code
   * correlationId} (as {@link #start(String)} does: {@code null} gets a fresh ID), runs the body
   * with the request as {@link Inference#current()}, and closes it. An exception the body throws
   * marks the request failed (rejected, for a type registered with {@link
   * Builder#rejectOn(Class)}) unless it already recorded an error, and is rethrown unchanged (same
   * instance). On the {@linkplain #noop() no-op observer} it only runs the body.
   *
   * <pre>{@code
   * Decision d = observer.observe(request.header("X-Correlation-ID"), () -> {
   *   Inference inf = Inference.current();
   *   Features f = inf.stage(Stage.FEATURES, () -> store.get(request.userId()));
   *   return inf.stage(Stage.FORWARD, () -> model.predict(f));
   * });
   * }</pre>
   *
   * <p>This is the scope {@code try (Inference inf = start(id)) { ... }} with the failure recorded
   * for you, and what the annotations and the one-call pipeline run on.
   */
  public <T extends @Nullable Object> T observe(@Nullable String correlationId, Supplier<T> body) {
    Objects.requireNonNull(body, "body");
    return observe(correlationId, body, null, (b, unused, inf) -> b.get(), false);
  }

  /** As {@link #observe(String, Supplier)}, for a body that returns nothing. */
  public void observe(@Nullable String correlationId, Runnable body) {
    Objects.requireNonNull(body, "body");
    observe(correlationId, body, null, (b, unused, inf) -> {
      b.run();
      return null;
    }, false);
  }

  /** As {@link #observe(String, Supplier)}; the body's checked exception passes through unchanged. */
  public <T extends @Nullable Object, E extends Exception> T observeChecked(
      @Nullable String correlationId, ThrowingSupplier<T, E> body)
      throws E {
    Objects.requireNonNull(body, "body");
    return observe(correlationId, body, null, (b, unused, inf) -> b.get(), false);
  }

  /**
   * The one request primitive: every style that runs a body as a request (the {@code observe}
   * methods, the pipeline, the annotation proxy, the Spring starter through {@code observe}) runs
   * it here. Starts the request, runs {@code body} on {@code target} and {@code input} (passed as
   * arguments, so callers hand over non-capturing lambdas), records what it throws with {@link
   * Inference#fail} and rethrows it unchanged, and closes the request: at its last stage boundary
   * when {@code endAtLastStage}, else now.
   */
  <A, B, T, E extends Throwable> T observe(String correlationId, A target, B input,
      Inference.Call<A, B, T, E> body, boolean endAtLastStage) throws E {
    Inference inf = start(correlationId);
    T result;
    try {
      result = body.call(target, input, inf);
    } catch (Throwable t) {
      inf.fail(t);
      inf.close();
      throw t;
    }
    if (endAtLastStage) {
      inf.closeAtLastBoundary();
    } else {
      inf.close();
    }
    return result;
  }

  /**
   * Returns a JDK dynamic proxy of {@code iface} over {@code impl}: methods annotated with
   * {@link io.infersight.core.annotation.ObservedInference} open an {@link Inference}, methods
   * annotated with {@link io.infersight.core.annotation.ObservedStage} are timed as stages of the
   * current inference. Exceptions come out unwrapped.
   *
   * @throws IllegalArgumentException when {@code iface} is not an interface
   */
  public <T> T instrument(Class<T> iface, T impl) {
    Objects.requireNonNull(iface, "iface");
    Objects.requireNonNull(impl, "impl");
    if (!iface.isInterface()) {
      throw new IllegalArgumentException("instrument: " + iface.getName() + " is not an interface;"
          + " JDK proxies need one");
    }
    if (!iface.isInstance(impl)) {
      throw new IllegalArgumentException("instrument: impl " + impl.getClass().getName()
          + " does not implement " + iface.getName());
    }
    return InstrumentedProxy.create(this, iface, impl);
  }

  /** Wraps {@code executor} so tasks run with the context of the inference that submitted them. */
  public Executor wrap(Executor executor) {
    Objects.requireNonNull(executor, "executor");
    if (noop) {
      return executor;
    }
    return new ContextExecutors.ContextExecutor(this, executor);
  }

  /** Wraps {@code executor} so tasks run with the context of the inference that submitted them. */
  public ExecutorService wrap(ExecutorService executor) {
    Objects.requireNonNull(executor, "executor");
    if (noop) {
      return executor;
    }
    return new ContextExecutors.ContextExecutorService(this, executor);
  }

  // ---- configuration read by listeners ---------------------------------------------------------

  public ModelId model() {
    return model;
  }

  public InferenceClock clock() {
    return clock;
  }

  public long slowThresholdNanos() {
    return slowThresholdNanos;
  }

  public LabelPolicy labelPolicy() {
    return labelPolicy;
  }

  public FeatureSchema featureSchema() {
    return featureSchema;
  }

  /** Infersight's own counters, exported by the metrics module. */
  public SelfMetrics selfMetrics() {
    return selfMetrics;
  }

  /** The listeners, in call order. */
  public List<InferenceListener> listeners() {
    return List.of(listeners);
  }

  public boolean isNoop() {
    return noop;
  }

  /** Converts a time of the observer's monotonic clock to epoch nanoseconds. */
  public long epochNanos(long nanoTime) {
    return anchorEpochNanos + (nanoTime - anchorNanos);
  }

  /** Whether {@code error} is of a type registered with {@link Builder#rejectOn(Class)}. */
  boolean isRejection(Throwable error) {
    for (Class<?> type : rejectOn) {
      if (type.isInstance(error)) {
        return true;
      }
    }
    return false;
  }

  /** Closes every listener (flushing what they accepted) once; later calls do nothing. */
  @Override
  public void close() {
    if (noop || !closed.compareAndSet(false, true)) {
      return;
    }
    chain.close(closeTimeoutMillis);
  }

  // ---- calling listeners ------------------------------------------------------------------------

  String subStage(String raw) {
    return subStages.resolve(raw);
  }

  void invalid(InvalidKind kind) {
    invalid[kind.ordinal()].increment();
    LOG.log(Level.WARNING, "invalid:" + kind.label(),
        "Ignored an invalid observation (" + kind.label() + "); counted under "
            + SelfMetricNames.INVALID_OBSERVATIONS);
  }

  @Override
  public String toString() {
    return noop ? "InferenceObserver(noop)" : "InferenceObserver{model=" + model + ", listeners="
        + listeners.length + "}";
  }

  /**
   * Builds an {@link InferenceObserver}. Only the model is required.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private ModelId model;
    private final List<InferenceListener> listeners = new ArrayList<>();
    private InferenceClock clock = InferenceClock.system();
    private Duration slowThreshold = Duration.ofMillis(DEFAULT_SLOW_THRESHOLD_MILLIS);
    private Duration closeTimeout = Duration.ofMillis(DEFAULT_CLOSE_TIMEOUT_MILLIS);
    private LabelPolicy labelPolicy = LabelPolicy.defaults();
    private FeatureSchema featureSchema = FeatureSchema.empty();
    private final List<Class<? extends Throwable>> rejectOn = new ArrayList<>();

    private Builder() {}

    /** The served model's name and version. Required. */
    public Builder model(String name, String version) {
      return model(ModelId.of(name, version));
    }

    /** The served model's name, version and git commit. */
    public Builder model(String name, String version, @Nullable String gitCommit) {
      return model(ModelId.of(name, version, gitCommit));
    }

    public Builder model(ModelId model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    /**
     * Adds a listener; listeners are called in the order added. Add a listener that {@linkplain
     * InferenceListener#provides() provides} trace IDs (tracing) before those that {@linkplain
     * InferenceListener#needs() need} them (metrics, logging): {@link #build()} checks it.
     */
    public Builder addListener(InferenceListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    public Builder addListeners(Collection<? extends InferenceListener> more) {
      Objects.requireNonNull(more, "listeners");
      more.forEach(this::addListener);
      return this;
    }

    /** The time source; tests pass a fake one. Default: the system clock. */
    public Builder clock(InferenceClock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Requests longer than this are slow: their logs and traces are always kept. Default {@value
     * #DEFAULT_SLOW_THRESHOLD_MILLIS} ms; must be positive.
     */
    public Builder slowThreshold(Duration threshold) {
      Objects.requireNonNull(threshold, "slowThreshold");
      if (threshold.isNegative() || threshold.isZero()) {
        throw new IllegalArgumentException("slowThreshold must be positive, was " + threshold);
      }
      this.slowThreshold = threshold;
      return this;
    }

    /** How long {@link #close()} lets listeners flush. Default {@value #DEFAULT_CLOSE_TIMEOUT_MILLIS} ms. */
    public Builder closeTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "closeTimeout");
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("closeTimeout must not be negative, was " + timeout);
      }
      this.closeTimeout = timeout;
      return this;
    }

    /** Declared label values and per-label limits. Default: {@link LabelPolicy#defaults()}. */
    public Builder labelPolicy(LabelPolicy policy) {
      this.labelPolicy = Objects.requireNonNull(policy, "labelPolicy");
      return this;
    }

    /** The names of the features passed as {@code double[]}. */
    public Builder featureSchema(FeatureSchema schema) {
      this.featureSchema = Objects.requireNonNull(schema, "featureSchema");
      return this;
    }

    public Builder featureSchema(String... names) {
      return featureSchema(FeatureSchema.of(names));
    }

    /**
     * Exceptions of this type (subclasses included) thrown from a stage, or passed to {@link
     * Inference#fail(Throwable)}, mark the request {@linkplain Status#REJECTED rejected} instead of
     * failed: use the type your input validation throws, the one your server answers with a 400.
     * May be called several times.
     */
    public Builder rejectOn(Class<? extends Throwable> type) {
      Objects.requireNonNull(type, "rejectOn");
      if (!rejectOn.contains(type)) {
        rejectOn.add(type);
      }
      return this;
    }

    /**
     * Builds the observer and installs every listener.
     *
     * @throws IllegalStateException when the model is not set, a listener was added twice, or a
     *     listener that {@linkplain InferenceListener#needs() needs} what another {@linkplain
     *     InferenceListener#provides() provides} was added on the wrong side of it (the message
     *     names both)
     */
    public InferenceObserver build() {
      if (model == null) {
        throw new IllegalStateException("model must be set: call model(name, version) on the builder");
      }
      IdentityHashMap<InferenceListener, Boolean> seen = new IdentityHashMap<>();
      for (InferenceListener l : listeners) {
        if (seen.put(l, Boolean.TRUE) != null) {
          throw new IllegalStateException("listeners: the same listener instance was added twice ("
              + l.getClass().getName() + ")");
        }
      }
      ListenerOrder.check(listeners, InferenceObserver::listenerName);
      InferenceObserver observer = new InferenceObserver(this);
      for (InferenceListener l : observer.listeners) {
        l.onInstall(observer);
      }
      return observer;
    }
  }
}
