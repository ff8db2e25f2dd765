package io.infersight.drift.internal;

import java.util.Arrays;

/**
 * The exact drift statistics of the offline report, on raw samples (missing values removed by the
 * caller). Each method states its definition; the docs page repeats them.
 *
 * <p>Internal: may change without notice.
 */
public final class ExactStatistics {
  /** Proportions of 0 are replaced by this value in PSI, as the usual PSI definition does. */
  public static final double PSI_EPSILON = 0.0001;
  /** Number of PSI / JS bins for numeric features (cut at the reference deciles). */
  public static final int DECILE_BINS = 10;

  private ExactStatistics() {}

  /**
   * The {@code p}-quantile of sorted values with linear interpolation between order statistics
   * (numpy's default method): virtual index {@code h = (n - 1) p}.
   */
  public static double quantile(double[] sorted, double p) {
    int n = sorted.length;
    double h = (n - 1) * p;
    int lo = (int) Math.floor(h);
    if (lo >= n - 1) {
      return sorted[n - 1];
    }
    double t = h - lo;
    double a = sorted[lo];
    double b = sorted[lo + 1];
    // numpy's lerp: from the nearer end, so that equal neighbours give exactly their value.
    return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
  }

  /** The 9 decile edges (10th … 90th percentile) of sorted reference values; may repeat. */
  public static double[] decileEdges(double[] sortedReference) {
    double[] edges = new double[DECILE_BINS - 1];
    for (int k = 1; k < DECILE_BINS; k++) {
      edges[k - 1] = quantile(sortedReference, k / 10.0) + 0.0;
    }
    return edges;
  }

  /** The bin of {@code v}: the number of edges strictly below it (edge(i-1) &lt; v ≤ edge(i)). */
  public static int binOf(double[] edges, double v) {
    int lo = 0;
    int hi = edges.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (edges[mid] < v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Counts of {@code values} in the {@code edges.length + 1} bins of {@link #binOf}. */
  public static long[] binCounts(double[] edges, double[] values) {
    long[] counts = new long[edges.length + 1];
    for (double v : values) {
      counts[binOf(edges, v)]++;
    }
    return counts;
  }

  /** Proportions of counts; all zeros when the total is 0. */
  public static double[] proportions(long[] counts) {
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    double[] p = new double[counts.length];
    for (int i = 0; i < counts.length; i++) {
      p[i] = total == 0 ? 0 : (double) counts[i] / total;
    }
    return p;
  }

  /** PSI = Σ (c − r) · ln(c / r) over bins, proportions of 0 replaced by {@link #PSI_EPSILON}. */
  public static double psi(long[] referenceCounts, long[] currentCounts) {
    double[] r = proportions(referenceCounts);
    double[] c = proportions(currentCounts);
    double sum = 0;
    for (int i = 0; i < r.length; i++) {
      double ri = r[i] == 0 ? PSI_EPSILON : r[i];
      double ci = c[i] == 0 ? PSI_EPSILON : c[i];
      sum += (ci - ri) * Math.log(ci / ri);
    }
    return sum;
  }

  /**
   * Jensen–Shannon distance, base 2: sqrt((KL(p‖m) + KL(q‖m)) / 2) with m = (p + q) / 2 on the
   * raw proportions (no epsilon), as scipy's {@code jensenshannon(p, q, base=2)}.
   */
  public static double jensenShannon(long[] referenceCounts, long[] currentCounts) {
    double[] p = proportions(referenceCounts);
    double[] q = proportions(currentCounts);
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      double m = (p[i] + q[i]) / 2;
      if (p[i] > 0) {
        sum += p[i] * Math.log(p[i] / m);
      }
      if (q[i] > 0) {
        sum += q[i] * Math.log(q[i] / m);
      }
    }
    double divergence = Math.max(0, sum / 2 / Math.log(2));
    return Math.sqrt(divergence);
  }

  /** Numeric PSI: 10 bins cut at the reference deciles. */
  public static double psi(double[] reference, double[] current) {
    double[] edges = decileEdges(sorted(reference));
    return psi(binCounts(edges, reference), binCounts(edges, current));
  }

  /** Numeric Jensen–Shannon distance over the PSI bins. */
  public static double jensenShannon(double[] reference, double[] current) {
    double[] edges = decileEdges(sorted(reference));
    return jensenShannon(binCounts(edges, reference), binCounts(edges, current));
  }

  /** Two-sample Kolmogorov–Smirnov statistic sup |F_ref − F_cur| (scipy's {@code ks_2samp}). */
  public static double ks(double[] reference, double[] current) {
    return ks(WeightedSample.of(reference), WeightedSample.of(current));
  }

  /** The Kolmogorov–Smirnov statistic of two weighted samples (their weighted ECDFs). */
  public static double ks(WeightedSample a, WeightedSample b) {
    double na = a.count();
    double nb = b.count();
    int i = 0;
    int j = 0;
    double max = 0;
    while (i < a.size() || j < b.size()) {
      double x = j >= b.size() || (i < a.size() && a.value(i) <= b.value(j)) ? a.value(i) : b.value(j);
      while (i < a.size() && a.value(i) <= x) {
        i++;
      }
      while (j < b.size() && b.value(j) <= x) {
        j++;
      }
      max = Math.max(max, Math.abs(below(a, i) / na - below(b, j) / nb));
    }
    return max;
  }

  /** Wasserstein-1 distance ∫ |F_ref − F_cur| dx (scipy's {@code wasserstein_distance}). */
  public static double wasserstein(double[] reference, double[] current) {
    return wasserstein(WeightedSample.of(reference), WeightedSample.of(current));
  }

  /** The Wasserstein-1 distance between two weighted samples (their weighted ECDFs). */
  public static double wasserstein(WeightedSample a, WeightedSample b) {
    double na = a.count();
    double nb = b.count();
    int i = 0;
    int j = 0;
    double sum = 0;
    double previous = Math.min(a.value(0), b.value(0));
    while (i < a.size() || j < b.size()) {
      double x = j >= b.size() || (i < a.size() && a.value(i) <= b.value(j)) ? a.value(i) : b.value(j);
      sum += Math.abs(below(a, i) / na - below(b, j) / nb) * (x - previous);
      previous = x;
      while (i < a.size() && a.value(i) <= x) {
        i++;
      }
      while (j < b.size() && b.value(j) <= x) {
        j++;
      }
    }
    return sum;
  }

  /** The total weight of the first {@code i} entries. */
  private static long below(WeightedSample s, int i) {
    return i == 0 ? 0 : s.cumulativeWeight(i - 1);
  }

  /**
   * Population standard deviation (divide by n), safe against overflow (see {@link Moments}).
   */
  public static double populationStd(double[] values) {
    return Moments.of(values)[1];
  }

  /**
   * p-value of the chi-square test of homogeneity on the 2 × k table of counts (rows: reference,
   * current), without continuity correction. Columns empty in both rows must be removed by the
   * caller. With one column the p-value is 1; with an empty row it is NaN.
   */
  public static double chiSquarePValue(long[] referenceCounts, long[] currentCounts) {
    int k = referenceCounts.length;
    double r1 = 0;
    double r2 = 0;
    for (int i = 0; i < k; i++) {
      r1 += referenceCounts[i];
      r2 += currentCounts[i];
    }
    if (r1 == 0 || r2 == 0) {
      return Double.NaN;
    }
    if (k < 2) {
      return 1.0;
    }
    double n = r1 + r2;
    double stat = 0;
    for (int i = 0; i < k; i++) {
      double col = referenceCounts[i] + currentCounts[i];
      double e1 = r1 * col / n;
      double e2 = r2 * col / n;
      stat += sq(referenceCounts[i] - e1) / e1 + sq(currentCounts[i] - e2) / e2;
    }
    return ChiSquare.survival(stat, k - 1);
  }

  private static double sq(double x) {
    return x * x;
  }

  static double[] sorted(double[] values) {
    double[] copy = values.clone();
    Arrays.sort(copy);
    return copy;
  }
}
