package io.infersight.core;

/**
 * The time source of an observer: a monotonic clock for durations and a wall clock for the
 * timestamps that spans and logs carry. Tests pass a fake one to the builder.
 *
 * <pre>{@code
 * InferenceObserver.builder().model("m", "1").clock(fakeClock).build();
 * }</pre>
 *
 * @since 0.1.0
 */
public interface InferenceClock {

  /** Monotonic nanoseconds, as {@link System#nanoTime()}: only differences are meaningful. */
  long nanoTime();

  /** Wall-clock time in nanoseconds since the epoch. */
  long epochNanos();

  /** The system clock. */
  static InferenceClock system() {
    return SystemClock.INSTANCE;
  }
}
