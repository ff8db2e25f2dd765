package io.infersight.drift.internal;

/**
 * Drift statistics from the fine bins of a reference profile and the current window's counts in
 * the same bins. Bins alternate: {@code 2i} is the open interval below edge i (above edge i − 1),
 * {@code 2i + 1} is edge i itself, and the last bin lies above the last edge. The first and last
 * edges are the reference minimum and maximum.
 *
 * <p>Error bounds, against the exact statistic of the reference sample and the window's values:
 * PSI and JS are exact (the deciles are edges); KS is at most {@link #ksErrorBound} below the
 * exact value; Wasserstein-1 is within {@link #wassersteinErrorBound}.
 *
 * <p>Internal: may change without notice.
 */
public final class BinnedStatistics {
  private BinnedStatistics() {}

  /** For each fine bin, its PSI bin (the number of deciles strictly below its values). */
  public static int[] fineToDecile(double[] edges, double[] deciles) {
    int[] map = new int[2 * edges.length + 1];
    for (int i = 0; i < edges.length; i++) {
      // Values of the open bin below edge i sit above edge i − 1, hence above every decile ≤ it.
      map[2 * i] = i == 0 ? 0 : countAtMost(deciles, edges[i - 1]);
      map[2 * i + 1] = ExactStatistics.binOf(deciles, edges[i]);
    }
    map[2 * edges.length] = countAtMost(deciles, edges[edges.length - 1]);
    return map;
  }

  private static int countAtMost(double[] sorted, double v) {
    int n = 0;
    for (double d : sorted) {
      if (d <= v) {
        n++;
      }
    }
    return n;
  }

  /** Sums fine-bin counts into the 10 PSI bins. */
  public static long[] toDeciles(long[] fine, int[] fineToDecile) {
    long[] out = new long[ExactStatistics.DECILE_BINS];
    for (int i = 0; i < fine.length; i++) {
      out[fineToDecile[i]] += fine[i];
    }
    return out;
  }

  /** KS over the bin boundaries: the CDFs compared just below and at every edge. */
  public static double ks(long[] reference, long[] current) {
    double nr = sum(reference);
    double nc = sum(current);
    if (nr == 0 || nc == 0) {
      return Double.NaN;
    }
    long r = 0;
    long c = 0;
    double max = 0;
    for (int i = 0; i < reference.length; i++) {
      r += reference[i];
      c += current[i];
      max = Math.max(max, Math.abs(r / nr - c / nc));
    }
    return max;
  }

  /** The most by which {@link #ks} can be below the exact KS: the largest open-bin reference mass. */
  public static double ksErrorBound(long[] reference) {
    double nr = sum(reference);
    long worst = 0;
    for (int i = 0; i < reference.length; i += 2) {
      worst = Math.max(worst, reference[i]);
    }
    return worst / nr;
  }

  /**
   * Wasserstein-1: exact outside [min, max] from the sums of distances of current values below
   * the minimum and above the maximum; inside, both CDFs are taken as linear across each open
   * interval between edges.
   */
  public static double wasserstein(double[] edges, long[] reference, long[] current, double belowSum,
      double aboveSum) {
    double nr = sum(reference);
    double nc = sum(current);
    if (nr == 0 || nc == 0) {
      return Double.NaN;
    }
    double total = (belowSum + aboveSum) / nc;
    long r = reference[0] + reference[1];
    long c = current[0] + current[1];
    for (int i = 1; i < edges.length; i++) {
      double width = edges[i] - edges[i - 1];
      double d0 = r / nr - c / nc;
      r += reference[2 * i];
      c += current[2 * i];
      double d1 = r / nr - c / nc;
      total += width * absLinearMean(d0, d1);
      r += reference[2 * i + 1];
      c += current[2 * i + 1];
    }
    return total;
  }

  /**
   * Bound on |{@link #wasserstein} − exact|: Σ width · (reference mass + current mass) / 2 over
   * the open intervals between edges (a monotone CDF differs from the straight line between its
   * end values by at most half the interval's mass on average).
   */
  public static double wassersteinErrorBound(double[] edges, long[] reference, long[] current) {
    double nr = sum(reference);
    double nc = sum(current);
    if (nr == 0 || nc == 0) {
      return Double.NaN;
    }
    double bound = 0;
    for (int i = 1; i < edges.length; i++) {
      bound += (edges[i] - edges[i - 1]) * (reference[2 * i] / nr + current[2 * i] / nc) / 2;
    }
    return bound;
  }

  /** Mean of |d| over [0, 1] for d linear from d0 to d1. */
  private static double absLinearMean(double d0, double d1) {
    if ((d0 >= 0) == (d1 >= 0) || d0 == 0 || d1 == 0) {
      return Math.abs(d0 + d1) / 2;
    }
    return (d0 * d0 + d1 * d1) / (2 * (Math.abs(d0) + Math.abs(d1)));
  }

  /** Removes the columns that are 0 in both rows; returns {reference, current}. */
  public static long[][] dropEmptyColumns(long[] reference, long[] current) {
    int k = 0;
    for (int i = 0; i < reference.length; i++) {
      if (reference[i] != 0 || current[i] != 0) {
        k++;
      }
    }
    long[] r = new long[k];
    long[] c = new long[k];
    int j = 0;
    for (int i = 0; i < reference.length; i++) {
      if (reference[i] != 0 || current[i] != 0) {
        r[j] = reference[i];
        c[j] = current[i];
        j++;
      }
    }
    return new long[][] {r, c};
  }

  public static long sum(long[] counts) {
    long s = 0;
    for (long c : counts) {
      s += c;
    }
    return s;
  }
}
