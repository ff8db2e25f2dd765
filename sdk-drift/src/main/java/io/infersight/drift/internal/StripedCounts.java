package io.infersight.drift.internal;

import io.infersight.core.internal.Stripes;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Per-bin counts of one feature over a sliding window, written without a locked instruction per
 * value. Each {@link Stripes stripe} has its own row of <em>cumulative</em> counts (since
 * creation) that only the stripe's current owner writes, with a plain read and an opaque store
 * (an ordinary move: no locked instruction);
 * the shared stripe is an {@link AtomicLongArray} updated only with atomic adds (plain and atomic
 * writes never meet on one array). The background thread reads the rows with opaque loads.
 *
 * <p>The window is not kept per sub-window: when a sub-window starts in a ring slot, the
 * background thread {@linkplain #startSlot records} the cumulative counts in that slot, and the
 * window is "cumulative now minus the record of the oldest sub-window still in it". Memory is
 * therefore {@code (stripes + 1 + slots) × bins} longs, not {@code stripes × slots × bins}: for
 * 128 numeric features of up to 257 bins, 8 stripes and the default 12 + 1 slots, 2.2 MB of
 * stripes (padding included) + 0.26 MB shared + 3.4 MB of records ≈ 5.9 MB (the atomic slots
 * before took 3.4 MB), where a stripe per slot would take 27 MB. The request thread touches only
 * its own stripe, 0.26 MB for those 128 features.
 *
 * <p>Because every count only grows and the readers are ordered by the monitor's lock (opaque
 * reads of one
 * location never go back in time), a window count never goes negative, and a value racing a
 * roll is counted exactly once, in one sub-window or the next.
 *
 * <pre>{@code
 * StripedCounts counts = new StripedCounts(stripes.count(), ring.slotCount(), bins);
 * counts.increment(stripe, bin);          // request thread, stripe from Stripes.claim()
 * counts.startSlot(ring.active());        // background thread, after ring.advance()
 * long[] window = counts.window(ring.spare());
 * }</pre>
 *
 * <p>Internal: may change without notice.
 */
public final class StripedCounts {
  private static final VarHandle CELL = MethodHandles.arrayElementVarHandle(long[].class);
  /** Longs after each row (128 bytes), so two stripes' rows never share a cache line. */
  private static final int PAD = 16;

  private final int bins;
  /** Where this feature's bins start in every row and in {@link #shared}. */
  private final int offset;
  private final long[][] rows;
  private final AtomicLongArray shared;
  private final long[][] starts;

  /**
   * @param stripes owned stripes ({@link Stripes#count()}); index {@code stripes} is the shared one
   * @param slots ring slots ({@link WindowRing#slotCount()})
   * @param bins bins per stripe
   */
  public StripedCounts(int stripes, int slots, int bins) {
    this(new long[stripes][bins + PAD], new AtomicLongArray(bins), 0, bins, slots);
  }

  private StripedCounts(long[][] rows, AtomicLongArray shared, int offset, int bins, int slots) {
    this.bins = bins;
    this.offset = offset;
    this.rows = rows;
    this.shared = shared;
    this.starts = new long[slots][bins];
  }

  /**
   * Counts of several features over ONE row per stripe (and one shared stripe), each feature a
   * slice of {@code bins[i]} bins starting at {@link #offset()}. A request that counts a whole
   * feature vector then looks its stripe's row up once (see {@link #rows()}) instead of once per
   * feature; each slice keeps its own sub-window starts, so a slice behaves exactly like a
   * {@link #StripedCounts(int, int, int) standalone} instance.
   */
  public static StripedCounts[] slices(int stripes, int slots, int[] bins) {
    int total = 0;
    for (int b : bins) {
      total += b;
    }
    long[][] rows = new long[stripes][total + PAD];
    AtomicLongArray shared = new AtomicLongArray(total);
    StripedCounts[] out = new StripedCounts[bins.length];
    int offset = 0;
    for (int i = 0; i < bins.length; i++) {
      out[i] = new StripedCounts(rows, shared, offset, bins[i], slots);
      offset += bins[i];
    }
    return out;
  }

  public int bins() {
    return bins;
  }

  /** Index of bin 0 of these counts in each of {@link #rows()}. */
  public int offset() {
    return offset;
  }

  /**
   * The owned stripes' rows, shared by every slice of one {@link #slices} call. Only the owner of
   * stripe s may write {@code rows()[s]}, and only as {@link #increment} does (plain read, opaque
   * store of the incremented value, at {@code offset() + bin}).
   */
  public long[][] rows() {
    return rows;
  }

  /**
   * Counts one value in {@code bin}. The caller owns {@code stripe} (from {@link Stripes#claim()}),
   * so a plain read and an opaque store suffice; for the shared stripe, one atomic add.
   */
  public void increment(int stripe, int bin) {
    long[][] r = rows;
    if (stripe < r.length) {
      long[] row = r[stripe];
      int i = offset + bin;
      CELL.setOpaque(row, i, row[i] + 1);
    } else {
      shared.getAndIncrement(offset + bin);
    }
  }

  /** Per-bin counts since creation, summed over every stripe. */
  public long[] cumulative() {
    long[] out = new long[bins];
    for (long[] row : rows) {
      for (int i = 0; i < bins; i++) {
        out[i] += (long) CELL.getOpaque(row, offset + i);
      }
    }
    for (int i = 0; i < bins; i++) {
      out[i] += shared.getOpaque(offset + i);
    }
    return out;
  }

  /**
   * Counts since creation in bins {@code from} (inclusive) to {@code to} (exclusive), summed over
   * every stripe: what a per-bin counter exports. Reads only those bins, so exporting every bin of
   * a feature costs one pass over its counts, as {@link #cumulative()} does. Never decreases
   * between two calls on one thread (opaque reads of growing counts).
   */
  public long cumulative(int from, int to) {
    long sum = 0;
    for (long[] row : rows) {
      for (int i = from; i < to; i++) {
        sum += (long) CELL.getOpaque(row, offset + i);
      }
    }
    for (int i = from; i < to; i++) {
      sum += shared.getOpaque(offset + i);
    }
    return sum;
  }

  /**
   * Records the current counts as the start of the sub-window that now occupies {@code slot}.
   * Called by one thread at a time, right after the ring made {@code slot} active.
   */
  public void startSlot(int slot) {
    System.arraycopy(cumulative(), 0, starts[slot], 0, bins);
  }

  /**
   * Per-bin counts in the window whose excluded spare slot is {@code spare}: everything since the
   * oldest sub-window in it (slot {@code spare + 1}) started. {@code spare < 0} gives all counts
   * since creation.
   */
  public long[] window(int spare) {
    long[] now = cumulative();
    if (spare < 0) {
      return now;
    }
    int first = spare + 1 == starts.length ? 0 : spare + 1;
    long[] start = starts[first];
    for (int i = 0; i < bins; i++) {
      now[i] -= start[i];
    }
    return now;
  }

  /** Values counted since creation, in the window or not. */
  public long total() {
    return BinnedStatistics.sum(cumulative());
  }
}
