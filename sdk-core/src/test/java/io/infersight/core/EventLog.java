package io.infersight.core;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A listener that writes every call as a line, for order and content assertions. */
final class EventLog implements InferenceListener {
  final List<String> events = new CopyOnWriteArrayList<>();
  final List<InferenceView> ended = new CopyOnWriteArrayList<>();
  private final String name;

  EventLog(String name) {
    this.name = name;
  }

  @Override
  public void onStart(InferenceView inference) {
    events.add(name + ":start");
  }

  @Override
  public Object attach(InferenceView inference) {
    events.add(name + ":attach:" + Thread.currentThread().getName());
    return name + "-token";
  }

  @Override
  public void detach(InferenceView inference, Object token) {
    events.add(name + ":detach:" + token);
  }

  @Override
  public void onStageStart(InferenceView inference, Stage stage, String subStage) {
    events.add(name + ":stageStart:" + stage + (subStage == null ? "" : "/" + subStage));
  }

  @Override
  public void onStageEnd(InferenceView inference, Stage stage, String subStage, long startNanos,
      long durationNanos, Throwable error) {
    events.add(name + ":stageEnd:" + stage + (subStage == null ? "" : "/" + subStage) + ":"
        + durationNanos / 1_000_000 + "ms" + (error == null ? "" : ":" + error.getClass().getSimpleName()));
  }

  @Override
  public void onEnd(InferenceView inference) {
    events.add(name + ":end:" + inference.status());
    ended.add(inference);
  }
}
