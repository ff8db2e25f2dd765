package io.infersight.tracing;

import io.infersight.core.InferenceClock;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when told to. */
final class FakeClock implements InferenceClock {
  static final long EPOCH_BASE = 1_750_000_000_000_000_000L;
  private final AtomicLong nanos = new AtomicLong(1_000);

  @Override
  public long nanoTime() {
    return nanos.get();
  }

  @Override
  public long epochNanos() {
    return EPOCH_BASE + nanos.get();
  }

  void advanceMillis(long millis) {
    nanos.addAndGet(millis * 1_000_000L);
  }
}
