package io.infersight.core.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Logs a problem the first time it happens and then at most once per interval per key, with the
 * number of occurrences suppressed in between. Used wherever a recording call meets bad input,
 * so a flood of bad requests cannot flood the log.
 *
 * <p>This class is internal and may change without notice.
 */
public final class ThrottlingLogger {
  /** Default interval between two lines for the same key. */
  public static final long DEFAULT_INTERVAL_MILLIS = 60_000;

  private final Logger logger;
  private final long intervalNanos;
  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

  public ThrottlingLogger(Logger logger) {
    this(logger, DEFAULT_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
  }

  public ThrottlingLogger(Logger logger, long interval, TimeUnit unit) {
    this.logger = logger;
    this.intervalNanos = unit.toNanos(interval);
  }

  public static ThrottlingLogger forName(String name) {
    return new ThrottlingLogger(System.getLogger(name));
  }

  /** Logs {@code message} for {@code key} unless it was logged within the interval. */
  public void log(Level level, String key, String message, @Nullable Throwable error) {
    Window w = windows.computeIfAbsent(key, k -> new Window());
    long now = System.nanoTime();
    long last = w.lastLogged.get();
    if (last != Long.MIN_VALUE && now - last < intervalNanos) {
      w.suppressed.incrementAndGet();
      return;
    }
    if (!w.lastLogged.compareAndSet(last, now)) {
      w.suppressed.incrementAndGet();
      return;
    }
    long suppressed = w.suppressed.getAndSet(0);
    String text = suppressed > 0 ? message + " (" + suppressed + " similar suppressed)" : message;
    try {
      if (error == null) {
        logger.log(level, text);
      } else {
        logger.log(level, text, error);
      }
    } catch (RuntimeException ignored) {
      // A broken logging backend must not break the caller.
    }
  }

  public void log(Level level, String key, String message) {
    log(level, key, message, null);
  }

  private static final class Window {
    final AtomicLong lastLogged = new AtomicLong(Long.MIN_VALUE);
    final AtomicLong suppressed = new AtomicLong();
  }
}
