package io.infersight.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InferenceTest {
  private final ManualClock clock = new ManualClock();
  private final EventLog log = new EventLog("a");
  private final InferenceObserver observer =
      InferenceObserver.builder().model("fraud", "2.1.0").clock(clock).addListener(log)
          .slowThreshold(Duration.ofMillis(100)).build();

  @Test
  void theKeepReasonComesFromTheOutcomeErrorFirstThenSlowThenAnExportedTrace() {
    try (Inference inf = observer.start()) {
      clock.advanceMillis(150);
      inf.fail(new IllegalStateException("boom"));
    }
    try (Inference inf = observer.start()) {
      clock.advanceMillis(150);
    }
    try (Inference inf = observer.start()) {
      inf.setTrace("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", true);
    }
    try (Inference inf = observer.start()) {
      inf.setTrace("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", false);
    }
    assertThat(log.ended).extracting(InferenceView::keepReason)
        .containsExactly(KeepReason.ERROR, KeepReason.SLOW, KeepReason.TRACE, null);
  }

  @Test
  void recordsPerStageAndTotalDurationsOnTheMonotonicClock() {
    try (Inference inf = observer.start("req-1")) {
      inf.stage(Stage.PREPROCESS, () -> clock.advanceMillis(2));
      String f = inf.stage(Stage.FEATURES, () -> {
        clock.advanceMillis(5);
        return "features";
      });
      assertThat(f).isEqualTo("features");
      inf.stage(Stage.FORWARD, () -> clock.advanceMillis(7));
      inf.stage(Stage.POSTPROCESS, () -> clock.advanceMillis(1));
      clock.advanceMillis(3);
    }
    InferenceView inf = log.ended.get(0);
    assertThat(inf.status()).isEqualTo(Status.SUCCESS);
    assertThat(inf.correlationId()).isEqualTo("req-1");
    assertThat(inf.stageNanos(Stage.PREPROCESS)).isEqualTo(2_000_000);
    assertThat(inf.stageNanos(Stage.FEATURES)).isEqualTo(5_000_000);
    assertThat(inf.stageNanos(Stage.FORWARD)).isEqualTo(7_000_000);
    assertThat(inf.stageNanos(Stage.POSTPROCESS)).isEqualTo(1_000_000);
    assertThat(inf.durationNanos()).isEqualTo(18_000_000);
    assertThat(inf.isSlow()).isFalse();
    assertThat(log.events).containsExactly(
        "a:start", "a:attach:main", "a:stageStart:PREPROCESS", "a:stageEnd:PREPROCESS:2ms",
        "a:stageStart:FEATURES", "a:stageEnd:FEATURES:5ms", "a:stageStart:FORWARD",
        "a:stageEnd:FORWARD:7ms", "a:stageStart:POSTPROCESS", "a:stageEnd:POSTPROCESS:1ms",
        "a:end:SUCCESS", "a:detach:a-token");
  }

  @Test
  void stageThatRunsTwiceAccumulatesAndUnrunStageReportsMinusOne() {
    try (Inference inf = observer.start()) {
      inf.stage(Stage.FORWARD, () -> clock.advanceMillis(3));
      inf.stage(Stage.FORWARD, () -> clock.advanceMillis(4));
    }
    InferenceView inf = log.ended.get(0);
    assertThat(inf.stageNanos(Stage.FORWARD)).isEqualTo(7_000_000);
    assertThat(inf.ran(Stage.PREPROCESS)).isFalse();
    assertThat(inf.stageNanos(Stage.PREPROCESS)).isEqualTo(-1);
  }

  @Test
  void subStagesAreReportedButNotAddedToTheStageTotal() {
    try (Inference inf = observer.start()) {
      inf.stage(Stage.FEATURES, () -> {
        inf.stage(Stage.FEATURES, "user_history", () -> {
          clock.advanceMillis(4);
          return null;
        });
        clock.advanceMillis(1);
      });
    }
    assertThat(log.events).contains("a:stageEnd:FEATURES/user_history:4ms", "a:stageEnd:FEATURES:5ms");
    assertThat(log.ended.get(0).stageNanos(Stage.FEATURES)).isEqualTo(5_000_000);
  }

  @Test
  void subStageNamesPastTheLimitFoldIntoOther() {
    InferenceObserver bounded = InferenceObserver.builder().model("m", "1").addListener(log)
        .labelPolicy(LabelPolicy.builder().maxValues(InferenceObserver.SUB_STAGE_LABEL, 2).build())
        .build();
    try (Inference inf = bounded.start()) {
      for (int i = 0; i < 5; i++) {
        inf.stage(Stage.FEATURES, "group" + i, () -> 1);
      }
    }
    assertThat(log.events).contains("a:stageEnd:FEATURES/group0:0ms", "a:stageEnd:FEATURES/group1:0ms")
        .contains("a:stageEnd:FEATURES/other:0ms").doesNotContain("a:stageEnd:FEATURES/group2:0ms");
    assertThat(bounded.selfMetrics().count(SelfMetricNames.LABEL_OVERFLOW, "label", "sub_stage")).isEqualTo(3);
  }

  @Test
  void rethrowsTheSameExceptionInstanceAndMarksTheRequestFailed() {
    IllegalStateException boom = new IllegalStateException("model not loaded");
    Inference inf = observer.start();
    assertThatThrownBy(() -> inf.stage(Stage.FORWARD, () -> {
      throw boom;
    })).isSameAs(boom);
    inf.close();
    assertThat(inf.status()).isEqualTo(Status.ERROR);
    assertThat(inf.error()).isSameAs(boom);
    assertThat(inf.errorType()).isEqualTo(IllegalStateException.class.getName());
    assertThat(log.events).contains("a:stageEnd:FORWARD:0ms:IllegalStateException", "a:end:ERROR");
  }

  @Test
  void rethrowsCheckedExceptionsUnchangedFromTheCheckedVariant() {
    IOException io = new IOException("feature store down");
    Inference inf = observer.start();
    assertThatThrownBy(() -> inf.stageChecked(Stage.FEATURES, () -> {
      throw io;
    })).isSameAs(io);
    inf.close();
    assertThat(inf.status()).isEqualTo(Status.ERROR);
  }

  @Test
  void rethrowsErrorsUnchangedFromRunnableStages() {
    AssertionError err = new AssertionError("bad");
    Inference inf = observer.start();
    assertThatThrownBy(() -> inf.stage(Stage.POSTPROCESS, (Runnable) () -> {
      throw err;
    })).isSameAs(err);
    inf.close();
    assertThat(inf.error()).isSameAs(err);
  }

  @Test
  void failMarksTheRequestAsFailedAndTheFirstErrorWins() {
    RuntimeException first = new RuntimeException("first");
    try (Inference inf = observer.start()) {
      inf.fail(first).fail(new RuntimeException("second"));
    }
    assertThat(log.ended.get(0).error()).isSameAs(first);
  }

  @Test
  void closeIsIdempotent() {
    Inference inf = observer.start();
    inf.close();
    inf.close();
    inf.close();
    assertThat(log.events).containsOnlyOnce("a:end:SUCCESS");
  }

  @Test
  void closeFromManyThreadsAtOnceEndsTheRequestExactlyOnce() throws Exception {
    Inference inf = observer.start();
    CountDownLatch go = new CountDownLatch(1);
    Thread[] threads = new Thread[8];
    for (int i = 0; i < threads.length; i++) {
      threads[i] = new Thread(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        inf.close();
      });
      threads[i].start();
    }
    go.countDown();
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(10));
    }
    assertThat(log.ended).hasSize(1);
    assertThat(inf.isClosed()).isTrue();
    // Closed on another thread, the starting thread no longer sees it as current.
    assertThat(Inference.current().isRecording()).isFalse();
  }

  @Test
  void theOwnerDetachesWhenItsCloseLosesToAnotherThread() throws Exception {
    Inference inf = observer.start("raced");
    Thread closer = new Thread(inf::close, "closer");
    closer.start();
    closer.join(TimeUnit.SECONDS.toMillis(10));
    assertThat(log.events).doesNotContain("a:detach:a-token"); // the other thread cannot detach here

    inf.close(); // the owner leaves the request; its close lost
    inf.close();
    assertThat(log.events).containsOnlyOnce("a:detach:a-token");
    assertThat(log.ended).hasSize(1);
    assertThat(Inference.current().isRecording()).isFalse();
  }

  @Test
  void aValidationExceptionOfARejectOnTypeEndsTheRequestRejectedNotFailed() {
    InferenceObserver validating = InferenceObserver.builder().model("fraud", "2.1.0").clock(clock)
        .addListener(log).rejectOn(IllegalArgumentException.class).build();
    IllegalArgumentException invalid = new IllegalArgumentException("amount must be positive");
    try (Inference inf = validating.start()) {
      assertThatThrownBy(() -> inf.stage(Stage.PREPROCESS, () -> {
        throw invalid;
      })).isSameAs(invalid);
    }
    try (Inference inf = validating.start()) {
      inf.stage(Stage.FORWARD, () -> clock.advanceMillis(1));
      inf.fail(new IllegalStateException("model down"));
    }
    try (Inference inf = validating.start()) {
      inf.fail(new NumberFormatException("amount: 'abc'")); // a subclass of the registered type
    }
    assertThat(log.ended.get(0).status()).isEqualTo(Status.REJECTED);
    assertThat(log.ended.get(0).error()).isSameAs(invalid);
    assertThat(log.ended.get(0).status().label()).isEqualTo("rejected");
    assertThat(log.ended.get(1).status()).isEqualTo(Status.ERROR);
    assertThat(log.ended.get(2).status()).isEqualTo(Status.REJECTED);
    assertThat(log.events).contains("a:end:REJECTED", "a:end:ERROR");
  }

  @Test
  void rejectMarksTheRequestRejectedUnlessAnotherErrorCameFirst() {
    IllegalArgumentException invalid = new IllegalArgumentException("userId is required");
    try (Inference inf = observer.start()) {
      try {
        inf.stage(Stage.PREPROCESS, () -> {
          throw invalid;
        });
      } catch (IllegalArgumentException e) {
        inf.reject(e); // the stage recorded it as a failure; the caller knows better
      }
    }
    try (Inference inf = observer.start()) {
      inf.reject(invalid);
    }
    try (Inference inf = observer.start()) {
      inf.fail(new IllegalStateException("store down")).reject(invalid);
    }
    try (Inference inf = observer.start()) {
      inf.reject(null);
    }
    assertThat(log.ended).extracting(InferenceView::status)
        .containsExactly(Status.REJECTED, Status.REJECTED, Status.ERROR, Status.SUCCESS);
    assertThat(log.ended.get(2).error()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void afterCloseStagesStillRunButRecordNothing() {
    Inference inf = observer.start();
    inf.close();
    AtomicInteger ran = new AtomicInteger();
    inf.stage(Stage.FORWARD, ran::incrementAndGet);
    inf.fail(new RuntimeException());
    assertThat(ran).hasValue(1);
    assertThat(inf.ran(Stage.FORWARD)).isFalse();
    assertThat(inf.status()).isEqualTo(Status.SUCCESS);
  }

  @Test
  void slowRequestsAreFlaggedAgainstTheThreshold() {
    try (Inference inf = observer.start()) {
      clock.advanceMillis(150);
    }
    assertThat(log.ended.get(0).isSlow()).isTrue();
  }

  @Test
  void keepsWhatServingCodeLearns() {
    double[] scores = {0.91};
    double[] features = {1, 2};
    Map<String, Object> byName = Map.of("amount", 12.5);
    try (Inference inf = observer.start()) {
      inf.cacheHit(false).featureAge(Duration.ofHours(6)).scores(scores).batchSize(3)
          .features(features).features(byName);
    }
    InferenceView inf = log.ended.get(0);
    assertThat(inf.cacheHitKnown()).isTrue();
    assertThat(inf.cacheHit()).isFalse();
    assertThat(inf.featureAgeNanos()).isEqualTo(Duration.ofHours(6).toNanos());
    assertThat(inf.scores()).isSameAs(scores);
    assertThat(inf.featureValues()).isSameAs(features);
    assertThat(inf.featureMap()).isSameAs(byName);
    assertThat(inf.batchSize()).isEqualTo(3);
  }

  @Test
  void aSingleScoreIsKeptWithoutAllocatingAndReadThroughTheAccessors() {
    java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
    org.junit.jupiter.api.Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean,
        "Skipped: this JVM cannot count allocated bytes per thread");
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
    int rounds = 200_000;
    try (Inference inf = observer.start()) {
      for (int i = 0; i < rounds; i++) { // warm up: JIT
        inf.scores(i * 1e-6);
      }
      long before = threads.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < rounds; i++) {
        inf.scores(i * 1e-6);
      }
      long allocated = threads.getCurrentThreadAllocatedBytes() - before;
      // A varargs call allocates a 24-byte array each time (about 4.8 MB here).
      assertThat(allocated).as("bytes allocated by %d single-score calls", rounds).isLessThan(1024);
      inf.scores(0.42);
    }
    InferenceView inf = log.ended.get(0);
    assertThat(inf.scoreCount()).isEqualTo(1);
    assertThat(inf.score(0)).isEqualTo(0.42);
    assertThat(inf.scores()).containsExactly(0.42);
    assertThatThrownBy(() -> inf.score(1)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void scoreAccessorsReadAnArrayAndReportNoScores() {
    try (Inference inf = observer.start()) {
      inf.scores(0.1, 0.7);
    }
    try (Inference inf = observer.start()) {
      inf.batchSize(1);
    }
    InferenceView two = log.ended.get(0);
    assertThat(two.scoreCount()).isEqualTo(2);
    assertThat(two.score(1)).isEqualTo(0.7);
    InferenceView none = log.ended.get(1);
    assertThat(none.scoreCount()).isEqualTo(-1);
    assertThat(none.scores()).isNull();
    assertThatThrownBy(() -> none.score(0)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void countsAndIgnoresInvalidObservationsWithoutThrowing() {
    try (Inference inf = observer.start()) {
      inf.batchSize(-1).featureAge(Duration.ofMillis(-5)).featureAge(null).featureAgeMillis(-1)
          .scores((double[]) null).features((double[]) null).features((Map<String, ?>) null)
          .fail(null);
      inf.stage(null, () -> 1);
    }
    InferenceView inf = log.ended.get(0);
    assertThat(inf.batchSize()).isEqualTo(-1);
    assertThat(inf.featureAgeNanos()).isEqualTo(-1);
    assertThat(inf.status()).isEqualTo(Status.SUCCESS);
    SelfMetrics m = observer.selfMetrics();
    String name = SelfMetricNames.INVALID_OBSERVATIONS;
    assertThat(m.count(name, "kind", "negative_batch_size")).isEqualTo(1);
    assertThat(m.count(name, "kind", "feature_age")).isEqualTo(3);
    assertThat(m.count(name, "kind", "null_scores")).isEqualTo(1);
    assertThat(m.count(name, "kind", "null_features")).isEqualTo(2);
    assertThat(m.count(name, "kind", "null_error")).isEqualTo(1);
    assertThat(m.count(name, "kind", "null_stage")).isEqualTo(1);
  }

  @Test
  void listenersShareStateThroughSlotsAndTraceIds() {
    SlotKey<String> key = SlotKey.create("test.note");
    InferenceListener writer = new InferenceListener() {
      @Override
      public void onStart(InferenceView inference) {
        inference.setTrace("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", true);
        inference.setSlot(key, "hello");
      }
    };
    EventLog reader = new EventLog("r");
    InferenceObserver o = InferenceObserver.builder().model("m", "1").addListener(writer)
        .addListener(reader).build();
    o.start().close();
    InferenceView inf = reader.ended.get(0);
    assertThat(inf.traceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
    assertThat(inf.spanId()).isEqualTo("b7ad6b7169203331");
    assertThat(inf.traceSampled()).isTrue();
    assertThat(inf.slot(key)).isEqualTo("hello");
  }

  @Test
  void traceIdsSetAsBitsAreFormattedAsW3cHexWhenRead() {
    Inference inf = observer.start();
    assertThat(inf.hasTrace()).isFalse();
    inf.setTrace(0x0af7651916cd43ddL, 0x8448eb211c80319cL, 0x00f067aa0ba902b7L, false);
    assertThat(inf.hasTrace()).isTrue();
    assertThat(inf.traceSampled()).isFalse();
    assertThat(inf.traceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
    assertThat(inf.spanId()).isEqualTo("00f067aa0ba902b7");
    inf.setTrace(0L, 1L, -1L, true);
    assertThat(inf.traceId()).isEqualTo("00000000000000000000000000000001");
    assertThat(inf.spanId()).isEqualTo("ffffffffffffffff");
    assertThat(inf.traceSampled()).isTrue();
    inf.setTrace(0L, 0L, 5L, true);
    assertThat(inf.hasTrace()).as("all-zero trace ID is invalid").isFalse();
    assertThat(inf.traceId()).isNull();
    assertThat(inf.spanId()).isNull();
    assertThat(inf.traceSampled()).isFalse();
    inf.setTrace(1L, 2L, 3L, false);
    inf.setTrace(null, null, false);
    assertThat(inf.hasTrace()).isFalse();
    assertThat(inf.spanId()).isNull();
    inf.close();
  }

  @Test
  void slotsBeyondTheInlineOnesWork() {
    java.util.List<SlotKey<Integer>> keys = new java.util.ArrayList<>();
    for (int i = 0; i < 8; i++) {
      keys.add(SlotKey.create("test.many." + i));
    }
    Inference inf = observer.start();
    for (int i = 0; i < keys.size(); i++) {
      assertThat(inf.slot(keys.get(i))).isNull();
      inf.setSlot(keys.get(i), i * 10);
    }
    for (int i = 0; i < keys.size(); i++) {
      assertThat(inf.slot(keys.get(i))).isEqualTo(i * 10);
    }
    inf.close();
  }

  @Test
  void nestedRequestsRestoreTheOuterAsCurrent() {
    try (Inference outer = observer.start("outer")) {
      assertThat(Inference.current()).isSameAs(outer);
      try (Inference inner = observer.start("inner")) {
        assertThat(Inference.current()).isSameAs(inner);
      }
      assertThat(Inference.current()).isSameAs(outer);
    }
    assertThat(Inference.current().isRecording()).isFalse();
  }

  @Test
  void theClosingInferenceIsStillCurrentWhileListenersFinishIt() {
    java.util.List<Object> seen = new java.util.ArrayList<>();
    InferenceListener probe = new InferenceListener() {
      @Override
      public void onEnd(InferenceView inference) {
        seen.add(Inference.current());
      }
    };
    InferenceObserver o = InferenceObserver.builder().model("m", "1").addListener(probe).build();
    Inference inf = o.start();
    inf.close();
    assertThat(seen).containsExactly(inf);
    assertThat(Inference.current().isRecording()).isFalse();
  }

  @Test
  void startTimeIsAnchoredToTheWallClock() {
    Inference inf = observer.start();
    assertThat(inf.startEpochNanos()).isEqualTo(clock.epochNanos());
    inf.close();
  }
}
