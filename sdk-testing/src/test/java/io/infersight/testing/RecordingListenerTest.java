package io.infersight.testing;

import static io.infersight.testing.InfersightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infersight.core.Inference;
import io.infersight.core.InferenceObserver;
import io.infersight.core.Stage;
import java.time.Duration;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class RecordingListenerTest {
  private final FakeClock clock = FakeClock.create();
  private final RecordingListener recorded = RecordingListener.create();
  private final InferenceObserver observer = InferenceObserver.builder().model("fraud", "2.1.0")
      .clock(clock).addListener(recorded).build();

  @Test
  void recordsASnapshotThatAssertionsRead() {
    try (Inference inf = observer.start("tx-1")) {
      inf.stage(Stage.FEATURES, () -> inf.stage(Stage.FEATURES, "history", () -> clock.advanceMillis(3)));
      inf.cacheHit(false).batchSize(2).scores(0.2, 0.9);
      inf.stage(Stage.FORWARD, () -> clock.advanceMillis(5));
    }
    assertThat(recorded.last()).hasModel("fraud", "2.1.0").hasCorrelationId("tx-1")
        .hasStage(Stage.FEATURES).hasSubStage(Stage.FEATURES, "history")
        .hasStageDuration(Stage.FORWARD, Duration.ofMillis(5)).hasNoStage(Stage.POSTPROCESS)
        .hasCacheHit(false).hasBatchSize(2).hasDuration(Duration.ofMillis(8)).succeeded();
    Assertions.assertThat(recorded.last().scores()).containsExactly(0.2, 0.9);
  }

  @Test
  void rejectedRequestsAreRecordedApartFromFailures() {
    InferenceObserver validating = InferenceObserver.builder().model("fraud", "2.1.0").clock(clock)
        .rejectOn(IllegalArgumentException.class).addListener(recorded).build();
    try (Inference inf = validating.start()) {
      inf.fail(new IllegalArgumentException("userId is required"));
    }
    assertThat(recorded.last()).wasRejectedWith(IllegalArgumentException.class);
    assertThatThrownBy(() -> assertThat(recorded.last()).failedWith(IllegalArgumentException.class))
        .hasMessageContaining("REJECTED");
  }

  @Test
  void recordsASingleScoreAndNoScore() {
    try (Inference inf = observer.start()) {
      inf.scores(0.75);
    }
    Assertions.assertThat(recorded.last().scores()).containsExactly(0.75);
    try (Inference inf = observer.start()) {
      inf.batchSize(1);
    }
    Assertions.assertThat(recorded.last().scores()).isNull();
  }

  @Test
  void failedAssertionsSayWhatHappened() {
    try (Inference inf = observer.start()) {
      inf.fail(new IllegalStateException("boom"));
    }
    assertThat(recorded.last()).failedWith(IllegalStateException.class);
    assertThatThrownBy(() -> assertThat(recorded.last()).succeeded())
        .hasMessageContaining("ERROR").hasMessageContaining("boom");
    assertThatThrownBy(() -> assertThat(recorded.last()).hasStage(Stage.FORWARD))
        .hasMessageContaining("FORWARD");
  }

  @Test
  void aRewoundClockGivesNegativeDurations() {
    try (Inference inf = observer.start()) {
      inf.stage(Stage.FORWARD, () -> clock.rewind(Duration.ofMillis(2)));
    }
    Assertions.assertThat(recorded.last().stageNanos(Stage.FORWARD)).isEqualTo(-2_000_000L);
    assertThatThrownBy(() -> clock.rewind(Duration.ofMillis(-1))).hasMessageContaining("rewind");
  }

  @Test
  void lastFailsClearlyWhenNothingFinished() {
    assertThatThrownBy(recorded::last).hasMessageContaining("no inference");
  }

  @Test
  void countsEveryRequestFromManyThreads() throws Exception {
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      threads[t] = new Thread(() -> {
        for (int i = 0; i < 1000; i++) {
          observer.start().close();
        }
      });
      threads[t].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    Assertions.assertThat(recorded.size()).isEqualTo(4000);
    recorded.clear();
    Assertions.assertThat(recorded.inferences()).isEmpty();
  }
}
