package io.infersight.logging.internal;

import io.infersight.core.SelfCounter;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Connects the logback side (appenders configured in XML, which know no observer) to the
 * self-metrics of every observer that installed the logging listener. A drop in the shared async
 * queue is process-wide, so it is added to each registered counter.
 */
public final class LossSinks {
  private static final CopyOnWriteArrayList<SelfCounter> QUEUE_FULL = new CopyOnWriteArrayList<>();
  private static final CopyOnWriteArrayList<SelfCounter> FLUSH_TIMEOUT = new CopyOnWriteArrayList<>();

  private LossSinks() {}

  public static void register(SelfCounter queueFull, SelfCounter flushTimeout) {
    QUEUE_FULL.addIfAbsent(queueFull);
    FLUSH_TIMEOUT.addIfAbsent(flushTimeout);
  }

  public static void unregister(SelfCounter queueFull, SelfCounter flushTimeout) {
    QUEUE_FULL.remove(queueFull);
    FLUSH_TIMEOUT.remove(flushTimeout);
  }

  public static void queueFull() {
    for (SelfCounter c : QUEUE_FULL) {
      c.increment();
    }
  }

  public static void flushTimeout(long n) {
    for (SelfCounter c : FLUSH_TIMEOUT) {
      c.add(n);
    }
  }
}
