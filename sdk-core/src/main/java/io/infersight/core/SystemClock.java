package io.infersight.core;

import java.time.Instant;

/** {@link InferenceClock#system()}. */
final class SystemClock implements InferenceClock {
  static final SystemClock INSTANCE = new SystemClock();

  private SystemClock() {}

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public long epochNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  @Override
  public String toString() {
    return "SystemClock";
  }
}
