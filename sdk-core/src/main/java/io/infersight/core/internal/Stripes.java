package io.infersight.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.LongAdder;

/**
 * Owner flags of N count stripes, shared by the modules that count per request without an atomic
 * per value (the metrics recorder, the drift monitor). A request claims one stripe for all its
 * counts with a single CAS and releases it with a volatile store, so the counts in between are
 * plain stores instead of one locked instruction each. A simpler version would add every count
 * atomically to one set of cells: that takes the metrics listener 1.4x its CPU time per request
 * (benchmarks/RESULTS.md, hot-path ledger). The claim starts at the stripe picked by the thread
 * id (threads of a pool have consecutive ids, so they spread over the stripes) and probes the
 * others; when every stripe is owned, {@link #claim()} returns {@link #shared()}, the
 * stripe its owner updates only with atomic adds. A reader summing the stripes calls {@link
 * #isFree(int)} first: its acquire read makes every count released before it visible.
 *
 * <p>The flags sit {@value #PAD} ints apart (128 bytes: a cache line and its prefetch
 * neighbour), so claiming one stripe never invalidates another stripe's flag.
 *
 * <pre>{@code
 * int stripe = stripes.claim();
 * try {
 *   counts.increment(stripe, bin);   // plain add, or atomic when stripe == stripes.shared()
 * } finally {
 *   stripes.release(stripe);
 * }
 * }</pre>
 *
 * <p>Internal: may change without notice.
 */
public final class Stripes {
  /** Most stripes of {@link #defaultCount()}: each one is a full copy of its counts. */
  public static final int MAX_DEFAULT_STRIPES = 8;
  /** Most stripes a monitor may be built with. */
  public static final int MAX_STRIPES = 64;
  private static final int PAD = 32;
  private static final VarHandle FLAG = MethodHandles.arrayElementVarHandle(int[].class);

  private final int count;
  private final int mask;
  private final int[] owners;
  private final LongAdder fallbacks = new LongAdder();

  /**
   * @param count stripes, a power of two in 1 … {@value #MAX_STRIPES}
   * @throws IllegalArgumentException otherwise
   */
  public Stripes(int count) {
    if (count < 1 || count > MAX_STRIPES || Integer.bitCount(count) != 1) {
      throw new IllegalArgumentException("stripes must be a power of two in 1.." + MAX_STRIPES
          + ", was " + count);
    }
    this.count = count;
    this.mask = count - 1;
    this.owners = new int[(count + 1) * PAD];
  }

  /**
   * The default: the smallest power of two at least the number of processors, at most
   * {@value #MAX_DEFAULT_STRIPES}. More processors than stripes only matters when more requests
   * than that close at the same instant, and those then share the atomic stripe.
   */
  public static int defaultCount() {
    return defaultCount(MAX_DEFAULT_STRIPES);
  }

  /** As {@link #defaultCount()}, at most {@code max} (a power of two). */
  public static int defaultCount(int max) {
    int cpus = Math.max(1, Runtime.getRuntime().availableProcessors());
    int p = Integer.highestOneBit(cpus);
    p = p < cpus ? p << 1 : p;
    return Math.min(max, p);
  }

  /** Number of owned stripes (the shared one not included). */
  public int count() {
    return count;
  }

  /** The index of the shared, atomically updated stripe: {@link #count()}. */
  public int shared() {
    return count;
  }

  /**
   * Claims a free stripe for the calling thread, or returns {@link #shared()} when all are owned.
   * Every index other than {@link #shared()} must be given back with {@link #release(int)}.
   */
  public int claim() {
    int home = (int) Thread.currentThread().getId();
    for (int i = 0; i < count; i++) {
      int s = (home + i) & mask;
      if (FLAG.compareAndSet(owners, (s + 1) * PAD, 0, 1)) {
        return s;
      }
    }
    fallbacks.increment();
    return count;
  }

  /** Gives back a stripe from {@link #claim()}; its counts become visible to the next owner. */
  public void release(int stripe) {
    if (stripe != count) {
      FLAG.setVolatile(owners, (stripe + 1) * PAD, 0);
    }
  }

  /**
   * Whether {@code stripe} is unowned now, read with acquire semantics: a reader that calls this
   * before reading the stripe's counts sees every count released before it.
   */
  public boolean isFree(int stripe) {
    return stripe == count || (int) FLAG.getAcquire(owners, (stripe + 1) * PAD) == 0;
  }

  /** How many claims found every stripe owned and used the shared one. */
  public long fallbacks() {
    return fallbacks.sum();
  }
}
