package io.infersight.testing;

import io.infersight.core.InferenceClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that only moves when a test moves it, so durations in assertions are exact.
 *
 * <pre>{@code
 * FakeClock clock = FakeClock.create();
 * InferenceObserver observer = InferenceObserver.builder().model("m", "1").clock(clock).build();
 * try (Inference inf = observer.start()) {
 *   inf.stage(Stage.FORWARD, () -> clock.advance(Duration.ofMillis(7)));
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class FakeClock implements InferenceClock {
  /** The wall-clock time a new clock starts at: 2025-01-01T00:00:00Z. */
  public static final long DEFAULT_EPOCH_NANOS = 1_735_689_600_000_000_000L;

  private final AtomicLong nanos = new AtomicLong();
  private final long epochOffset;

  private FakeClock(long epochNanos) {
    this.epochOffset = epochNanos;
  }

  public static FakeClock create() {
    return new FakeClock(DEFAULT_EPOCH_NANOS);
  }

  /** A clock whose wall time starts at {@code epochNanos}. */
  public static FakeClock startingAt(long epochNanos) {
    return new FakeClock(epochNanos);
  }

  /** Moves both clocks forward. */
  public FakeClock advance(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("advance: duration must not be negative, was " + d);
    }
    nanos.addAndGet(d.toNanos());
    return this;
  }

  public FakeClock advanceMillis(long millis) {
    return advance(Duration.ofMillis(millis));
  }

  /**
   * Moves both clocks backwards: a misbehaving clock, for tests of how instrumentation copes with
   * negative durations (it must count them, never record them).
   */
  public FakeClock rewind(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("rewind: duration must not be negative, was " + d);
    }
    nanos.addAndGet(-d.toNanos());
    return this;
  }

  @Override
  public long nanoTime() {
    return nanos.get();
  }

  @Override
  public long epochNanos() {
    return epochOffset + nanos.get();
  }
}
