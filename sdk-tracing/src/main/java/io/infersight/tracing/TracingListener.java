package io.infersight.tracing;

import io.infersight.core.Inference;
import io.infersight.core.InferenceBatch;
import io.infersight.core.InferenceView;
import io.infersight.core.KeepReason;
import io.infersight.core.InferenceListener;
import io.infersight.core.InferenceObserver;
import io.infersight.core.ListenerCapability;
import io.infersight.core.SelfCounter;
import io.infersight.core.SelfMetricNames;
import io.infersight.core.SelfMetrics;
import io.infersight.core.SlotKey;
import io.infersight.core.Stage;
import io.infersight.core.internal.Sampling;
import io.infersight.core.internal.ThrottlingLogger;
import io.infersight.tracing.internal.ExportDropCounter;
import io.infersight.tracing.internal.PresetIdGenerator;
import io.infersight.tracing.internal.RecorderPool;
import io.infersight.tracing.internal.SpanTreeEmitter;
import io.infersight.tracing.internal.StageRecorder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * The tracing pillar as an {@link InferenceListener}: a root span {@code ml.inference} per
 * request, a child span per stage and a grandchild per sub-stage, with the trace and span IDs
 * handed to core so that logs and metric exemplars carry them.
 *
 * <pre>{@code
 * InferenceObserver observer = InferenceObserver.builder()
 *     .model("fraud-detector", "2.1.0")
 *     .addListener(InfersightTracing.listener(openTelemetry))   // before the logging listener
 *     .build();
 * }</pre>
 *
 * <p>Sampling: a request whose current context has a span follows that span's sampled flag;
 * otherwise it is sampled with the configured ratio. A request that is not sampled creates no
 * span object while it runs: its stage timings go to a pooled recorder, and when it ends in error
 * or over the observer's slow threshold its whole tree is emitted then, with explicit timestamps
 * and the attribute {@link InferenceSpans#KEPT_AFTER_THE_FACT}. While a sampled request runs, its
 * root span's context is current on the starting thread and on worker threads reached through
 * {@link InferenceObserver#wrap(java.util.concurrent.Executor)}.
 *
 * <p>One tracing listener per observer. Register it before the metrics and logging listeners, so
 * that exemplars and log events of requests kept after the fact carry their trace IDs; {@link
 * InferenceObserver.Builder#build()} fails otherwise ({@link #provides()}).
 *
 * @since 0.1.0
 */
public final class TracingListener implements InferenceListener {
  /** @deprecated Use {@link SelfMetricNames#TRACES_KEPT}. */
  @Deprecated
  public static final String TRACES_KEPT = SelfMetricNames.TRACES_KEPT;
  /**
   * @deprecated Use {@link SelfMetricNames#SPANS_DROPPED}: spans lost before reaching the backend,
   *     by {@code reason}: {@code queue_full}, {@code export_failed}, {@code shutdown} (counted for
   *     the SDK made by {@link InfersightTracing#sdkBuilder()}), {@code too_many_stages} and {@code
   *     sampler_refused}.
   */
  @Deprecated
  public static final String SPANS_DROPPED = SelfMetricNames.SPANS_DROPPED;

  private static final SlotKey<StageRecorder> RECORDER = SlotKey.create("tracing.recorder");
  private static final SlotKey<Context> ROOT_CONTEXT = SlotKey.create("tracing.rootContext");
  private static final ThrottlingLogger LOG = ThrottlingLogger.forName("io.infersight.tracing");

  private final SpanTreeEmitter emitter;
  private final double samplingRatio;
  private final boolean keepErrors;
  private final boolean keepSlow;
  private final RecorderPool pool;
  private final @Nullable ExportDropCounter exportDrops;
  private final @Nullable OwnedSdk owned;
  private volatile @Nullable Counters counters;
  /** Whether IDs are drawn at the start of requests that head sampling dropped. */
  private volatile boolean presetIds;

  /** Something this listener shuts down on close: the SDK that the convenience builder made. */
  interface OwnedSdk {
    void shutdown(long timeoutMillis);

    boolean isShutdown();
  }

  TracingListener(TracingListenerBuilder b, @Nullable ExportDropCounter exportDrops, @Nullable OwnedSdk owned) {
    this.emitter = new SpanTreeEmitter(b.openTelemetry.getTracer(InferenceSpans.INSTRUMENTATION_SCOPE,
        InfersightTracing.VERSION));
    this.samplingRatio = b.samplingRatio;
    this.keepErrors = b.keepErrors;
    this.keepSlow = b.keepSlow;
    this.pool = new RecorderPool(b.recorderPoolSize, b.maxStageSpans);
    this.exportDrops = exportDrops;
    this.owned = owned;
    this.presetIds = b.presetIds;
  }

  /** The head-sampling ratio, for requests without a parent span. */
  public double samplingRatio() {
    return samplingRatio;
  }

  /**
   * Trace IDs, set in onStart and, for a trace kept after the fact, in onEnd: the observer's
   * builder checks that the listeners that need them (metrics exemplars, logging) come after.
   */
  @Override
  public Set<ListenerCapability> provides() {
    return Set.of(ListenerCapability.TRACE_IDS);
  }

  @Override
  public void onInstall(InferenceObserver observer) {
    for (var other : observer.listeners()) {
      if (other != this && other instanceof TracingListener) {
        throw new IllegalStateException("listeners: only one TracingListener may be added to an"
            + " observer; both would write the same per-request slots");
      }
    }
    Counters c = new Counters(observer);
    if (counters == null) {
      counters = c;
    }
    if (exportDrops != null) {
      exportDrops.bind(observer.selfMetrics());
    }
  }

  @Override
  public void onStart(InferenceView inf) {
    Context parent = Context.current();
    SpanContext parentSpan = Span.fromContext(parent).getSpanContext();
    boolean sampled = parentSpan.isValid() ? parentSpan.isSampled() : Sampling.draw(samplingRatio);
    if (!sampled && !keepErrors && !keepSlow) {
      return;
    }
    StageRecorder rec = pool.acquire();
    rec.bind(inf, parent);
    inf.setSlot(RECORDER, rec);
    if (!sampled) {
      // Drawn now so that every log line of the request can carry them; a tree kept after the
      // fact is emitted with exactly these IDs (PresetIdGenerator).
      // Kept as bits: the hex strings are formatted only when a log line, an exemplar or the
      // exported span reads them (two strings per request otherwise, 128 B).
      if (presetIds) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long high;
        long low;
        if (parentSpan.isValid()) {
          String parentTrace = parentSpan.getTraceId();
          high = Long.parseUnsignedLong(parentTrace, 0, 16, 16);
          low = Long.parseUnsignedLong(parentTrace, 16, 32, 16);
        } else {
          do {
            high = r.nextLong();
            low = r.nextLong();
          } while (high == 0 && low == 0);
        }
        long spanId;
        do {
          spanId = r.nextLong();
        } while (spanId == 0);
        rec.presetIds(high, low, spanId);
        inf.setTrace(high, low, spanId, false);
      }
    } else {
      Span root = emitter.startRoot(inf, parent, null);
      rec.root(root);
      SpanContext sc = root.getSpanContext();
      if (sc.isValid()) {
        // When the app's own sampler refused the root, its non-recording context still propagates.
        inf.setSlot(ROOT_CONTEXT, parent.with(root));
        inf.setTrace(sc.getTraceId(), sc.getSpanId(), sc.isSampled());
      }
    }
  }

  @Override
  public @Nullable Object attach(InferenceView inf) {
    Context ctx = inf.slot(ROOT_CONTEXT);
    return ctx == null ? null : ctx.makeCurrent();
  }

  @Override
  public void detach(InferenceView inf, @Nullable Object token) {
    if (token instanceof Scope) {
      ((Scope) token).close();
    }
  }

  @Override
  public void onStageEnd(InferenceView inf, Stage stage, @Nullable String subStage, long startNanos,
      long durationNanos, @Nullable Throwable error) {
    StageRecorder rec = inf.slot(RECORDER);
    if (rec != null && rec.isOwnedBy(inf)) {
      rec.record(stage, subStage, startNanos, durationNanos, error);
    }
  }

  /**
   * One {@code ml.batch} span per execution that has a sampled member, linked to the sampled
   * members' roots; every member still recording gets a link to it for its {@code model.forward}
   * span. An execution without a sampled member allocates nothing here.
   */
  @Override
  public void onBatch(InferenceBatch batch) {
    int n = batch.size();
    Context parent = null;
    for (int i = 0; i < n && parent == null; i++) {
      Inference m = batch.member(i);
      if (m.traceSampled()) {
        parent = m.slot(ROOT_CONTEXT);
      }
    }
    if (parent == null) {
      return;
    }
    Span[] roots = new Span[n];
    for (int i = 0; i < n; i++) {
      Inference m = batch.member(i);
      StageRecorder rec = m.slot(RECORDER);
      if (m.traceSampled() && rec != null && rec.isOwnedBy(m) && rec.root() != null) {
        roots[i] = rec.root();
      }
    }
    SpanContext sc = emitter.batch(batch, parent, roots).getSpanContext();
    if (!sc.isValid()) {
      return;
    }
    for (int i = 0; i < n; i++) {
      Inference m = batch.member(i);
      StageRecorder rec = m.slot(RECORDER);
      if (rec != null && rec.isOwnedBy(m)) {
        rec.batchLink(sc);
      }
    }
  }

  @Override
  public void onEnd(InferenceView inf) {
    StageRecorder rec = inf.slot(RECORDER);
    if (rec == null || !rec.isOwnedBy(inf)) {
      return;
    }
    inf.setSlot(RECORDER, null);
    try {
      Span root = rec.root();
      if (root != null && root.getSpanContext().isSampled()) {
        emitter.finish(inf, root, rec, null);
        countOverflow(inf, rec);
        return;
      }
      if (root != null && !root.getSpanContext().isValid()) {
        countIfShutDown(inf, rec);
        return;
      }
      KeepReason kept = keepReason(inf);
      if (kept != null) {
        keepAfterTheFact(inf, rec, kept);
      } else if (rec.hasPresetIds()) {
        // No trace is exported for it: the final log event links to none.
        inf.setTrace(null, null, false);
      }
    } finally {
      pool.release(rec);
    }
  }

  /** The request's reason, among those this listener is set to keep after the fact. */
  private @Nullable KeepReason keepReason(InferenceView inf) {
    KeepReason reason = inf.keepReason();
    if (keepErrors && reason == KeepReason.ERROR) {
      return reason;
    }
    return keepSlow && inf.isSlow() ? KeepReason.SLOW : null;
  }

  private void keepAfterTheFact(InferenceView inf, StageRecorder rec, KeepReason reason) {
    String kept = reason.label();
    Span root;
    boolean presetTaken;
    PresetIdGenerator.preset(rec.presetTraceHigh(), rec.presetTraceLow(), rec.presetSpanId());
    try {
      root = emitter.startRoot(inf, rec.parent(), kept);
    } finally {
      presetTaken = PresetIdGenerator.clear();
    }
    emitter.finish(inf, root, rec, kept);
    countOverflow(inf, rec);
    SpanContext sc = root.getSpanContext();
    Counters c = counters(inf.observer());
    if (!sc.isValid()) {
      inf.setTrace(null, null, false);
      countIfShutDown(inf, rec);
    } else if (sc.isSampled()) {
      // Exported now: metrics listeners after this one may point an exemplar at it.
      inf.setTrace(sc.getTraceId(), sc.getSpanId(), true);
      (reason == KeepReason.ERROR ? c.keptError : c.keptSlow).increment();
      if (rec.hasPresetIds() && !presetTaken) {
        // The SDK has its own ID generator: IDs drawn at the start would name no exported trace.
        presetIds = false;
        LOG.log(Level.WARNING, "foreign-id-generator", "The OpenTelemetry SDK did not take the IDs that"
            + " Infersight drew for a request's log lines; install InfersightTracing.idGenerator() on its"
            + " SdkTracerProvider (the agent extension and InfersightTracing.sdkBuilder() do) so that the log"
            + " lines written during a failed or slow request name its trace. Only the final event does now.");
      }
    } else {
      inf.setTrace(null, null, false);
      c.refused.add(1L + rec.size());
      LOG.log(Level.WARNING, "kept-refused", "The OpenTelemetry sampler refused a trace kept after"
          + " the fact (" + kept + "); wrap your sampler with InfersightTracing.sampler(...) to let"
          + " them through. Counted under " + SelfMetricNames.SPANS_DROPPED + "{reason=sampler_refused}");
    }
  }

  /** A no-op span from our own SDK means it was shut down: the tree is lost, and counted. */
  private void countIfShutDown(InferenceView inf, StageRecorder rec) {
    if (owned != null && owned.isShutdown()) {
      counters(inf.observer()).shutdown.add(1L + rec.size());
    }
  }

  private void countOverflow(InferenceView inf, StageRecorder rec) {
    if (rec.overflow() > 0) {
      counters(inf.observer()).tooManyStages.add(rec.overflow());
      LOG.log(Level.WARNING, "too-many-stages", "A request ran more stages and sub-stages than"
          + " maxStageSpans; the extra spans were dropped and counted under "
          + SelfMetricNames.SPANS_DROPPED + "{reason=too_many_stages}");
    }
  }

  private Counters counters(InferenceObserver observer) {
    Counters c = counters;
    return c != null && c.observer == observer ? c : new Counters(observer);
  }

  @Override
  public void close(long timeoutMillis) {
    if (owned != null) {
      owned.shutdown(timeoutMillis);
    }
  }

  @Override
  public String toString() {
    return "TracingListener{samplingRatio=" + samplingRatio + ", keepErrors=" + keepErrors
        + ", keepSlow=" + keepSlow + "}";
  }

  /** The self-metrics of one observer, resolved once. */
  private static final class Counters {
    final InferenceObserver observer;
    final SelfCounter keptError;
    final SelfCounter keptSlow;
    final SelfCounter tooManyStages;
    final SelfCounter refused;
    final SelfCounter shutdown;

    Counters(InferenceObserver observer) {
      this.observer = observer;
      SelfMetrics m = observer.selfMetrics();
      String kept = "Traces dropped by head sampling and kept after the fact";
      keptError = m.counter(SelfMetricNames.TRACES_KEPT, kept, "reason", KeepReason.ERROR.label());
      keptSlow = m.counter(SelfMetricNames.TRACES_KEPT, kept, "reason", KeepReason.SLOW.label());
      String dropped = ExportDropCounter.DESCRIPTION;
      tooManyStages = m.counter(SelfMetricNames.SPANS_DROPPED, dropped, "reason", "too_many_stages");
      refused = m.counter(SelfMetricNames.SPANS_DROPPED, dropped, "reason", "sampler_refused");
      shutdown = m.counter(SelfMetricNames.SPANS_DROPPED, dropped, "reason", "shutdown");
    }
  }
}
