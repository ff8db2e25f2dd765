package io.infersight.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ObserverTest {

  @Test
  void buildFailsWithoutAModelAndNamesTheSetting() {
    assertThatThrownBy(() -> InferenceObserver.builder().build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("model");
  }

  @Test
  void rejectsBadSettingsWithMessagesThatNameThem() {
    assertThatThrownBy(() -> InferenceObserver.builder().slowThreshold(Duration.ZERO))
        .hasMessageContaining("slowThreshold");
    assertThatThrownBy(() -> InferenceObserver.builder().closeTimeout(Duration.ofSeconds(-1)))
        .hasMessageContaining("closeTimeout");
    assertThatThrownBy(() -> ModelId.of(" ", "1")).hasMessageContaining("model name");
    assertThatThrownBy(() -> ModelId.of("m", null)).hasMessageContaining("model version");
    assertThatThrownBy(() -> LabelPolicy.builder().maxValuesPerLabel(0))
        .hasMessageContaining("maxValuesPerLabel");
    assertThatThrownBy(() -> FeatureSchema.of("a", "a")).hasMessageContaining("duplicate");
  }

  @Test
  void refusesTheSameListenerTwice() {
    EventLog l = new EventLog("x");
    assertThatThrownBy(() -> InferenceObserver.builder().model("m", "1").addListener(l).addListener(l).build())
        .hasMessageContaining("listeners");
  }

  @Test
  void installsListenersAtBuildAndClosesThemOnce() {
    AtomicInteger installed = new AtomicInteger();
    AtomicInteger closed = new AtomicInteger();
    InferenceListener l = new InferenceListener() {
      @Override
      public void onInstall(InferenceObserver observer) {
        assertThat(observer.model().name()).isEqualTo("m");
        installed.incrementAndGet();
      }

      @Override
      public void close(long timeoutMillis) {
        closed.incrementAndGet();
      }
    };
    InferenceObserver o = InferenceObserver.builder().model("m", "1", "abc123").addListener(l).build();
    assertThat(installed).hasValue(1);
    assertThat(o.model().gitCommit()).isEqualTo("abc123");
    o.close();
    o.close();
    assertThat(closed).hasValue(1);
  }

  @Test
  void modelWithoutCommitReportsUnknown() {
    assertThat(ModelId.of("m", "1").gitCommit()).isEqualTo(ModelId.UNKNOWN_COMMIT);
  }

  @Test
  void noopObserverRunsCodeAndRecordsNothing() {
    InferenceObserver noop = InferenceObserver.noop();
    try (Inference inf = noop.start("id")) {
      assertThat(inf.stage(Stage.FORWARD, () -> 42)).isEqualTo(42);
      inf.cacheHit(true).scores(0.5).batchSize(-3).fail(new RuntimeException());
      assertThat(inf.isRecording()).isFalse();
      assertThat(Inference.current().isRecording()).isFalse();
    }
    assertThat(noop.isNoop()).isTrue();
    assertThat(noop.selfMetrics().count(SelfMetricNames.INVALID_OBSERVATIONS, "kind",
        "negative_batch_size")).isZero();
    Runnable r = () -> { };
    assertThat(noop.start().wrap(r)).isSameAs(r);
  }

  @Test
  void listenersAreCalledInRegistrationOrder() {
    List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
    InferenceObserver o = InferenceObserver.builder().model("m", "1")
        .addListener(recording("1", calls)).addListener(recording("2", calls)).addListener(recording("3", calls))
        .build();
    o.start().close();
    assertThat(calls).containsExactly("1:start", "2:start", "3:start", "1:end", "2:end", "3:end");
  }

  /** Writes its start and end calls into the shared {@code calls}. */
  private static InferenceListener recording(String name, List<String> calls) {
    return new InferenceListener() {
      @Override
      public void onStart(InferenceView inference) {
        calls.add(name + ":start");
      }

      @Override
      public void onEnd(InferenceView inference) {
        calls.add(name + ":end");
      }
    };
  }
}
