package io.infersight.drift.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts per bin for each sub-window slot of a sliding window. Writers increment with one atomic
 * add (lock-free, allocation-free); the background thread clears a slot with {@code getAndSet(0)}
 * per bin, moving what it took into {@link #retired()}, so an increment racing with a clear is
 * counted exactly once: either retired or in the slot's next sub-window.
 *
 * <p>Internal: may change without notice.
 */
public final class SlotCounts {
  private final AtomicLongArray[] slots;
  private final int bins;
  private final AtomicLong retired = new AtomicLong();

  public SlotCounts(int slotCount, int bins) {
    this.bins = bins;
    this.slots = new AtomicLongArray[slotCount];
    for (int i = 0; i < slotCount; i++) {
      slots[i] = new AtomicLongArray(bins);
    }
  }

  public int bins() {
    return bins;
  }

  public int slotCount() {
    return slots.length;
  }

  /** Counts one value in {@code bin} of {@code slot}. */
  public void increment(int slot, int bin) {
    slots[slot].getAndIncrement(bin);
  }

  /** Empties {@code slot}, adding what it held to {@link #retired()}. */
  public void clear(int slot) {
    AtomicLongArray a = slots[slot];
    long taken = 0;
    for (int i = 0; i < bins; i++) {
      taken += a.getAndSet(i, 0);
    }
    retired.addAndGet(taken);
  }

  /** Per-bin sums over every slot except {@code excludedSlot} (the spare being prepared). */
  public long[] sumExcept(int excludedSlot) {
    long[] out = new long[bins];
    for (int s = 0; s < slots.length; s++) {
      if (s == excludedSlot) {
        continue;
      }
      AtomicLongArray a = slots[s];
      for (int i = 0; i < bins; i++) {
        out[i] += a.get(i);
      }
    }
    return out;
  }

  /** Per-bin sums over all slots, the spare included. */
  public long[] sumAll() {
    return sumExcept(-1);
  }

  /** Values that left the window (cleared slots) since creation. */
  public long retired() {
    return retired.get();
  }
}
