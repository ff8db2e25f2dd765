package io.infersight.tracing.internal;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A lock-free pool of {@link StageRecorder}s. Per-thread pools would allocate once per virtual
 * thread, so this is one shared array of slots claimed with compare-and-set. Probing starts at a
 * slot derived from the thread's ID, so a platform thread that serves request after request finds
 * its own recorder at the first probe; when every probed slot is empty a new recorder is made (and
 * kept on release when a slot is free).
 *
 * <p>Internal: may change without notice.
 */
public final class RecorderPool {
  private static final int MAX_PROBES = 32;

  private final AtomicReferenceArray<StageRecorder> slots;
  private final int recorderCapacity;
  private final int probes;

  /**
   * @param slots how many idle recorders to keep
   * @param recorderCapacity entries per recorder
   */
  public RecorderPool(int slots, int recorderCapacity) {
    this.slots = new AtomicReferenceArray<>(slots);
    this.recorderCapacity = recorderCapacity;
    this.probes = Math.min(slots, MAX_PROBES);
  }

  /** Where this thread starts probing: stable per thread, spread by a multiplicative hash. */
  private int home(int n) {
    @SuppressWarnings("deprecation") // getId(): threadId() is Java 19+
    long id = Thread.currentThread().getId();
    return (int) (((id * 0x9E3779B97F4A7C15L) >>> 33) % n);
  }

  /** An empty recorder, from the pool when one is idle. */
  public StageRecorder acquire() {
    int n = slots.length();
    int start = home(n);
    for (int k = 0; k < probes; k++) {
      int i = (start + k) % n;
      StageRecorder r = slots.get(i);
      if (r != null && slots.compareAndSet(i, r, null)) {
        return r;
      }
    }
    return new StageRecorder(recorderCapacity);
  }

  /** Clears {@code recorder} and returns it to the pool (or lets it go when the pool is full). */
  public void release(StageRecorder recorder) {
    recorder.clear();
    int n = slots.length();
    int start = home(n);
    for (int k = 0; k < probes; k++) {
      int i = (start + k) % n;
      if (slots.get(i) == null && slots.compareAndSet(i, null, recorder)) {
        return;
      }
    }
  }

  /** Idle recorders now in the pool; for tests. */
  public int idle() {
    int count = 0;
    for (int i = 0; i < slots.length(); i++) {
      if (slots.get(i) != null) {
        count++;
      }
    }
    return count;
  }
}
