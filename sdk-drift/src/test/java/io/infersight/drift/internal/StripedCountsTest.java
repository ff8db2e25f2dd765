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
