package io.infersight.logging.internal;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.infersight.core.SelfCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The below-WARN events of one request, held until the request ends and the sampling decision is
 * made. Bounded: past the capacity an event is dropped and counted. Thread-safe, since a request's
 * wrapped tasks may log from several threads; the lock is per request, so it is uncontended in
 * practice.
 */
public final class RequestLogBuffer {
  private static final int INITIAL = 8;

  /** The sampling decision for the request's held events. */
  private enum Decision {
    PENDING,
    KEEP,
    DROP
  }

  /** One held event and the appender to forward it to. */
  private record Held(Consumer<ILoggingEvent> sink, ILoggingEvent event) {}

  private final int capacity;
  private final SelfCounter sampledOut;
  private final SelfCounter bufferFull;
  private @Nullable List<Held> held;
  private Decision decision = Decision.PENDING;

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
      if (decision == Decision.KEEP) {
        return true;
      }
      if (decision == Decision.DROP) {
        sampledOut.increment();
        return false;
      }
      List<Held> h = held;
      if (h == null) {
        h = new ArrayList<>(Math.min(INITIAL, capacity));
        held = h;
      }
      if (h.size() >= capacity) {
        bufferFull.increment();
        return false;
      }
      h.add(new Held(sink, event));
      return false;
    }
  }

  /** Decides once: forwards every held event in order ({@code keep}) or counts them as sampled out. */
  public void decide(boolean keep) {
    List<Held> h;
    synchronized (this) {
      if (decision != Decision.PENDING) {
        return;
      }
      decision = keep ? Decision.KEEP : Decision.DROP;
      h = held;
      held = null;
    }
    if (h == null) {
      return;
    }
    if (!keep) {
      sampledOut.add(h.size());
      return;
    }
    for (Held e : h) {
      try {
        e.sink().accept(e.event());
      } catch (RuntimeException ignored) {
        // A failing downstream appender loses this event only; logback reports its own errors.
      }
    }
  }

  /** Events held now (for tests and diagnostics). */
  public synchronized int size() {
    List<Held> h = held;
    return h == null ? 0 : h.size();
  }
}
