package io.infersight.logging;

import io.infersight.core.InferenceView;
import io.infersight.core.KeepReason;
import io.infersight.core.InferenceListener;
import io.infersight.core.InferenceObserver;
import io.infersight.core.ListenerCapability;
import io.infersight.core.SelfCounter;
import io.infersight.core.SelfMetricNames;
import io.infersight.core.SlotKey;
import io.infersight.core.Stage;
import io.infersight.core.Status;
import io.infersight.core.internal.Sampling;
import io.infersight.logging.internal.InferenceEventMarker;
import io.infersight.logging.internal.InferenceEventMarker.Kind;
import io.infersight.logging.internal.LossSinks;
import io.infersight.logging.internal.RequestLogBuffer;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The logs pillar's {@link InferenceListener}: keeps {@code correlation_id} (and {@code trace_id},
 * {@code span_id} when traced) in the MDC while a request runs on a thread, emits the request's
 * events with typed fields, makes the per-request sampling decision, and counts what it samples
 * out. Create it with {@link InfersightLogging#listener()} or {@link InfersightLogging#listenerBuilder()}.
 *
 * <pre>{@code
 * LoggingListener logging = InfersightLogging.listener();
 * InferenceObserver observer = InferenceObserver.builder().model("fraud", "2.1.0")
 *     .addListener(logging).build();
 * ...
 * long sampledOut = logging.sampledOutCount();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class LoggingListener implements InferenceListener {
  private static final SlotKey<RequestLogBuffer> BUFFER = SlotKey.create("logging.buffer");
  private static final SlotKey<Boolean> RECEIVED = SlotKey.create("logging.received");
  /** The MDC values a request's {@link #attach} replaced on a thread, restored by {@link #detach}. */
  private record PreviousMdc(@Nullable String correlationId, @Nullable String traceId,
      @Nullable String spanId) {}

  private static final PreviousMdc NO_PREVIOUS = new PreviousMdc(null, null, null);
  private static volatile LoggingListener[] installed = new LoggingListener[0];

  private final double sampleRate;
  private final int bufferCapacity;
  private final Logger events;
  private volatile InferenceObserver observer;
  private SelfCounter sampledOut;
  private SelfCounter bufferFull;
  private SelfCounter queueFull;
  private SelfCounter flushTimeout;

  LoggingListener(double sampleRate, int bufferCapacity, String eventLoggerName) {
    this.sampleRate = sampleRate;
    this.bufferCapacity = bufferCapacity;
    this.events = LoggerFactory.getLogger(eventLoggerName);
  }

  // ---- the observer's lifecycle ----------------------------------------------------------------

  /** The MDC: set in attach, restored in detach. */
  @Override
  public Set<ListenerCapability> provides() {
    return Set.of(ListenerCapability.THREAD_CONTEXT);
  }

  /**
   * Trace IDs: they go into the MDC and the events, and a trace kept after the fact keeps the
   * request's events ({@code kept_by=trace}), so the tracing listener comes first.
   */
  @Override
  public Set<ListenerCapability> needs() {
    return Set.of(ListenerCapability.TRACE_IDS);
  }

  @Override
  public synchronized void onInstall(InferenceObserver observer) {
    if (this.observer != null) {
      throw new IllegalStateException("this LoggingListener is already installed on " + this.observer
          + "; build one listener per observer");
    }
    this.observer = observer;
    String desc = "Log events dropped by Infersight, by reason";
    sampledOut = observer.selfMetrics().counter(SelfMetricNames.LOGS_SAMPLED_OUT,
        "Log events of successful, fast, unsampled requests left out by sampling");
    bufferFull = observer.selfMetrics().counter(SelfMetricNames.LOGS_DROPPED, desc, "reason", "buffer_full");
    queueFull = observer.selfMetrics().counter(SelfMetricNames.LOGS_DROPPED, desc, "reason", "queue_full");
    flushTimeout = observer.selfMetrics().counter(SelfMetricNames.LOGS_DROPPED, desc, "reason", "flush_timeout");
    LossSinks.register(queueFull, flushTimeout);
    synchronized (LoggingListener.class) {
      LoggingListener[] now = installed;
      LoggingListener[] grown = java.util.Arrays.copyOf(now, now.length + 1);
      grown[now.length] = this;
      installed = grown;
    }
  }

  /** Flushes the async appenders within {@code timeoutMillis}; the listener keeps working for late requests. */
  @Override
  public void close(long timeoutMillis) {
    NonBlockingAsyncAppender.flushAll(timeoutMillis);
    if (queueFull != null) {
      LossSinks.unregister(queueFull, flushTimeout);
    }
    synchronized (LoggingListener.class) {
      LoggingListener[] now = installed;
      installed = java.util.Arrays.stream(now).filter(l -> l != this).toArray(LoggingListener[]::new);
    }
  }

  // ---- MDC --------------------------------------------------------------------------------------

  @Override
  public @Nullable Object attach(InferenceView inf) {
    String prevId = MDC.get(InfersightLogging.MDC_CORRELATION_ID);
    String prevTrace = MDC.get(InfersightLogging.MDC_TRACE_ID);
    String prevSpan = MDC.get(InfersightLogging.MDC_SPAN_ID);
    putIds(inf, false);
    if (inf.slot(RECEIVED) == null && events.isDebugEnabled()) {
      // The first attach runs on the starting thread before start() returns: the MDC is now set.
      inf.setSlot(RECEIVED, Boolean.TRUE);
      events.debug(new InferenceEventMarker(inf, Kind.REQUEST_RECEIVED, false, 0, null),
          Kind.REQUEST_RECEIVED.eventName());
    }
    if (prevId == null && prevTrace == null && prevSpan == null) {
      // No token: core then allocates no token array for this request (detach reads null as
      // "nothing to restore").
      return null;
    }
    return new PreviousMdc(prevId, prevTrace, prevSpan);
  }

  @Override
  public void detach(InferenceView inf, @Nullable Object token) {
    PreviousMdc prev = token instanceof PreviousMdc ? (PreviousMdc) token : NO_PREVIOUS;
    restore(InfersightLogging.MDC_CORRELATION_ID, prev.correlationId());
    restore(InfersightLogging.MDC_TRACE_ID, prev.traceId());
    restore(InfersightLogging.MDC_SPAN_ID, prev.spanId());
  }

  /**
   * Puts the request's IDs in the MDC. The IDs of a trace that is not exported (yet) go in only
   * with {@code unexported}: at attach they are left to {@link #putPendingTraceIds}, which the
   * sampling appender calls as a line is logged, because most such requests log nothing and
   * formatting the two IDs for the MDC would cost every request 192 B.
   */
  private static void putIds(InferenceView inf, boolean unexported) {
    MDC.put(InfersightLogging.MDC_CORRELATION_ID, inf.correlationId());
    boolean put = unexported || inf.traceSampled();
    setOrRemove(InfersightLogging.MDC_TRACE_ID, put ? inf.traceId() : null);
    setOrRemove(InfersightLogging.MDC_SPAN_ID, put ? inf.spanId() : null);
  }

  /**
   * Puts the trace IDs of {@code inf}, whose trace is not exported (yet), in the MDC of this
   * thread when a line is logged here while the request is attached (its correlation ID is in
   * the MDC); {@link #detach} restores the previous values.
   */
  static void putPendingTraceIds(InferenceView inf) {
    if (!inf.hasTrace() || inf.traceSampled() || MDC.get(InfersightLogging.MDC_TRACE_ID) != null
        || !installedOn(inf.observer())
        || !inf.correlationId().equals(MDC.get(InfersightLogging.MDC_CORRELATION_ID))) {
      return;
    }
    MDC.put(InfersightLogging.MDC_TRACE_ID, inf.traceId());
    MDC.put(InfersightLogging.MDC_SPAN_ID, inf.spanId());
  }

  private static boolean installedOn(InferenceObserver o) {
    for (LoggingListener l : installed) {
      if (l.observer == o) {
        return true;
      }
    }
    return false;
  }

  private static void setOrRemove(String key, @Nullable String value) {
    if (value != null) {
      MDC.put(key, value);
    } else if (MDC.get(key) != null) {
      MDC.remove(key);
    }
  }

  private static void restore(String key, @Nullable String previous) {
    if (previous == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, previous);
    }
  }

  // ---- events -----------------------------------------------------------------------------------

  @Override
  public void onStageEnd(InferenceView inf, Stage stage, @Nullable String subStage, long startNanos,
      long durationNanos, @Nullable Throwable error) {
    if (stage == Stage.FEATURES && subStage == null && events.isDebugEnabled()) {
      emit(inf, false, new InferenceEventMarker(inf, Kind.FEATURES_RETRIEVED, false, durationNanos, null));
    }
  }

  @Override
  public void onEnd(InferenceView inf) {
    // A rejected request (the caller's input was invalid) is no failure of the service: it is
    // sampled like a success, so a client sending bad requests cannot flood the log.
    Status status = inf.status();
    boolean failed = status == Status.ERROR;
    KeepReason keptBy = inf.keepReason();
    if (keptBy == null && Sampling.draw(sampleRate)) {
      keptBy = KeepReason.RATE;
    }
    RequestLogBuffer buffer = inf.slot(BUFFER);
    if (buffer != null) {
      buffer.decide(keptBy != null);
    }
    if (failed) {
      if (events.isWarnEnabled()) {
        emit(inf, true, new InferenceEventMarker(inf, Kind.FAILED, true, 0, keptBy));
      }
    } else if (events.isInfoEnabled()) {
      if (keptBy == null) {
        sampledOut.increment();
      } else {
        Kind kind = status == Status.REJECTED ? Kind.REJECTED : Kind.COMPLETE;
        emit(inf, false, new InferenceEventMarker(inf, kind, true, 0, keptBy));
      }
    }
  }

  /** Logs with this request's IDs in the MDC: already there on an attached thread, put for the call otherwise. */
  private void emit(InferenceView inf, boolean warn, InferenceEventMarker marker) {
    String id = inf.correlationId();
    String current = MDC.get(InfersightLogging.MDC_CORRELATION_ID);
    PreviousMdc saved = null;
    // The trace IDs may have changed since attach (a trace kept after the fact, or none exported).
    if (!id.equals(current) || !Objects.equals(inf.traceId(), MDC.get(InfersightLogging.MDC_TRACE_ID))
        || !Objects.equals(inf.spanId(), MDC.get(InfersightLogging.MDC_SPAN_ID))) {
      saved = new PreviousMdc(current, MDC.get(InfersightLogging.MDC_TRACE_ID),
          MDC.get(InfersightLogging.MDC_SPAN_ID));
      putIds(inf, true);
    }
    try {
      String message = marker.kind().eventName();
      if (warn) {
        events.warn(marker, message);
      } else if (marker.kind() == Kind.COMPLETE || marker.kind() == Kind.REJECTED) {
        events.info(marker, message);
      } else {
        events.debug(marker, message);
      }
    } finally {
      if (saved != null) {
        detach(inf, saved);
      }
    }
  }

  // ---- sampling buffers, found by the sampling appender ---------------------------------------

  /** The buffer of {@code inf}, created on first use, or {@code null} when its observer has no logging listener. */
  static @Nullable RequestLogBuffer bufferFor(InferenceView inf) {
    InferenceObserver o = inf.observer();
    LoggingListener[] ls = installed;
    for (LoggingListener l : ls) {
      if (l.observer == o) {
        return l.buffer(inf);
      }
    }
    return null;
  }

  private RequestLogBuffer buffer(InferenceView inf) {
    RequestLogBuffer b = inf.slot(BUFFER);
    if (b != null) {
      return b;
    }
    synchronized (inf) {
      b = inf.slot(BUFFER);
      if (b == null) {
        b = new RequestLogBuffer(bufferCapacity, sampledOut, bufferFull);
        inf.setSlot(BUFFER, b);
      }
    }
    if (inf.isClosed()) {
      // A straggler task logged as its request ended: the decision may be past, so let it through.
      b.decide(true);
    }
    return b;
  }

  // ---- readable counts --------------------------------------------------------------------------

  /** Log events left out by sampling, since install (also {@value SelfMetricNames#LOGS_SAMPLED_OUT}). */
  public long sampledOutCount() {
    return sampledOut == null ? 0 : sampledOut.count();
  }

  /**
   * Log events dropped for {@code reason}: {@code buffer_full}, {@code queue_full} or {@code
   * flush_timeout} (also {@value SelfMetricNames#LOGS_DROPPED}{@code {reason=...}}).
   */
  public long droppedCount(String reason) {
    InferenceObserver o = observer;
    return o == null ? 0 : o.selfMetrics().count(SelfMetricNames.LOGS_DROPPED, "reason", reason);
  }

  /** The configured sample rate of successful, fast, unsampled requests. */
  public double sampleRate() {
    return sampleRate;
  }

  /** The most events one request holds while its sampling decision is pending. */
  public int requestBufferSize() {
    return bufferCapacity;
  }

  @Override
  public String toString() {
    return "LoggingListener{sampleRate=" + sampleRate + ", requestBufferSize=" + bufferCapacity
        + ", eventLogger=" + events.getName() + "}";
  }
}
