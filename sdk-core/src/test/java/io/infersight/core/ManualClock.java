package io.infersight.core;

import java.util.concurrent.atomic.AtomicLong;

/** A clock the test moves by hand. */
final class ManualClock implements InferenceClock {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

  void advanceMillis(long millis) {
    nanos.addAndGet(millis * 1_000_000L);
  }

  @Override
  public long nanoTime() {
    return nanos.get();
  }

  @Override
  public long epochNanos() {
    return 1_700_000_000_000_000_000L + nanos.get();
  }
}
