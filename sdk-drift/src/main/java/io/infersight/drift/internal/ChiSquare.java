package io.infersight.drift.internal;

/**
 * The chi-square distribution's survival function, through the regularized upper incomplete
 * gamma function Q(a, x): a power series for P when x &lt; a + 1, a continued fraction for Q
 * otherwise (both converge fast there). Relative accuracy about 1e-12.
 *
 * <p>Internal: may change without notice.
 */
public final class ChiSquare {
  private static final int MAX_ITERATIONS = 10_000;
  private static final double EPS = 1e-15;
  private static final double TINY = 1e-300;
  // Lanczos approximation, g = 7, 9 coefficients (the published constants).
  private static final double[] LANCZOS = {
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
    1.5056327351493116e-7
  };

  private ChiSquare() {}

  /** P(X ≥ x) for X chi-square with {@code df} degrees of freedom. */
  public static double survival(double x, int df) {
    if (df <= 0) {
      return 1.0;
    }
    if (!(x > 0)) {
      return 1.0;
    }
    return upperRegularizedGamma(df / 2.0, x / 2.0);
  }

  /** Q(a, x) = Γ(a, x) / Γ(a). */
  public static double upperRegularizedGamma(double a, double x) {
    if (x <= 0) {
      return 1.0;
    }
    if (x < a + 1) {
      return Math.max(0, 1.0 - lowerSeries(a, x));
    }
    return upperContinuedFraction(a, x);
  }

  /** ln Γ(z) for z &gt; 0. */
  public static double logGamma(double z) {
    if (z < 0.5) {
      // Reflection keeps the approximation in its accurate range.
      return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * z))) - logGamma(1 - z);
    }
    double zm = z - 1;
    double sum = LANCZOS[0];
    double t = zm + 7.5;
    for (int i = 1; i < LANCZOS.length; i++) {
      sum += LANCZOS[i] / (zm + i);
    }
    return 0.5 * Math.log(2 * Math.PI) + (zm + 0.5) * Math.log(t) - t + Math.log(sum);
  }

  private static double prefactor(double a, double x) {
    return Math.exp(a * Math.log(x) - x - logGamma(a));
  }

  private static double lowerSeries(double a, double x) {
    double term = 1.0 / a;
    double sum = term;
    double ap = a;
    for (int n = 0; n < MAX_ITERATIONS; n++) {
      ap += 1;
      term *= x / ap;
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPS) {
        break;
      }
    }
    return sum * prefactor(a, x);
  }

  private static double upperContinuedFraction(double a, double x) {
    // Modified Lentz evaluation of the continued fraction for Γ(a, x) e^x x^-a.
    double b = x + 1 - a;
    double c = 1 / TINY;
    double d = 1 / b;
    double h = d;
    for (int i = 1; i < MAX_ITERATIONS; i++) {
      double an = -i * (i - a);
      b += 2;
      d = an * d + b;
      if (Math.abs(d) < TINY) {
        d = TINY;
      }
      c = b + an / c;
      if (Math.abs(c) < TINY) {
        c = TINY;
      }
      d = 1 / d;
      double delta = d * c;
      h *= delta;
      if (Math.abs(delta - 1) < EPS) {
        break;
      }
    }
    return prefactor(a, x) * h;
  }
}
