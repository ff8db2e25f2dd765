package io.infersight.tracing.internal;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A lock-free pool of {@link StageRecorder}s. Per-thread pools would allocate once per virtual
 * thread, so this is one shared array of recorders, each claimed with one compare-and-set on its
 * own flag and handed back with a volatile store. A simpler version would allocate a recorder per
 * request: that costs 1,122 B and about 3.5x the CPU time of a request the listener does not
 * sample (benchmarks/RESULTS.md, hot-path ledger).
 * Probing starts at a slot derived from the thread's ID, so a platform thread that serves request
 * after request finds its own recorder at the first probe. Slots are filled on first use; when
 * every probed recorder is busy a new, unpooled one is made and dropped after the request.
 *
 * <p>Internal: may change without notice.
 */
public final class RecorderPool {
  private static final int MAX_PROBES = 32;

  private final AtomicReferenceArray<StageRecorder> slots;
  private final int mask;
  private final int recorderCapacity;
  private final int probes;

  /**
   * @param slots how many recorders to keep, rounded up to a power of two (slots are found with a
   *     mask: a division per request cost more than the rest of the claim)
   * @param recorderCapacity entries per recorder
   */
  public RecorderPool(int slots, int recorderCapacity) {
    int n = slots <= 1 ? 1 : Integer.highestOneBit(slots - 1) << 1;
    this.slots = new AtomicReferenceArray<>(n);
    this.mask = n - 1;
    this.recorderCapacity = recorderCapacity;
    this.probes = Math.min(n, MAX_PROBES);
  }

  /** Where this thread starts probing: stable per thread, spread by a multiplicative hash. */
  private int home() {
    @SuppressWarnings("deprecation") // getId(): threadId() is Java 19+
    long id = Thread.currentThread().getId();
    return (int) ((id * 0x9E3779B97F4A7C15L) >>> 33) & mask;
  }

  /** An empty recorder, claimed for the caller until {@link #release}. */
  public StageRecorder acquire() {
    int start = home();
    for (int k = 0; k < probes; k++) {
      int i = (start + k) & mask;
      StageRecorder r = slots.get(i);
      if (r == null) {
        StageRecorder created = new StageRecorder(recorderCapacity);
        created.tryClaim();
        if (slots.compareAndSet(i, null, created)) {
          return created;
        }
        r = slots.get(i);
      }
      if (r.tryClaim()) {
        return r;
      }
    }
    return new StageRecorder(recorderCapacity);
  }

  /** Clears {@code recorder} and hands it back to the pool (an unpooled one is simply dropped). */
  public void release(StageRecorder recorder) {
    recorder.clear();
    recorder.unclaim();
  }

  /** Pooled recorders not claimed now; for tests. */
  public int idle() {
    int count = 0;
    for (int i = 0; i < slots.length(); i++) {
      StageRecorder r = slots.get(i);
      if (r != null && !r.isClaimed()) {
        count++;
      }
    }
    return count;
  }
}
