package io.infersight.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.infersight.logging.internal.InferenceEventMarker;
import io.infersight.logging.internal.LossSinks;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * An asynchronous appender that never blocks the logging thread: events go into a bounded queue
 * and one named daemon thread hands them to the attached appenders (typically a console appender
 * with the JSON encoder). When the queue is full the event is dropped and counted, under {@link
 * #droppedCount()} and {@code infersight.logs.dropped{reason=queue_full}} of every observer with
 * the logging listener. {@link #flush(long)} waits, within a bound, until everything accepted so
 * far is written; stop and the JVM shutdown hook do the same.
 *
 * <pre>{@code
 * <appender name="ASYNC" class="io.infersight.logging.NonBlockingAsyncAppender">
 *   <queueSize>8192</queueSize>
 *   <appender-ref ref="JSON_STDOUT"/>
 * </appender>
 * }</pre>
 *
 * <p>Unlike logback's {@code AsyncAppender} it counts what it drops, never discards WARN and ERROR
 * before the queue is full, and does not format Infersight's own events on the caller thread.
 *
 * @since 0.1.0
 */
public final class NonBlockingAsyncAppender extends ForwardingAppender {
  /** Default queue capacity in events. */
  public static final int DEFAULT_QUEUE_SIZE = 8192;
  /** Default bound on the flush at stop and at JVM shutdown, in milliseconds. */
  public static final long DEFAULT_MAX_FLUSH_MILLIS = 2_000;

  private static final Set<NonBlockingAsyncAppender> LIVE = ConcurrentHashMap.newKeySet();
  private static final AtomicBoolean HOOK_INSTALLED = new AtomicBoolean();

  private final LongAdder accepted = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final AtomicLong written = new AtomicLong();
  private int queueSize = DEFAULT_QUEUE_SIZE;
  private long maxFlushMillis = DEFAULT_MAX_FLUSH_MILLIS;
  private boolean shutdownHook = true;
  private volatile @Nullable ArrayBlockingQueue<ILoggingEvent> queue;
  private volatile @Nullable Thread worker;

  /** For logback's configurator. */
  public NonBlockingAsyncAppender() {}

  /**
   * Waits until every started instance has written what it accepted, at most {@code
   * timeoutMillis} in all. Returns whether all of it was written.
   */
  public static boolean flushAll(long timeoutMillis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, timeoutMillis));
    boolean all = true;
    for (NonBlockingAsyncAppender a : LIVE) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      all &= a.flush(Math.max(0, left));
    }
    return all;
  }

  /** Queue capacity in events; at least 1. Default {@value #DEFAULT_QUEUE_SIZE}. */
  public void setQueueSize(int queueSize) {
    if (queueSize < 1) {
      throw new IllegalArgumentException("queueSize must be at least 1, was " + queueSize);
    }
    this.queueSize = queueSize;
  }

  public int getQueueSize() {
    return queueSize;
  }

  /** Bound on the flush at stop and JVM shutdown, in ms; not negative. Default {@value #DEFAULT_MAX_FLUSH_MILLIS}. */
  public void setMaxFlushTime(long millis) {
    if (millis < 0) {
      throw new IllegalArgumentException("maxFlushTime must not be negative, was " + millis);
    }
    this.maxFlushMillis = millis;
  }

  public long getMaxFlushTime() {
    return maxFlushMillis;
  }

  /**
   * Whether a JVM shutdown hook flushes this appender (within {@code maxFlushTime}). Default
   * {@code true}; the system property {@code infersight.logging.shutdownHook=false} also turns
   * it off.
   */
  public void setShutdownHook(boolean enabled) {
    this.shutdownHook = enabled;
  }

  public boolean isShutdownHook() {
    return shutdownHook;
  }

  /** Events dropped because the queue was full, or left unwritten when a flush timed out at stop. */
  public long droppedCount() {
    return dropped.sum();
  }

  /** Events accepted into the queue. */
  public long acceptedCount() {
    return accepted.sum();
  }

  @Override
  public void start() {
    if (isStarted()) {
      return;
    }
    if (!appenders.iteratorForAppenders().hasNext()) {
      addError("No appender-ref in [" + name + "]: NonBlockingAsyncAppender needs at least one");
      return;
    }
    queue = new ArrayBlockingQueue<>(queueSize);
    Thread t = new Thread(this::drain, "infersight-log-writer-" + name);
    t.setDaemon(true);
    worker = t;
    super.start();
    t.start();
    LIVE.add(this);
    if (shutdownHook && !"false".equalsIgnoreCase(System.getProperty("infersight.logging.shutdownHook"))
        && HOOK_INSTALLED.compareAndSet(false, true)) {
      Runtime.getRuntime().addShutdownHook(new Thread(
          () -> flushAll(maxFlushMillis), "infersight-log-flush"));
    }
  }

  @Override
  public void stop() {
    if (!isStarted()) {
      return;
    }
    flush(maxFlushMillis);
    super.stop();
    LIVE.remove(this);
    Thread t = worker;
    t.interrupt();
    try {
      t.join(Math.max(1, maxFlushMillis));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    int left = queue.size();
    queue.clear();
    if (left > 0) {
      dropped.add(left);
      LossSinks.flushTimeout(left);
      addWarn(left + " events were still queued in [" + name + "] after " + maxFlushMillis
          + " ms and were dropped (counted as infersight.logs.dropped{reason=flush_timeout})");
    }
    appenders.detachAndStopAllAppenders();
  }

  @Override
  protected void append(ILoggingEvent event) {
    ArrayBlockingQueue<ILoggingEvent> q = queue;
    if (q == null) {
      return;
    }
    // A full queue drops the event before the caller pays for copying its MDC and thread name.
    if (accepted.sum() - written.get() >= queueSize) {
      drop();
      return;
    }
    prepare(event);
    if (q.offer(event)) {
      accepted.increment();
    } else {
      drop();
    }
  }

  private void drop() {
    dropped.increment();
    LossSinks.queueFull();
  }

  /** Captures what the caller thread owns (thread name, MDC, and the message when the arguments may change). */
  private static void prepare(ILoggingEvent event) {
    if (InferenceEventMarker.of(event) != null) {
      // Our events carry immutable values: format on the writer thread.
      event.getThreadName();
      event.getMDCPropertyMap();
    } else {
      event.prepareForDeferredProcessing();
    }
  }

  /**
   * Waits until everything accepted before this call is written, at most {@code timeoutMillis}.
   * Returns whether it all was.
   */
  public boolean flush(long timeoutMillis) {
    long target = accepted.sum();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, timeoutMillis));
    while (written.get() < target) {
      if (System.nanoTime() - deadline >= 0 || worker == null || !worker.isAlive()) {
        return written.get() >= target;
      }
      LockSupport.parkNanos(200_000L);
    }
    return true;
  }

  /**
   * The writer: takes each event as it arrives (waiting while the queue is empty) and hands it to
   * the attached appenders, so a line reaches the output at once. An idle writer is woken by the
   * caller's {@code offer}. A writer that polls the queue every 2 ms instead, so that a caller
   * never has a waiter to wake, costs the caller the same CPU time per logged request
   * (benchmarks/RESULTS.md, hot-path ledger) and delays each line by up to 20 ms.
   */
  private void drain() {
    ArrayBlockingQueue<ILoggingEvent> q = queue;
    while (true) {
      // stop() interrupts the writer once its bounded flush is over: leave the rest (it counts it).
      if (Thread.interrupted() && !isStarted()) {
        return;
      }
      ILoggingEvent e;
      try {
        e = q.take();
      } catch (InterruptedException stopped) {
        if (!isStarted()) {
          return;
        }
        continue;
      }
      try {
        appenders.appendLoopOnAppenders(e);
      } catch (Throwable t) {
        if (t instanceof VirtualMachineError) {
          throw (VirtualMachineError) t;
        }
        addError("An appender behind [" + name + "] failed; the event is lost", t);
      } finally {
        written.incrementAndGet();
      }
    }
  }
}
