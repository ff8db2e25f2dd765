package io.infersight.metrics.internal;

import io.infersight.core.internal.Stripes;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A fixed set of {@code long} cells, written by many threads and summed by a scrape, striped so
 * that concurrent writers never touch the same cache line. Internal.
 *
 * <p>Why not {@code LongAdder} or Micrometer's histograms: a request records about 40 cells, and
 * every shared atomic costs a contended cache line per cell per request. Here a writer claims one
 * stripe for the whole request with a single CAS on an owner flag, then increments the stripe's
 * cells with plain writes, and releases the flag with a volatile store. Each stripe is its own
 * {@code long[]} padded by {@value #PAD_LONGS} longs at both ends, and the owner flags (core's
 * {@link Stripes}, which the drift monitor claims the same way) sit 128 bytes apart, so no two
 * stripes or flags share a cache line (128 bytes covers the
 * adjacent-line prefetcher too). When every stripe is owned (more runnable threads than stripes),
 * the writer falls back to one shared stripe that is only ever written with atomic {@code
 * getAndAdd}; plain and atomic writes never mix on one array.
 *
 * <pre>{@code
 * int stripe = cells.claim();
 * long[] target = cells.stripe(stripe);
 * try {
 *   StripedLongs.add(target, stripe == StripedLongs.SHARED, 3, 1);
 * } finally {
 *   cells.release(stripe);
 * }
 * long total = cells.sum(3);
 * }</pre>
 *
 * <p>A scrape reads each stripe's flag with acquire semantics (so every request released before it
 * is fully visible) and the cells with opaque reads (never torn). A request being recorded at that
 * moment may be seen in part.
 */
final class StripedLongs {
  /** Longs of padding before and after each stripe's cells: 128 bytes. */
  static final int PAD_LONGS = 16;
  /** The most stripes, whatever the processor count. */
  static final int MAX_STRIPES = 32;
  /** What {@link #claim()} returns when every stripe is owned: the shared, atomic stripe. */
  static final int SHARED = -1;

  private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

  private final long[][] stripes;
  private final long[] shared;
  /** Who owns which stripe: core's claim mechanism, also used by the drift monitor. */
  private final Stripes owners;
  private final int cells;

  /** Stripes for this machine: the next power of two at or above the processor count, at most 32. */
  StripedLongs(int cells) {
    this(cells, defaultStripes());
  }

  /** {@code stripeCount} must be a power of two (tests use 1 to force the shared stripe). */
  StripedLongs(int cells, int stripeCount) {
    if (stripeCount < 1 || stripeCount > MAX_STRIPES || Integer.bitCount(stripeCount) != 1) {
      throw new IllegalArgumentException("stripeCount must be a power of two in 1.." + MAX_STRIPES
          + ", was " + stripeCount);
    }
    this.cells = cells;
    this.stripes = new long[stripeCount][];
    for (int i = 0; i < stripeCount; i++) {
      stripes[i] = new long[cells + 2 * PAD_LONGS];
    }
    this.shared = new long[cells + 2 * PAD_LONGS];
    this.owners = new Stripes(stripeCount);
  }

  static int defaultStripes() {
    return Stripes.defaultCount(MAX_STRIPES);
  }

  int stripeCount() {
    return stripes.length;
  }

  int cellCount() {
    return cells;
  }

  /**
   * Claims a stripe for the calling thread: the one its thread id points at, else the next free
   * one, else {@link #SHARED}. Pair with {@link #release(int)}.
   */
  int claim() {
    int s = owners.claim();
    return s == owners.shared() ? SHARED : s;
  }

  /** Releases a stripe claimed by {@link #claim()}: its writes become visible to a scrape. */
  void release(int stripe) {
    if (stripe != SHARED) {
      owners.release(stripe);
    }
  }

  /** The cells of a claimed stripe, for {@link #add}; the shared stripe for {@link #SHARED}. */
  long[] stripe(int stripe) {
    return stripe == SHARED ? shared : stripes[stripe];
  }

  /** Whether {@code stripe} (from {@link #stripe(int)}) is the shared stripe, written atomically. */
  boolean isShared(long[] stripe) {
    return stripe == shared;
  }

  /**
   * Adds {@code delta} to {@code cell} of a claimed stripe: a plain write when the caller owns it,
   * an atomic one on the shared stripe.
   */
  static void add(long[] stripe, boolean shared, int cell, long delta) {
    if (shared) {
      // The cast keeps the call site exactly typed: an Object result would box on every call.
      long unused = (long) LONGS.getAndAdd(stripe, PAD_LONGS + cell, delta);
    } else {
      stripe[PAD_LONGS + cell] += delta;
    }
  }

  /**
   * Adds {@code delta} to a cell that holds a {@code double} (its raw bits): a plain read-add-write
   * when the caller owns the stripe, a compare-and-set loop on the shared stripe.
   */
  static void addDouble(long[] stripe, boolean shared, int cell, double delta) {
    int i = PAD_LONGS + cell;
    if (shared) {
      long seen;
      do {
        seen = (long) LONGS.getVolatile(stripe, i);
      } while (!LONGS.compareAndSet(stripe, i, seen,
          Double.doubleToRawLongBits(Double.longBitsToDouble(seen) + delta)));
    } else {
      stripe[i] = Double.doubleToRawLongBits(Double.longBitsToDouble(stripe[i]) + delta);
    }
  }

  /** The sum over every stripe of a cell written by {@link #addDouble}. */
  double sumDouble(int cell) {
    double total = Double.longBitsToDouble((long) LONGS.getOpaque(shared, PAD_LONGS + cell));
    for (int s = 0; s < stripes.length; s++) {
      owners.isFree(s); // an acquire read: every count released before it is visible
      total += Double.longBitsToDouble((long) LONGS.getOpaque(stripes[s], PAD_LONGS + cell));
    }
    return total;
  }

  /** The sum of one cell over every stripe. */
  long sum(int cell) {
    long total = (long) LONGS.getOpaque(shared, PAD_LONGS + cell);
    for (int s = 0; s < stripes.length; s++) {
      owners.isFree(s); // an acquire read: every count released before it is visible
      total += (long) LONGS.getOpaque(stripes[s], PAD_LONGS + cell);
    }
    return total;
  }

  /** Adds the sum of cells {@code from} to {@code from + out.length - 1} into {@code out}. */
  void sumInto(int from, long[] out) {
    for (int s = 0; s < stripes.length; s++) {
      owners.isFree(s); // an acquire read: every count released before it is visible
      long[] stripe = stripes[s];
      for (int i = 0; i < out.length; i++) {
        out[i] += (long) LONGS.getOpaque(stripe, PAD_LONGS + from + i);
      }
    }
    for (int i = 0; i < out.length; i++) {
      out[i] += (long) LONGS.getOpaque(shared, PAD_LONGS + from + i);
    }
  }
}
