package io.infersight.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infersight.core.SelfMetricNames;
import io.infersight.core.Generation;
import io.infersight.core.Inference;
import io.infersight.core.InferenceBatch;
import io.infersight.core.InferenceObserver;
import io.infersight.core.Stage;
import io.infersight.core.Status;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The serving-pattern API (batches, generation) as the recording listener sees it. */
class BatchAndGenerationTest {
  private final FakeClock clock = FakeClock.create();
  private final RecordingListener recorded = RecordingListener.create();
  private final InferenceObserver observer = InferenceObserver.builder().model("fraud", "2.1.0")
      .clock(clock).addListener(recorded).build();

  private static long millis(long ms) {
    return TimeUnit.MILLISECONDS.toNanos(ms);
  }

  @Test
  void oneForwardPassIsEveryMembersForwardStageAndOneExecution() {
    Inference a = observer.start("a");
    clock.advanceMillis(2);
    Inference b = observer.start("b");
    clock.advanceMillis(3); // queue wait: in no stage
    InferenceBatch batch = InferenceBatch.of(List.of(a, b));
    int out = batch.forward(() -> {
      clock.advanceMillis(7);
      return 42;
    });
    a.stage(Stage.POSTPROCESS, () -> clock.advanceMillis(1));
    a.close();
    b.close();

    assertThat(out).isEqualTo(42);
    assertThat(recorded.batches()).hasSize(1);
    RecordedBatch rb = recorded.batches().get(0);
    assertThat(rb.memberCorrelationIds()).containsExactly("a", "b");
    assertThat(rb.durationNanos()).isEqualTo(millis(7));
    assertThat(rb.error()).isNull();
    for (RecordedInference r : recorded.inferences()) {
      assertThat(r.stageNanos(Stage.FORWARD)).isEqualTo(millis(7));
      assertThat(r.executionSize()).isEqualTo(2);
      assertThat(r.status()).isEqualTo(Status.SUCCESS);
    }
    // The next stage starts where the batch's pass ended, not at the member's own last boundary.
    assertThat(recorded.inferences().get(0).stageNanos(Stage.POSTPROCESS)).isEqualTo(millis(1));
  }

  @Test
  void aFailedPassFailsEveryMemberWithTheSameException() {
    Inference a = observer.start("a");
    Inference b = observer.start("b");
    IllegalStateException boom = new IllegalStateException("out of memory on the device");
    InferenceBatch batch = InferenceBatch.of(List.of(a, b));
    assertThatThrownBy(() -> batch.forward((Runnable) () -> {
      throw boom;
    })).isSameAs(boom);
    a.close();
    b.close();
    assertThat(recorded.batches().get(0).error()).isSameAs(boom);
    assertThat(recorded.inferences()).allSatisfy(r -> {
      assertThat(r.status()).isEqualTo(Status.ERROR);
      assertThat(r.error()).isSameAs(boom);
      assertThat(r.stages()).anySatisfy(s -> assertThat(s.error()).isSameAs(boom));
    });
  }

  @Test
  void membersThatCannotJoinAreLeftOutAndCounted() {
    InferenceObserver other = InferenceObserver.builder().model("other", "1").clock(clock).build();
    Inference a = observer.start("a");
    Inference closed = observer.start("closed");
    closed.close();
    Inference foreign = other.start("foreign");
    List<Inference> members = Arrays.asList(a, null, closed, foreign, InferenceObserver.noop().start());
    InferenceBatch batch = InferenceBatch.of(members);
    batch.forward(() -> clock.advanceMillis(4));
    a.close();
    foreign.close();

    assertThat(batch.size()).isEqualTo(1);
    assertThat(batch.member(0)).isSameAs(a);
    assertThat(recorded.batches().get(0).memberCorrelationIds()).containsExactly("a");
    assertThat(observer.selfMetrics().count(SelfMetricNames.INVALID_OBSERVATIONS, "kind",
        InferenceBatch.INVALID_MEMBER)).isEqualTo(3); // null, closed, foreign
    assertThat(foreign.stageNanos(Stage.FORWARD)).isEqualTo(-1);
  }

  @Test
  void aBatchWithNoRecordingMemberRunsItsBodyAndRecordsNothing() {
    int[] ran = {0};
    InferenceBatch.of(List.of(InferenceObserver.noop().start())).forward(() -> ran[0]++);
    InferenceBatch.of(null).forward(() -> ran[0]++);
    assertThat(ran[0]).isEqualTo(2);
    assertThat(recorded.batches()).isEmpty();
  }

  @Test
  void everyForwardCallIsOneExecutionAndAddsToTheMembersForwardTime() {
    Inference a = observer.start("a");
    InferenceBatch batch = InferenceBatch.of(List.of(a));
    batch.forward(() -> clock.advanceMillis(3));
    batch.forward(() -> clock.advanceMillis(4));
    a.close();
    assertThat(recorded.batches()).hasSize(2);
    assertThat(recorded.last().stageNanos(Stage.FORWARD)).isEqualTo(millis(7));
  }

  @Test
  void generationTimesTheFirstTokenAndTheTokensAfterIt() {
    try (Inference inf = observer.start("g")) {
      Generation gen = Generation.of(inf).operation("chat").inputTokens(12);
      assertThat(Generation.of(inf)).isSameAs(gen);
      clock.advanceMillis(100);
      gen.output(1);
      for (int i = 0; i < 4; i++) {
        clock.advanceMillis(20);
        gen.output(1);
      }
      gen.end();
      clock.advanceMillis(50); // after the last token: not time per token
    }
    RecordedGeneration g = recorded.last().generation();
    assertThat(g.operation()).isEqualTo("chat");
    assertThat(g.inputTokens()).isEqualTo(12);
    assertThat(g.outputTokens()).isEqualTo(5);
    assertThat(g.chunks()).isEqualTo(5);
    assertThat(g.timeToFirstOutputNanos()).isEqualTo(millis(100));
    assertThat(g.timePerOutputTokenNanos()).isEqualTo(millis(20));
  }

  @Test
  void withoutEndTheRequestsEndClosesGeneration() {
    try (Inference inf = observer.start()) {
      Generation gen = Generation.of(inf);
      clock.advanceMillis(10);
      gen.firstOutput();
      clock.advanceMillis(10);
      gen.output(3); // the first output was marked already: the chunk holds tokens 1 to 3
      clock.advanceMillis(20);
    }
    RecordedGeneration g = recorded.last().generation();
    assertThat(g.timeToFirstOutputNanos()).isEqualTo(millis(10));
    assertThat(g.inputTokens()).isEqualTo(-1);
    assertThat(g.timePerOutputTokenNanos()).isEqualTo(millis(30) / 2.0);
  }

  @Test
  void badTokenCountsAreCountedAndLateCallsIgnored() {
    Inference inf = observer.start();
    Generation gen = Generation.of(inf).inputTokens(-1).output(-5).output(2);
    inf.close();
    gen.output(100).inputTokens(7).end();
    assertThat(observer.selfMetrics().count(SelfMetricNames.INVALID_OBSERVATIONS, "kind",
        Generation.INVALID_TOKEN_COUNT)).isEqualTo(2);
    RecordedGeneration g = recorded.last().generation();
    assertThat(g.outputTokens()).isEqualTo(2);
    assertThat(g.inputTokens()).isEqualTo(-1);
    assertThat(recorded.last().executionSize()).isEqualTo(-1);
  }

  @Test
  void theNoopInferencesGenerationRecordsNothing() {
    Generation gen = Generation.of(InferenceObserver.noop().start()).inputTokens(3).output(1).end();
    assertThat(gen.outputTokens()).isZero();
    assertThat(gen.timeToFirstOutputNanos()).isEqualTo(-1);
    assertThat(Generation.of(null)).isSameAs(gen);
    try (Inference inf = observer.start()) {
      inf.batchSize(1);
    }
    assertThat(recorded.last().generation()).isNull();
  }

  @Test
  void membersStartedOnWorkerThreadsKeepTheirOwnRequests() throws Exception {
    List<Inference> members = new ArrayList<>();
    Thread[] starters = new Thread[3];
    for (int i = 0; i < starters.length; i++) {
      String id = "m" + i;
      starters[i] = new Thread(() -> {
        Inference inf = observer.start(id);
        synchronized (members) {
          members.add(inf);
        }
      });
      starters[i].start();
    }
    for (Thread t : starters) {
      t.join();
    }
    InferenceBatch.of(members).forward(() -> clock.advanceMillis(2));
    members.forEach(Inference::close);
    assertThat(recorded.inferences()).extracting(RecordedInference::correlationId)
        .containsExactlyInAnyOrder("m0", "m1", "m2");
    assertThat(recorded.batches().get(0).threadName()).isEqualTo(Thread.currentThread().getName());
  }
}
