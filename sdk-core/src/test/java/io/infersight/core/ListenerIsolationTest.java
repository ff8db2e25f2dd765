package io.infersight.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ListenerIsolationTest {

  /** Throws from every callback. */
  static final class ThrowingListener implements InferenceListener {
    @Override
    public void onStart(InferenceView inference) {
      throw new IllegalStateException("onStart");
    }

    @Override
    public Object attach(InferenceView inference) {
      throw new IllegalStateException("attach");
    }

    @Override
    public void detach(InferenceView inference, Object token) {
      throw new IllegalStateException("detach");
    }

    @Override
    public void onStageStart(InferenceView inference, Stage stage, String subStage) {
      throw new IllegalStateException("onStageStart");
    }

    @Override
    public void onStageEnd(InferenceView inference, Stage stage, String subStage, long startNanos,
        long durationNanos, Throwable error) {
      throw new IllegalStateException("onStageEnd");
    }

    @Override
    public void onEnd(InferenceView inference) {
      throw new IllegalStateException("onEnd");
    }

    @Override
    public void close(long timeoutMillis) {
      throw new IllegalStateException("close");
    }
  }

  @Test
  void aThrowingListenerIsCountedAndTheOthersStillRun() {
    EventLog before = new EventLog("before");
    EventLog after = new EventLog("after");
    InferenceObserver o = InferenceObserver.builder().model("m", "1").clock(new ManualClock()).addListener(before)
        .addListener(new ThrowingListener()).addListener(after).build();

    String result;
    try (Inference inf = o.start()) {
      result = inf.stage(Stage.FORWARD, () -> "ok");
    }
    o.close();

    assertThat(result).isEqualTo("ok");
    assertThat(after.events).contains("after:start", "after:stageEnd:FORWARD:0ms", "after:end:SUCCESS",
        "after:detach:after-token");
    assertThat(before.events).contains("before:end:SUCCESS");
    // onStart, attach, onStageStart, onStageEnd, onEnd, detach, close
    assertThat(o.selfMetrics().count(SelfMetricNames.LISTENER_ERRORS, "listener", "ThrowingListener"))
        .isEqualTo(7);
  }

  @Test
  void aThrowingListenerDoesNotChangeTheOutcome() {
    EventLog after = new EventLog("after");
    InferenceObserver o = InferenceObserver.builder().model("m", "1")
        .addListener(new ThrowingListener()).addListener(after).build();
    o.start().close();
    assertThat(after.ended.get(0).status()).isEqualTo(Status.SUCCESS);
  }
}
