package io.infersight.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StripesTest {

  @Test
  void handsOutEachStripeOnceThenTheSharedOne() {
    Stripes stripes = new Stripes(4);
    Set<Integer> claimed = new HashSet<>();
    for (int i = 0; i < 4; i++) {
      claimed.add(stripes.claim());
    }
    assertThat(claimed).containsExactlyInAnyOrder(0, 1, 2, 3);
    assertThat(stripes.claim()).isEqualTo(stripes.shared()).isEqualTo(4);
    assertThat(stripes.fallbacks()).isEqualTo(1);

    stripes.release(2);
    stripes.release(stripes.shared()); // giving back the shared stripe is a no-op
    assertThat(stripes.claim()).isEqualTo(2);
    assertThat(stripes.claim()).isEqualTo(stripes.shared());
    assertThat(stripes.fallbacks()).isEqualTo(2);
  }

  @Test
  void defaultsToAPowerOfTwoOfAtMostEight() {
    int n = Stripes.defaultCount();
    assertThat(Integer.bitCount(n)).isEqualTo(1);
    assertThat(n).isBetween(1, Stripes.MAX_DEFAULT_STRIPES);
    assertThat(n).isGreaterThanOrEqualTo(
        Math.min(Stripes.MAX_DEFAULT_STRIPES, Runtime.getRuntime().availableProcessors()));
  }

  @Test
  void rejectsCountsThatAreNotAPowerOfTwoInRange() {
    assertThatThrownBy(() -> new Stripes(0)).hasMessageContaining("stripes");
    assertThatThrownBy(() -> new Stripes(6)).hasMessageContaining("power of two");
    assertThatThrownBy(() -> new Stripes(128)).hasMessageContaining("1..64");
  }
}
