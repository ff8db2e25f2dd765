package io.infersight.drift.internal;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Finds the fine bin of a value among sorted distinct edges in a few predictable steps instead of
 * a binary search's ~7 unpredictable branches: an equal-width index over [first edge, last edge]
 * jumps to the first edge of the value's cell, then a short forward scan finishes. The result is
 * exactly that of the binary search ({@code 2i + 1} on edge i, {@code 2i} between edges i-1 and
 * i, 0 below, {@code 2n} above), because {@code (v - lo) * scale} never decreases as v grows, so
 * every edge in an earlier cell is below v.
 *
 * <p>The index stores edge numbers in bytes when there are at most 256 edges (every profile built
 * from data: about 128) and in chars up to 65 536, above which it falls back to the binary
 * search. Small entries keep the index of 128 features at 256 KB instead of 1 MB, so the
 * indexes and the live counts of a wide model stay in a core's L2 cache.
 *
 * <p>Internal: may change without notice.
 */
public final class BinLookup {
  private static final int MAX_CELLS = 1 << 16;
  private static final int MAX_BYTE_EDGES = 1 << 8;
  private static final int MAX_CHAR_EDGES = 1 << 16;

  private final double[] edges;
  private final double lo;
  private final double hi;
  private final double scale;
  private final int cells;
  /** First edge of each cell when there are at most 256 edges (unsigned), else null. */
  private final byte @Nullable [] firstEdgeByte;
  /** First edge of each cell when there are more, else null. */
  private final char @Nullable [] firstEdgeChar;

  public BinLookup(double[] sortedDistinctEdges) {
    this.edges = sortedDistinctEdges;
    int n = edges.length;
    this.lo = n == 0 ? 0 : edges[0];
    this.hi = n == 0 ? 0 : edges[n - 1];
    int cells = Math.min(MAX_CELLS, Integer.highestOneBit(Math.max(64, 8 * n)) << 1);
    double s = n < 2 ? 0 : cells / (hi - lo);
    if (!(s > 0) || Double.isInfinite(s) || n > MAX_CHAR_EDGES) {
      this.scale = 0;
      this.cells = 0;
      this.firstEdgeByte = null;
      this.firstEdgeChar = null;
      return;
    }
    this.scale = s;
    this.cells = cells;
    byte[] small = n <= MAX_BYTE_EDGES ? new byte[cells] : null;
    char[] wide = small == null ? new char[cells] : null;
    int k = 0;
    for (int c = 0; c < cells; c++) {
      while (k < n && cell(edges[k]) < c) {
        k++;
      }
      int first = Math.min(k, n - 1);
      if (small != null) {
        small[c] = (byte) first;
      } else {
        wide[c] = (char) first;
      }
    }
    this.firstEdgeByte = small;
    this.firstEdgeChar = wide;
  }

  private int cell(double v) {
    int c = (int) ((v - lo) * scale);
    return c >= cells ? cells - 1 : c;
  }

  /** The first edge; for a flattened copy of this lookup. */
  public double lo() {
    return lo;
  }

  /** The last edge. */
  public double hi() {
    return hi;
  }

  /** Cells per unit of value: the cell of v in [lo, hi] is {@code min((int) ((v - lo) * scale), cells - 1)}. */
  public double scale() {
    return scale;
  }

  /** A copy of the first edge of each cell (unsigned bytes), or {@code null} when the index is not byte-sized. */
  public byte @Nullable [] byteIndex() {
    return firstEdgeByte == null ? null : firstEdgeByte.clone();
  }

  /** The fine bin of {@code v} (not NaN). */
  public int binOf(double v) {
    double x = v + 0.0;
    if (cells == 0) {
      int i = Arrays.binarySearch(edges, x);
      return i >= 0 ? 2 * i + 1 : -2 * (i + 1);
    }
    if (!(x > lo)) {
      return x == lo ? 1 : 0;
    }
    if (!(x < hi)) {
      return x == hi ? 2 * edges.length - 1 : 2 * edges.length;
    }
    int c = cell(x);
    byte[] small = firstEdgeByte;
    int j = small != null ? small[c] & 0xFF : firstEdgeChar[c];
    // Terminates: the last edge is hi, and x < hi.
    while (edges[j] < x) {
      j++;
    }
    return edges[j] == x ? 2 * j + 1 : 2 * j;
  }
}
