package io.infersight.drift.internal;

import java.util.Arrays;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.DoublesSortedView;

/**
 * Sorted values with cumulative weights: a whole sample (every weight 1) or the retained items of
 * a KLL quantile sketch (weights 2<sup>level</sup>). The exact statistics run on it unchanged: on
 * a whole sample they are the textbook ones; on a sketch they are those of the sketch's
 * approximation of the sample, whose ranks are within the sketch's rank error.
 *
 * <p>Internal: may change without notice.
 */
public final class WeightedSample {
  private final double[] values;
  private final long[] cumulative;

  private WeightedSample(double[] values, long[] cumulative) {
    this.values = values;
    this.cumulative = cumulative;
  }

  /** Every value with weight 1 (sorted in a copy). */
  public static WeightedSample of(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    long[] cumulative = new long[sorted.length];
    for (int i = 0; i < sorted.length; i++) {
      cumulative[i] = i + 1;
    }
    return new WeightedSample(sorted, cumulative);
  }

  /**
   * The sketch's retained items. While the sketch holds every value (it is not in estimation
   * mode) this is the same as {@link #of(double[])} on those values.
   */
  public static WeightedSample of(KllDoublesSketch sketch) {
    if (sketch.isEmpty()) {
      return new WeightedSample(new double[0], new long[0]);
    }
    DoublesSortedView view = sketch.getSortedView();
    return new WeightedSample(view.getQuantiles(), view.getCumulativeWeights());
  }

  /** Total weight: the number of values represented. */
  public long count() {
    return cumulative.length == 0 ? 0 : cumulative[cumulative.length - 1];
  }

  /** Number of distinct entries (values or retained items). */
  int size() {
    return values.length;
  }

  double value(int i) {
    return values[i];
  }

  long cumulativeWeight(int i) {
    return cumulative[i];
  }

  /**
   * The order statistic at 0-based position {@code j} of the represented values: the entry whose
   * cumulative weight first exceeds {@code j}.
   */
  public double valueAt(long j) {
    int lo = 0;
    int hi = cumulative.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] > j) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return values[lo];
  }

  /**
   * The {@code p}-quantile with linear interpolation between order statistics (numpy's default
   * method): virtual index {@code h = (n − 1) p}; the same as {@link ExactStatistics#quantile} on
   * a whole sample.
   */
  public double quantile(double p) {
    long n = count();
    double h = (n - 1) * p;
    long lo = (long) Math.floor(h);
    if (lo >= n - 1) {
      return valueAt(n - 1);
    }
    double t = h - lo;
    double a = valueAt(lo);
    double b = valueAt(lo + 1);
    return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
  }

  /** The 9 decile edges (10th … 90th percentile); may repeat. */
  public double[] decileEdges() {
    double[] edges = new double[ExactStatistics.DECILE_BINS - 1];
    for (int k = 1; k < ExactStatistics.DECILE_BINS; k++) {
      edges[k - 1] = quantile(k / 10.0) + 0.0;
    }
    return edges;
  }
}
