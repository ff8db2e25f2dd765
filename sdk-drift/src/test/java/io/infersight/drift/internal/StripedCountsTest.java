package io.infersight.drift.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StripedCountsTest {

  @Test
  void addsOwnedAndSharedStripesIntoOneCount() {
    StripedCounts counts = new StripedCounts(2, 3, 4);
    counts.increment(0, 1);
    counts.increment(1, 1);
    counts.increment(2, 1); // the shared stripe
    counts.increment(2, 3);
    assertThat(counts.cumulative()).containsExactly(0, 3, 0, 1);
    assertThat(counts.total()).isEqualTo(4);
  }

  @Test
  void slicesShareOneRowPerStripeButCountAndRollApart() {
    StripedCounts[] slices = StripedCounts.slices(2, 3, new int[] {3, 2});
    assertThat(slices[1].rows()).as("one row per stripe for every slice").isSameAs(slices[0].rows());
    assertThat(slices[0].offset()).isZero();
    assertThat(slices[1].offset()).isEqualTo(3);
    slices[0].increment(0, 2);
    slices[1].increment(1, 0);
    slices[1].increment(2, 1); // the shared stripe
    assertThat(slices[0].cumulative()).containsExactly(0, 0, 1);
    assertThat(slices[1].cumulative()).containsExactly(1, 1);

    slices[1].startSlot(1);
    slices[0].increment(0, 0);
    assertThat(slices[1].window(0)).as("its own sub-window start").containsExactly(0, 0);
    assertThat(slices[0].window(0)).as("not rolled: everything").containsExactly(1, 0, 1);
  }

  @Test
  void windowIsCountsSinceTheOldestSubWindowStarted() {
    WindowRing ring = new WindowRing(2); // 3 slots: active, previous, spare
    StripedCounts counts = new StripedCounts(1, ring.slotCount(), 2);
    counts.increment(0, 0);
    assertThat(counts.window(ring.spare())).containsExactly(1, 0);

    ring.advance();
    counts.startSlot(ring.active());
    counts.increment(1, 1);
    assertThat(counts.window(ring.spare())).as("previous + active").containsExactly(1, 1);

    ring.advance();
    counts.startSlot(ring.active());
    counts.increment(0, 1);
    assertThat(counts.window(ring.spare())).as("the first sub-window left").containsExactly(0, 2);
    assertThat(counts.window(-1)).as("everything since creation").containsExactly(1, 2);

    ring.advance();
    counts.startSlot(ring.active());
    ring.advance();
    counts.startSlot(ring.active());
    assertThat(counts.window(ring.spare())).containsExactly(0, 0);
    assertThat(counts.total()).isEqualTo(3);
  }
}
