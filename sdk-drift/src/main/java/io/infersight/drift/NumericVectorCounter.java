package io.infersight.drift;

import io.infersight.drift.internal.BinLookup;
import io.infersight.drift.internal.StripedCounts;

/**
 * Counts the numeric features of a {@code double[]} feature vector in one flat loop: the common
 * case of {@link FeatureDriftMonitor#onEnd}, where 128 values per request made the per-value cost
 * the chain of dependent loads (tracker, virtual call, its lookup, its counts, its stripe row,
 * the bin) rather than the work. Here every numeric feature's {@link BinLookup} is copied into
 * arrays indexed by feature (the range, the scale, offsets into one concatenated edge array and
 * one concatenated byte index), and every feature's counts are a slice of ONE row per stripe
 * ({@link StripedCounts#slices}), looked up once per request. A value then costs: the range
 * check, the cell, one index byte, a short scan, and one plain increment. When the features are
 * the schema's first positions in order (the usual case) the value is read without indirection.
 *
 * <p>Only values in [first edge, last edge] are counted here, which gives exactly {@link
 * BinLookup#binOf}'s bin (the index and the scan are the same); missing, infinite and
 * out-of-range values (rare: they also feed the out-of-range counter and the tail sums) go to
 * {@link NumericTracker#recordDouble}, which counts into the same slice. Features this path cannot
 * take (absent from the schema, fewer than 2 or more than 256 edges, a range too narrow for an
 * index) are left to their trackers; see {@link #accepts}.
 *
 * <pre>{@code
 * NumericVectorCounter counter = new NumericVectorCounter(accepted, schemaPositions);
 * int stripe = stripes.claim();           // an owned stripe; the shared one goes through trackers
 * counter.count(values, ring.active(), stripe);
 * stripes.release(stripe);
 * }</pre>
 */
final class NumericVectorCounter {
  private final NumericTracker[] trackers;
  /** Schema position of each feature's value. */
  private final int[] position;
  private final double[] lo;
  private final double[] hi;
  private final double[] scale;
  /** Last cell of each feature's index. */
  private final int[] lastCell;
  /** Where each feature's cells start in {@link #firstEdge}. */
  private final int[] cellOffset;
  /** Where each feature's edges start in {@link #edges}. */
  private final int[] edgeOffset;
  /** Row index of a feature's bin for concatenated edge e: {@code rowBase + 2e (+1 on the edge)}. */
  private final int[] rowBase;
  private final double[] edges;
  /** Per cell, its feature's first edge in the cell (unsigned, relative to the feature's edges). */
  private final byte[] firstEdge;
  private final long[][] rows;
  /** Whether feature i is at schema position i for every i (the usual case): no indirection. */
  private final boolean inSchemaOrder;

  /**
   * @param trackers features this path takes (each {@link #accepts accepted}), counting into
   *     slices of one {@link StripedCounts#slices} call
   * @param positions each one's schema position
   */
  NumericVectorCounter(NumericTracker[] trackers, int[] positions) {
    int n = trackers.length;
    this.trackers = trackers.clone();
    this.position = positions.clone();
    this.lo = new double[n];
    this.hi = new double[n];
    this.scale = new double[n];
    this.lastCell = new int[n];
    this.cellOffset = new int[n];
    this.edgeOffset = new int[n];
    this.rowBase = new int[n];
    int cellTotal = 0;
    int edgeTotal = 0;
    for (NumericTracker t : trackers) {
      cellTotal += t.lookup().byteIndex().length;
      edgeTotal += t.profile.edgesView().length;
    }
    this.edges = new double[edgeTotal];
    this.firstEdge = new byte[cellTotal];
    this.rows = n == 0 ? new long[0][] : trackers[0].counts.rows();
    boolean ordered = true;
    for (int i = 0; i < n; i++) {
      ordered &= positions[i] == i;
    }
    this.inSchemaOrder = ordered;
    int cells = 0;
    int edgeCount = 0;
    for (int i = 0; i < n; i++) {
      NumericTracker t = trackers[i];
      if (t.counts.rows() != rows) {
        throw new IllegalArgumentException("feature " + t.name() + " counts in other rows");
      }
      BinLookup lookup = t.lookup();
      byte[] index = lookup.byteIndex();
      double[] e = t.profile.edgesView();
      lo[i] = lookup.lo();
      hi[i] = lookup.hi();
      scale[i] = lookup.scale();
      lastCell[i] = index.length - 1;
      cellOffset[i] = cells;
      edgeOffset[i] = edgeCount;
      rowBase[i] = t.counts.offset() - 2 * edgeCount;
      System.arraycopy(index, 0, firstEdge, cells, index.length);
      System.arraycopy(e, 0, edges, edgeCount, e.length);
      cells += index.length;
      edgeCount += e.length;
    }
  }

  /** Whether this path can count {@code t}'s values, found at schema {@code position}. */
  static boolean accepts(NumericTracker t, int position) {
    return position >= 0 && t.lookup().byteIndex() != null;
  }

  /** Features counted here. */
  int size() {
    return trackers.length;
  }

  /**
   * Counts this path's features of {@code values} (a vector of the schema's length) in the owned
   * {@code stripe}. Never throws on any value; the shared stripe goes through the trackers.
   */
  void count(double[] values, int slot, int stripe) {
    int[] pos = position;
    if (pos.length == 0) {
      return;
    }
    long[] row = rows[stripe];
    // Plain increments: the stripe is the caller's alone until the volatile store that releases
    // it, which publishes them to the recomputing thread (it reads with opaque loads, never torn
    // on 64-bit).
    if (inSchemaOrder) {
      int n = pos.length;
      for (int i = 0; i < n; i++) {
        double v = values[i];
        int k = rowIndex(i, v);
        if (k >= 0) {
          row[k]++;
        } else {
          trackers[i].recordDouble(slot, stripe, v);
        }
      }
      return;
    }
    for (int i = 0; i < pos.length; i++) {
      double v = values[pos[i]];
      int k = rowIndex(i, v);
      if (k >= 0) {
        row[k]++;
      } else {
        trackers[i].recordDouble(slot, stripe, v);
      }
    }
  }

  /**
   * For a request that the {@linkplain VectorSampling sampling rule} does not bin: feeds only the
   * data-quality counters (missing, out of range) of this path's features, which stay exact on
   * every request. An in-range value costs three sequential loads and a predictable branch, none
   * of the bin index or the counts, so a sampled-out wide vector stays in the L1 cache.
   */
  void check(double[] values) {
    int[] pos = position;
    double[] low = lo;
    double[] high = hi;
    for (int i = 0; i < pos.length; i++) {
      double v = values[inSchemaOrder ? i : pos[i]];
      if (!(v >= low[i] && v <= high[i])) {
        trackers[i].recordUnbinned(v);
      }
    }
  }

  /**
   * Index in the stripe row of feature {@code i}'s bin for {@code v}, or -1 when v is NaN,
   * infinite or outside [first edge, last edge] (the tracker's rare paths).
   */
  int rowIndex(int i, double v) {
    double low = lo[i];
    if (!(v >= low && v <= hi[i])) {
      return -1;
    }
    int c = Math.min((int) ((v - low) * scale[i]), lastCell[i]);
    int e = edgeOffset[i] + (firstEdge[cellOffset[i] + c] & 0xFF);
    // Terminates within the feature: its last edge is hi and v <= hi.
    double[] es = edges;
    while (es[e] < v) {
      e++;
    }
    return rowBase[i] + 2 * e + (es[e] == v ? 1 : 0);
  }

  /** The bin of feature {@code i} for {@code v} as {@link #rowIndex} finds it, or -1; for tests. */
  int binOf(int i, double v) {
    int k = rowIndex(i, v);
    return k < 0 ? -1 : k - trackers[i].counts.offset();
  }
}
