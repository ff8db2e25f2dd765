package io.infersight.drift.internal;

/**
 * Mean and population standard deviation in two passes over the same values, safe against
 * overflow: values near ±{@link Double#MAX_VALUE} give a finite mean and deviation whenever the
 * true ones are representable.
 *
 * <p>The first pass ({@link #add}) keeps the plain sum, which is the result whenever it stays
 * finite (so ordinary data gives exactly {@code Σv / n}), and beside it a Neumaier-compensated
 * sum of the values scaled by 2<sup>−64</sup> (exact scaling, no overflow for any realistic
 * count), used when the plain sum overflowed. The second pass ({@link #addDeviation}) sums
 * {@code (v − mean)²} plainly and, scaled by a power of two that brings the largest magnitude
 * near 1, for when the plain sum overflows.
 *
 * <p>Internal: may change without notice.
 */
public final class Moments {
  private static final double DOWN = 0x1p-64;
  private static final double UP = 0x1p64;

  private long n;
  private double sum;
  private double scaledSum;
  private double compensation;
  private double maxAbs;
  private long deviations;
  private double squares;
  private double scaledSquares;
  private double scale = Double.NaN;
  private double mean = Double.NaN;

  /** First pass: adds a finite value. */
  public void add(double v) {
    n++;
    sum += v;
    double x = v * DOWN;
    double t = scaledSum + x;
    compensation += Math.abs(scaledSum) >= Math.abs(x) ? (scaledSum - t) + x : (x - t) + scaledSum;
    scaledSum = t;
    maxAbs = Math.max(maxAbs, Math.abs(v));
  }

  /** Values added in the first pass. */
  public long count() {
    return n;
  }

  /** The mean of the first pass's values (NaN when there were none). */
  public double mean() {
    if (n == 0) {
      return Double.NaN;
    }
    if (Double.isFinite(sum)) {
      return sum / n;
    }
    return (scaledSum + compensation) / n * UP;
  }

  /** Second pass: adds the same values again, in any order. */
  public void addDeviation(double v) {
    if (deviations == 0) {
      mean = mean();
      scale = maxAbs == 0 ? 1 : Math.scalb(1.0, -Math.getExponent(maxAbs));
    }
    deviations++;
    double d = v - mean;
    squares += d * d;
    double s = v * scale - mean * scale;
    scaledSquares += s * s;
  }

  /** Population standard deviation of the second pass's values (divide by n). */
  public double populationStd() {
    if (deviations == 0) {
      return Double.NaN;
    }
    if (Double.isFinite(squares)) {
      return Math.sqrt(squares / deviations);
    }
    return Math.sqrt(scaledSquares / deviations) / scale;
  }

  /** Mean and population standard deviation of {@code values}: {mean, std}. */
  public static double[] of(double[] values) {
    Moments m = new Moments();
    for (double v : values) {
      m.add(v);
    }
    for (double v : values) {
      m.addDeviation(v);
    }
    return new double[] {m.mean(), m.populationStd()};
  }
}
