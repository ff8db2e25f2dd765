package io.infersight.drift.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ChiSquareTest {

  /** For an even df = 2k the survival function is exp(-x/2) Σ_{i<k} (x/2)^i / i!. */
  private static double evenDfSurvival(double x, int df) {
    double term = 1;
    double sum = 0;
    for (int i = 0; i < df / 2; i++) {
      if (i > 0) {
        term *= (x / 2) / i;
      }
      sum += term;
    }
    return Math.exp(-x / 2) * sum;
  }

  @Test
  void matchesTheClosedFormForEvenDegreesOfFreedom() {
    for (int df = 2; df <= 60; df += 2) {
      for (double x : new double[] {0.1, 1, 3, df - 1.0, df, df + 5.0, 2.0 * df, 100}) {
        double expected = evenDfSurvival(x, df);
        assertThat(ChiSquare.survival(x, df))
            .as("df=%d x=%s", df, x)
            .isCloseTo(expected, within(1e-12 + 1e-10 * expected));
      }
    }
  }

  @Test
  void matchesHandComputedValues() {
    // python3: math.exp(-x/2) * sum((x/2)**i / math.factorial(i) for i in range(k)), df = 2k
    assertThat(ChiSquare.survival(7.0, 10)).isCloseTo(0.7254449533096046, within(1e-13));
    assertThat(ChiSquare.survival(25.0, 40)).isCloseTo(0.9694058710730036, within(1e-13));
    assertThat(ChiSquare.survival(60.0, 40)).isCloseTo(0.021873468441390854, within(1e-13));
    // python3: math.erfc(math.sqrt(x / 2)) for df = 1
    assertThat(ChiSquare.survival(20.0 / 3, 1)).isCloseTo(0.009823274507519245, within(1e-13));
  }

  @Test
  void isOneAtZeroAndForNoDegreesOfFreedom() {
    assertThat(ChiSquare.survival(0, 3)).isEqualTo(1.0);
    assertThat(ChiSquare.survival(5, 0)).isEqualTo(1.0);
  }

  @Test
  void logGammaMatchesFactorials() {
    double logFactorial = 0;
    for (int n = 1; n < 30; n++) {
      assertThat(ChiSquare.logGamma(n)).isCloseTo(logFactorial, within(1e-10));
      logFactorial += Math.log(n);
    }
    assertThat(ChiSquare.logGamma(0.5)).isCloseTo(0.5 * Math.log(Math.PI), within(1e-12));
  }
}
