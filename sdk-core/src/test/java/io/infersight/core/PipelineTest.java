package io.infersight.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PipelineTest {
  private final ManualClock clock = new ManualClock();
  private final EventLog log = new EventLog("p");
  private final InferenceObserver observer =
      InferenceObserver.builder().model("m", "1").clock(clock).addListener(log).build();

  @Test
  void runsTheFourStagesInOneInstrumentedCall() {
    InferencePipeline<String, String> pipeline = InferencePipeline.<String>builder()
        .preprocess(s -> {
          clock.advanceMillis(1);
          return s.length();
        })
        .features((Integer n, Inference inf) -> {
          inf.cacheHit(true);
          clock.advanceMillis(2);
          return new double[] {n};
        })
        .forward(x -> {
          clock.advanceMillis(3);
          return x[0] / 10.0;
        })
        .postprocess(score -> score > 0.5 ? "decline" : "approve")
        .build();

    assertThat(observer.run(pipeline, "abcdefgh", "tx-1")).isEqualTo("decline");

    InferenceView inf = log.ended.get(0);
    assertThat(inf.correlationId()).isEqualTo("tx-1");
    assertThat(inf.cacheHit()).isTrue();
    assertThat(inf.stageNanos(Stage.PREPROCESS)).isEqualTo(1_000_000);
    assertThat(inf.stageNanos(Stage.FEATURES)).isEqualTo(2_000_000);
    assertThat(inf.stageNanos(Stage.FORWARD)).isEqualTo(3_000_000);
    assertThat(inf.ran(Stage.POSTPROCESS)).isTrue();
    assertThat(pipeline.stages()).containsExactly(Stage.PREPROCESS, Stage.FEATURES, Stage.FORWARD, Stage.POSTPROCESS);
  }

  @Test
  void aFailingStageFailsTheRequestAndSkipsTheRest() {
    IllegalArgumentException boom = new IllegalArgumentException("bad input");
    InferencePipeline<String, String> pipeline = InferencePipeline.<String>builder()
        .preprocess((String s) -> {
          throw boom;
        })
        .forward(x -> "never")
        .build();
    assertThatThrownBy(() -> observer.run(pipeline, "x")).isSameAs(boom);
    InferenceView inf = log.ended.get(0);
    assertThat(inf.status()).isEqualTo(Status.ERROR);
    assertThat(inf.ran(Stage.FORWARD)).isFalse();
  }

  @Test
  void requestEndsAtTheEndOfItsLastStageNotAfterTheListenersStageWork() {
    InferenceListener slowStageListener = new InferenceListener() {
      @Override
      public void onStageEnd(InferenceView inf, Stage stage, String subStage, long startNanos,
          long durationNanos, Throwable error) {
        clock.advanceMillis(7); // listener work after each stage end
      }
    };
    InferenceObserver o = InferenceObserver.builder().model("m", "1").clock(clock)
        .addListener(slowStageListener).addListener(log).build();
    InferencePipeline<Integer, Integer> p = InferencePipeline.<Integer>builder()
        .forward(x -> {
          clock.advanceMillis(3);
          return x + 1;
        })
        .build();

    assertThat(o.run(p, 1)).isEqualTo(2);

    InferenceView inf = log.ended.get(0);
    assertThat(inf.stageNanos(Stage.FORWARD)).isEqualTo(3_000_000);
    assertThat(inf.durationNanos()).isEqualTo(3_000_000);
  }

  @Test
  void refusesEmptyAndDuplicatedStages() {
    assertThatThrownBy(() -> InferencePipeline.<String>builder().build()).hasMessageContaining("at least one stage");
    assertThatThrownBy(() -> InferencePipeline.<String>builder().forward(x -> x).forward(x -> x))
        .hasMessageContaining("FORWARD");
  }

  @Test
  void noopObserverRunsThePipeline() {
    InferencePipeline<Integer, Integer> p = InferencePipeline.<Integer>builder().forward(x -> x * 2).build();
    assertThat(InferenceObserver.noop().run(p, 21)).isEqualTo(42);
  }
}
