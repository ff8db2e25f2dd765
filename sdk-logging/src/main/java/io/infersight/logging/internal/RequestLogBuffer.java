package io.infersight.logging.internal;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.infersight.core.SelfCounter;
import java.util.function.Consumer;

/**
 * The below-WARN events of one request, held until the request ends and the sampling decision is
 * made. Bounded: past the capacity an event is dropped and counted. Thread-safe, since a request's
 * wrapped tasks may log from several threads; the lock is per request, so it is uncontended in
 * practice.
 */
public final class RequestLogBuffer {
  private static final int PENDING = 0;
  private static final int KEEP = 1;
  private static final int DROP = 2;
  private static final int INITIAL = 8;

  private final int capacity;
  private final SelfCounter sampledOut;
  private final SelfCounter bufferFull;
  private Object[] sinks;
  private ILoggingEvent[] events;
  private int size;
  private int decision;

  public RequestLogBuffer(int capacity, SelfCounter sampledOut, SelfCounter bufferFull) {
    this.capacity = capacity;
    this.sampledOut = sampledOut;
    this.bufferFull = bufferFull;
  }

  /**
   * Holds {@code event} for the decision. Returns {@code true} when the decision was already to
   * keep, so the caller forwards it now; otherwise the event is held, or dropped and counted.
   */
  public boolean offer(Consumer<ILoggingEvent> sink, ILoggingEvent event) {
    // The MDC and the arguments belong to this moment; the event may be written much later.
    event.prepareForDeferredProcessing();
    synchronized (this) {
      if (decision == KEEP) {
        return true;
      }
      if (decision == DROP) {
        sampledOut.increment();
        return false;
      }
      if (size >= capacity) {
        bufferFull.increment();
        return false;
      }
      if (events == null || size == events.length) {
        int n = events == null ? Math.min(INITIAL, capacity) : Math.min(events.length * 2, capacity);
        ILoggingEvent[] e = new ILoggingEvent[n];
        Object[] s = new Object[n];
        if (events != null) {
          System.arraycopy(events, 0, e, 0, size);
          System.arraycopy(sinks, 0, s, 0, size);
        }
        events = e;
        sinks = s;
      }
      events[size] = event;
      sinks[size] = sink;
      size++;
      return false;
    }
  }

  /** Decides once: forwards every held event in order ({@code keep}) or counts them as sampled out. */
  @SuppressWarnings("unchecked")
  public void decide(boolean keep) {
    Object[] s;
    ILoggingEvent[] e;
    int n;
    synchronized (this) {
      if (decision != PENDING) {
        return;
      }
      decision = keep ? KEEP : DROP;
      s = sinks;
      e = events;
      n = size;
      sinks = null;
      events = null;
      size = 0;
    }
    if (!keep) {
      sampledOut.add(n);
      return;
    }
    for (int i = 0; i < n; i++) {
      try {
        ((Consumer<ILoggingEvent>) s[i]).accept(e[i]);
      } catch (RuntimeException ignored) {
        // A failing downstream appender loses this event only; logback reports its own errors.
      }
    }
  }

  /** Events held now (for tests and diagnostics). */
  public synchronized int size() {
    return size;
  }
}
