package io.infersight.drift.internal;

import java.util.concurrent.atomic.LongAdder;

/**
 * The sub-window ring of a sliding window: {@code subWindows + 1} slots, of which one is the
 * active slot that writers fill, {@code subWindows - 1} are the previous sub-windows, and one is
 * the spare, excluded from the window. Per-slot sums (request counts here, out-of-range distances)
 * are cleared when their slot becomes the spare; bin counts are cumulative instead and remember
 * where each slot's sub-window started ({@link StripedCounts}). Writers only read the volatile
 * active index; {@link #advance()} is called by one background thread at a time.
 *
 * <p>Internal: may change without notice.
 */
public final class WindowRing {
  private final int slots;
  private final LongAdder[] requests;
  private volatile int active;

  public WindowRing(int subWindows) {
    if (subWindows < 1) {
      throw new IllegalArgumentException("subWindows must be >= 1, was " + subWindows);
    }
    this.slots = subWindows + 1;
    this.requests = new LongAdder[slots];
    for (int i = 0; i < slots; i++) {
      requests[i] = new LongAdder();
    }
  }

  /** Number of slots: sub-windows + the spare. */
  public int slotCount() {
    return slots;
  }

  /** The slot writers fill now. */
  public int active() {
    return active;
  }

  /** The slot excluded from the window (the next to become active). */
  public int spare() {
    int next = active + 1;
    return next == slots ? 0 : next;
  }

  /** Counts one request in {@code slot}. */
  public void countRequest(int slot) {
    requests[slot].increment();
  }

  /** Requests counted in the active slot so far. */
  public long activeRequests() {
    return requests[active].sum();
  }

  /** Requests in the window (every slot but the spare). */
  public long windowRequests() {
    int spare = spare();
    long n = 0;
    for (int i = 0; i < slots; i++) {
      if (i != spare) {
        n += requests[i].sum();
      }
    }
    return n;
  }

  /**
   * Makes the spare the active slot and returns the new spare: the oldest sub-window, which has
   * just left the window and which the caller must now clear in every counter.
   */
  public int advance() {
    active = spare();
    int newSpare = spare();
    requests[newSpare].reset();
    return newSpare;
  }
}
