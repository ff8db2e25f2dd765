package io.infersight.spring.boot.autoconfigure;

import io.infersight.core.CorrelationIds;
import io.infersight.core.InferenceView;
import io.infersight.core.InferenceListener;
import io.infersight.core.ListenerCapability;
import io.infersight.core.SelfCounter;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * The correlation ID of the HTTP exchange running on this thread, and the MDC fields that carry it
 * (and the trace of the exchange's last request) for the whole exchange, so that every log line of
 * it, the container's own included, has them.
 */
final class CorrelationContext {
  static final String MDC_CORRELATION_ID = "correlation_id";
  static final String MDC_TRACE_ID = "trace_id";
  static final String MDC_SPAN_ID = "span_id";
  /** Request attribute (and Reactor context key) holding the accepted or generated ID. */
  static final String ATTRIBUTE = "io.infersight.correlation_id";
  /** Reactor context key of a WebFlux exchange's {@link Exchange}. */
  static final String EXCHANGE = "io.infersight.exchange";

  private static final ThreadLocal<Exchange> CURRENT = new ThreadLocal<>();

  private CorrelationContext() {}

  /** The current exchange's ID, or {@code null} outside an exchange. */
  static @Nullable String current() {
    Exchange e = CURRENT.get();
    return e == null ? null : e.id;
  }

  /** Keeps {@code header} when valid, else makes a fresh ID (counting a rejected one). */
  static String accept(@Nullable String header, @Nullable SelfCounter rejected) {
    if (CorrelationIds.isValid(header)) {
      return header;
    }
    if (header != null && rejected != null) {
      rejected.increment();
    }
    return CorrelationIds.generate();
  }

  /** Starts an exchange on this thread: the ID goes into the MDC until {@link #end()}. */
  static Exchange begin(String id) {
    Exchange e = new Exchange(id);
    enter(e);
    return e;
  }

  /** The exchange running on this thread, or {@code null}. */
  static @Nullable Exchange currentExchange() {
    return CURRENT.get();
  }

  /**
   * Makes {@code e} this thread's exchange (a WebFlux exchange arriving on another thread): its ID,
   * and the trace of its last request when one ended, go into the MDC until {@link #end()}.
   */
  static void enter(Exchange e) {
    CURRENT.set(e);
    MDC.put(MDC_CORRELATION_ID, e.id);
    String traceId = e.traceId;
    if (traceId != null) {
      MDC.put(MDC_TRACE_ID, traceId);
      MDC.put(MDC_SPAN_ID, e.spanId);
    }
  }

  /** Puts the trace of the exchange's last request back into the MDC (after the request ended). */
  static void restoreTrace() {
    Exchange e = CURRENT.get();
    if (e != null && e.traceId != null) {
      MDC.put(MDC_CORRELATION_ID, e.id);
      MDC.put(MDC_TRACE_ID, e.traceId);
      MDC.put(MDC_SPAN_ID, e.spanId);
    }
  }

  /** Ends the exchange on this thread and removes its MDC fields. */
  static void end() {
    CURRENT.remove();
    MDC.remove(MDC_CORRELATION_ID);
    MDC.remove(MDC_TRACE_ID);
    MDC.remove(MDC_SPAN_ID);
  }

  /**
   * One HTTP exchange: its ID and the trace of its last request that ended. A WebFlux exchange's
   * instance travels in the Reactor context, so every thread that runs a part of it shares it.
   */
  static final class Exchange {
    final String id;
    volatile String traceId;
    volatile String spanId;

    Exchange(String id) {
      this.id = id;
    }
  }

  /**
   * Remembers the trace of each request that ends on an exchange's thread and puts it back into
   * the MDC there, so that log lines after the request (the controller's, an error page, the
   * container's error log) still carry it. It works in {@code detach}, which the owning thread
   * runs after every listener's {@code onEnd} and in reverse chain order: placed first in the
   * chain, it runs after the logging listener has restored the MDC of before the request. It
   * declares so ({@link #needs()}), and the observer's builder checks it.
   */
  static final class TraceKeeper implements InferenceListener {
    @Override
    public Set<ListenerCapability> needs() {
      return Set.of(ListenerCapability.THREAD_CONTEXT);
    }

    @Override
    public void detach(InferenceView inference, @Nullable Object token) {
      Exchange e = CURRENT.get();
      if (e == null || !inference.isClosed()) {
        return;
      }
      if (inference.traceId() != null) {
        e.spanId = inference.spanId();
        e.traceId = inference.traceId();
      }
      restoreTrace();
    }

    @Override
    public String toString() {
      return "CorrelationContext.TraceKeeper";
    }
  }
}
