package io.infersight.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SamplingTest {

  @Test
  void rateOneKeepsEveryRequestAndRateZeroNone() {
    for (int i = 0; i < 10_000; i++) {
      assertThat(Sampling.draw(1.0)).isTrue();
      assertThat(Sampling.draw(0.0)).isFalse();
    }
  }

  @Test
  void aRateInBetweenKeepsAboutThatShare() {
    int kept = 0;
    int n = 100_000;
    for (int i = 0; i < n; i++) {
      if (Sampling.draw(0.25)) {
        kept++;
      }
    }
    // 0.25 +- 0.01 is over 7 standard deviations (0.0014) wide: a failure is not bad luck.
    assertThat(kept / (double) n).isBetween(0.24, 0.26);
  }
}
