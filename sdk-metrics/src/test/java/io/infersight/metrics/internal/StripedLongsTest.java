package io.infersight.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StripedLongsTest {
  private static final int THREADS = 8;
  private static final int PER_THREAD = 200_000;

  private static void addOnce(StripedLongs cells, int cell, long delta) {
    int stripe = cells.claim();
    try {
      StripedLongs.add(cells.stripe(stripe), stripe == StripedLongs.SHARED, cell, delta);
    } finally {
      cells.release(stripe);
    }
  }

  @Test
  void usesAPowerOfTwoStripesCoveringTheProcessorsUpTo32() {
    int stripes = StripedLongs.defaultStripes();
    assertThat(Integer.bitCount(stripes)).isEqualTo(1);
    assertThat(stripes).isLessThanOrEqualTo(StripedLongs.MAX_STRIPES)
        .isGreaterThanOrEqualTo(Math.min(StripedLongs.MAX_STRIPES, Runtime.getRuntime().availableProcessors()));
  }

  @Test
  void refusesAStripeCountThatIsNotAPowerOfTwo() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new StripedLongs(4, 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stripeCount");
  }

  @Test
  void sumsExactlyOnOneThread() {
    StripedLongs cells = new StripedLongs(3);
    for (int i = 0; i < 1000; i++) {
      addOnce(cells, 0, 1);
      addOnce(cells, 2, i);
    }
    assertThat(cells.sum(0)).isEqualTo(1000);
    assertThat(cells.sum(1)).isZero();
    assertThat(cells.sum(2)).isEqualTo(999 * 1000 / 2);
    long[] out = new long[3];
    cells.sumInto(0, out);
    assertThat(out).containsExactly(1000, 0, 999 * 1000 / 2);
  }

  @Test
  void aClaimedStripeIsNotHandedOutAgainUntilReleased() {
    StripedLongs cells = new StripedLongs(1, 1);
    int held = cells.claim();
    assertThat(held).isZero();
    assertThat(cells.claim()).isEqualTo(StripedLongs.SHARED);
    cells.release(held);
    assertThat(cells.claim()).isZero();
  }

  @Test
  void writesGoToTheSharedStripeWhenEveryStripeIsOwnedAndStillSumExactly() throws Exception {
    StripedLongs cells = new StripedLongs(2, 1);
    int held = cells.claim(); // owns the only stripe: every other writer must fall back
    StripedLongs.add(cells.stripe(held), false, 0, 5);
    runConcurrently(() -> addOnce(cells, 0, 1));
    assertThat(cells.sum(0)).isEqualTo(5L + (long) THREADS * PER_THREAD);
    cells.release(held);
    addOnce(cells, 0, 1);
    assertThat(cells.sum(0)).isEqualTo(6L + (long) THREADS * PER_THREAD);
  }

  @Test
  void eightThreadsSumExactlyWithDefaultStripes() throws Exception {
    StripedLongs cells = new StripedLongs(4);
    runConcurrently(() -> {
      addOnce(cells, 1, 1);
      addOnce(cells, 3, 2);
    });
    assertThat(cells.sum(1)).isEqualTo((long) THREADS * PER_THREAD);
    assertThat(cells.sum(3)).isEqualTo(2L * THREADS * PER_THREAD);
  }

  @Test
  void eightThreadsSumExactlyOnOneContendedStripe() throws Exception {
    StripedLongs cells = new StripedLongs(1, 1);
    runConcurrently(() -> addOnce(cells, 0, 1));
    assertThat(cells.sum(0)).isEqualTo((long) THREADS * PER_THREAD);
  }

  static void runConcurrently(Runnable perIteration) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        done.add(pool.submit(() -> {
          go.await();
          for (int i = 0; i < PER_THREAD; i++) {
            perIteration.run();
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get(2, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
