package io.infersight.testing;

import static io.infersight.testing.InfersightAssertions.assertThat;

import io.infersight.core.SelfMetricNames;
import io.infersight.core.Inference;
import io.infersight.core.InferenceObserver;
import io.infersight.core.Stage;
import java.time.Duration;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** The QUEUE stage and the queue count, as serving code with a queue in front of the model uses them. */
class QueueWaitTest {
  private final FakeClock clock = FakeClock.create();
  private final RecordingListener recorded = RecordingListener.create();
  private final InferenceObserver observer = InferenceObserver.builder().model("fraud", "2.1.0")
      .clock(clock).addListener(recorded).build();

  @Test
  void theWaitFromTheEnqueueTimeIsTheQueueStageAndNotPartOfTheRequest() {
    long enqueuedAt = observer.enqueued();
    clock.advanceMillis(12);
    observer.dequeued();
    try (Inference inf = observer.start("tx-1", enqueuedAt)) {
      inf.stage(Stage.FORWARD, () -> clock.advanceMillis(5));
    }
    assertThat(recorded.last()).hasStageDuration(Stage.QUEUE, Duration.ofMillis(12))
        .hasStageDuration(Stage.FORWARD, Duration.ofMillis(5)).hasDuration(Duration.ofMillis(5))
        .succeeded();
    Assertions.assertThat(recorded.last().stages()).extracting(RecordedStage::stage)
        .containsExactly(Stage.QUEUE, Stage.FORWARD);
  }

  @Test
  void aMeasuredWaitIsRecordedAsTheQueueStageWithoutMovingTheNextStagesStart() {
    try (Inference inf = observer.start()) {
      clock.advanceMillis(1);
      inf.recordStage(Stage.QUEUE, Duration.ofMillis(30));
      inf.stage(Stage.FORWARD, () -> clock.advanceMillis(4));
    }
    assertThat(recorded.last()).hasStageDuration(Stage.QUEUE, Duration.ofMillis(30))
        .hasStageDuration(Stage.FORWARD, Duration.ofMillis(5)).hasDuration(Duration.ofMillis(5));
  }

  @Test
  void aStageTimedElsewhereEndsNowAndStartsTheNextStage() {
    try (Inference inf = observer.start()) {
      clock.advanceMillis(9);
      inf.recordStage(Stage.FORWARD, Duration.ofMillis(7));
      inf.stage(Stage.POSTPROCESS, () -> clock.advanceMillis(2));
    }
    assertThat(recorded.last()).hasStageDuration(Stage.FORWARD, Duration.ofMillis(7))
        .hasStageDuration(Stage.POSTPROCESS, Duration.ofMillis(2)).hasDuration(Duration.ofMillis(11));
  }

  @Test
  void badQueueTimesAreCountedAndIgnored() {
    long future = clock.nanoTime() + 1_000_000;
    try (Inference inf = observer.start("tx-2", future)) {
      inf.recordStage(Stage.QUEUE, Duration.ofMillis(-1));
      inf.recordStage(Stage.QUEUE, null);
      inf.recordStage(null, Duration.ofMillis(1));
    }
    assertThat(recorded.last()).hasNoStage(Stage.QUEUE).succeeded();
    Assertions.assertThat(invalid("negative_duration")).isEqualTo(2);
    Assertions.assertThat(invalid("null_duration")).isEqualTo(1);
    Assertions.assertThat(invalid("null_stage")).isEqualTo(1);
  }

  @Test
  void theQueueCountFollowsEnqueuedAndDequeued() {
    observer.enqueued();
    observer.enqueued();
    Assertions.assertThat(observer.queuedRequests()).isEqualTo(2);
    observer.dequeued();
    Assertions.assertThat(observer.queuedRequests()).isEqualTo(1);
  }

  @Test
  void theNoopObserverCountsNothing() {
    InferenceObserver noop = InferenceObserver.noop();
    long enqueuedAt = noop.enqueued();
    try (Inference inf = noop.start("tx-3", enqueuedAt)) {
      inf.recordStage(Stage.QUEUE, Duration.ofMillis(3));
    }
    Assertions.assertThat(noop.queuedRequests()).isZero();
  }

  private long invalid(String kind) {
    return observer.selfMetrics().count(SelfMetricNames.INVALID_OBSERVATIONS, "kind", kind);
  }
}
