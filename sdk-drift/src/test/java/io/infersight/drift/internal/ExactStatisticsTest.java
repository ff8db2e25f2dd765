package io.infersight.drift.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExactStatisticsTest {
  // Small cases: expected values computed by hand with python3's standard library
  // (statistics.quantiles(method='inclusive'), math.log, bisect) from the definitions in docs/drift.md.
  private static final double[] ONE_TO_TEN = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  private static final double[] TIES = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5};
  private static final double[] TIES_CURRENT = {1, 1, 2, 9, 9, 9};

  @Test
  void quantilesInterpolateLinearlyBetweenOrderStatisticsLikeNumpy() {
    assertThat(ExactStatistics.decileEdges(ONE_TO_TEN))
        .containsExactly(new double[] {1.9, 2.8, 3.7, 4.6, 5.5, 6.4, 7.3, 8.2, 9.1}, within(1e-12));
    double[] sorted = TIES.clone();
    Arrays.sort(sorted);
    assertThat(ExactStatistics.decileEdges(sorted)).containsExactly(1, 2, 3, 3, 4, 5, 5, 5, 6);
  }

  @Test
  void valueOnAnEdgeFallsInTheBinBelowIt() {
    double[] edges = {1, 2, 2, 3};
    assertThat(ExactStatistics.binOf(edges, 0.5)).isEqualTo(0);
    assertThat(ExactStatistics.binOf(edges, 1)).isEqualTo(0);
    assertThat(ExactStatistics.binOf(edges, 1.5)).isEqualTo(1);
    assertThat(ExactStatistics.binOf(edges, 2)).isEqualTo(1);
    assertThat(ExactStatistics.binOf(edges, 2.5)).isEqualTo(3);
    assertThat(ExactStatistics.binOf(edges, 99)).isEqualTo(4);
  }

  @Test
  void psiOfHandCheckedCases() {
    double[] current = {1, 1, 1, 1, 1, 10, 10, 10, 10, 10};
    assertThat(ExactStatistics.psi(ONE_TO_TEN, current)).isCloseTo(6.808228348909806, within(1e-12));
    assertThat(ExactStatistics.psi(TIES, TIES_CURRENT)).isCloseTo(5.593091559228643, within(1e-12));
    assertThat(ExactStatistics.psi(ONE_TO_TEN, ONE_TO_TEN)).isEqualTo(0.0);
  }

  @Test
  void jensenShannonOfHandCheckedCases() {
    double[] current = {1, 1, 1, 1, 1, 10, 10, 10, 10, 10};
    assertThat(ExactStatistics.jensenShannon(ONE_TO_TEN, current)).isCloseTo(0.7810163551494856, within(1e-12));
    assertThat(ExactStatistics.jensenShannon(TIES, TIES_CURRENT)).isCloseTo(0.674615816211809, within(1e-12));
    assertThat(ExactStatistics.jensenShannon(new long[] {1, 0}, new long[] {0, 1})).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void ksOfHandCheckedCases() {
    assertThat(ExactStatistics.ks(new double[] {1, 2, 3, 4, 5}, new double[] {3, 4, 5, 6, 7}))
        .isCloseTo(0.4, within(1e-12));
    assertThat(ExactStatistics.ks(TIES, TIES_CURRENT)).isCloseTo(0.40909090909090906, within(1e-12));
  }

  @Test
  void wassersteinOfHandCheckedCases() {
    assertThat(ExactStatistics.wasserstein(new double[] {1, 2, 3, 4, 5}, new double[] {3, 4, 5, 6, 7}))
        .isCloseTo(2.0, within(1e-12));
    assertThat(ExactStatistics.wasserstein(TIES, TIES_CURRENT)).isCloseTo(2.0151515151515147, within(1e-12));
    assertThat(ExactStatistics.populationStd(TIES)).isCloseTo(2.256304299271065, within(1e-12));
  }

  @Test
  void categoricalPsiJsAndChiSquareOfHandCheckedCases() {
    long[] r = {10, 20, 30};
    long[] c = {30, 20, 10};
    assertThat(ExactStatistics.psi(r, c)).isCloseTo(0.7324081924454064, within(1e-12));
    assertThat(ExactStatistics.jensenShannon(r, c)).isCloseTo(0.354703515198132, within(1e-12));
    // chi2 = 20 on 2 degrees of freedom: p = exp(-10).
    assertThat(ExactStatistics.chiSquarePValue(r, c)).isCloseTo(4.5399929762484854e-05, within(1e-15));
    // chi2 = 20/3 on 1 degree of freedom: p = erfc(sqrt(10/3)).
    assertThat(ExactStatistics.chiSquarePValue(new long[] {10, 20}, new long[] {20, 10}))
        .isCloseTo(0.009823274507519245, within(1e-13));
  }

  @Test
  void chiSquareWithOneCategoryIsOneAndWithAnEmptyRowIsUndefined() {
    assertThat(ExactStatistics.chiSquarePValue(new long[] {5}, new long[] {7})).isEqualTo(1.0);
    assertThat(ExactStatistics.chiSquarePValue(new long[] {5, 1}, new long[] {0, 0})).isNaN();
  }

  @Test
  void ksMatchesBruteForceEvaluationAtEverySampleValue() {
    Random rnd = new Random(1);
    for (int trial = 0; trial < 20; trial++) {
      double[] a = sample(rnd, 50 + rnd.nextInt(200), trial % 3 == 0);
      double[] b = sample(rnd, 50 + rnd.nextInt(200), trial % 2 == 0);
      double expected = 0;
      for (double x : concat(a, b)) {
        expected = Math.max(expected, Math.abs(ecdf(a, x) - ecdf(b, x)));
      }
      assertThat(ExactStatistics.ks(a, b)).isCloseTo(expected, within(1e-12));
    }
  }

  @Test
  void wassersteinOfEqualSizeSamplesIsTheMeanGapBetweenSortedValues() {
    Random rnd = new Random(2);
    for (int trial = 0; trial < 20; trial++) {
      int n = 10 + rnd.nextInt(300);
      double[] a = sample(rnd, n, trial % 2 == 0);
      double[] b = sample(rnd, n, trial % 3 == 0);
      double[] sa = a.clone();
      double[] sb = b.clone();
      Arrays.sort(sa);
      Arrays.sort(sb);
      double expected = 0;
      for (int i = 0; i < n; i++) {
        expected += Math.abs(sa[i] - sb[i]);
      }
      assertThat(ExactStatistics.wasserstein(a, b)).isCloseTo(expected / n, within(1e-9));
    }
  }

  @Test
  void psiMatchesADirectComputationOverSortedDeciles() {
    Random rnd = new Random(3);
    for (int trial = 0; trial < 20; trial++) {
      double[] ref = sample(rnd, 100 + rnd.nextInt(500), trial % 2 == 0);
      double[] cur = sample(rnd, 100 + rnd.nextInt(500), false);
      double[] s = ref.clone();
      Arrays.sort(s);
      double[] edges = new double[9];
      for (int k = 1; k <= 9; k++) {
        double h = (s.length - 1) * (k / 10.0);
        int lo = (int) h;
        edges[k - 1] = lo + 1 < s.length ? s[lo] + (h - lo) * (s[lo + 1] - s[lo]) : s[lo];
      }
      double expected = 0;
      for (int bin = 0; bin < 10; bin++) {
        double r = share(ref, edges, bin);
        double c = share(cur, edges, bin);
        r = r == 0 ? 0.0001 : r;
        c = c == 0 ? 0.0001 : c;
        expected += (c - r) * Math.log(c / r);
      }
      assertThat(ExactStatistics.psi(ref, cur)).isCloseTo(expected, within(1e-9));
    }
  }

  private static double share(double[] values, double[] edges, int bin) {
    int n = 0;
    for (double v : values) {
      boolean above = bin == 0 || v > edges[bin - 1];
      boolean below = bin == 9 || v <= edges[bin];
      if (above && below) {
        n++;
      }
    }
    return (double) n / values.length;
  }

  private static double ecdf(double[] xs, double x) {
    int n = 0;
    for (double v : xs) {
      if (v <= x) {
        n++;
      }
    }
    return (double) n / xs.length;
  }

  private static double[] sample(Random rnd, int n, boolean ties) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = ties ? rnd.nextInt(8) : rnd.nextGaussian() * 2 + 1;
    }
    return v;
  }

  private static double[] concat(double[] a, double[] b) {
    double[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
