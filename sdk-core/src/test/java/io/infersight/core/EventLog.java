package io.infersight.core;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A listener that writes every call as a line, for order and content assertions. */
final class EventLog implements InferenceListener {
  final List<String> events = new CopyOnWriteArrayList<>();
  final List<Inference> ended = new CopyOnWriteArrayList<>();
  private final String name;

  EventLog(String name) {
    this.name = name;
  }

  @Override
  public void onStart(Inference inference) {
    events.add(name + ":start");
  }

  @Override
  public Object attach(Inference inference) {
    events.add(name + ":attach:" + Thread.currentThread().getName());
    return name + "-token";
  }

  @Override
  public void detach(Inference inference, Object token) {
    events.add(name + ":detach:" + token);
  }

  @Override
  public void onStageStart(Inference inference, Stage stage, String subStage) {
    events.add(name + ":stageStart:" + stage + (subStage == null ? "" : "/" + subStage));
  }

  @Override
  public void onStageEnd(Inference inference, Stage stage, String subStage, long startNanos,
      long durationNanos, Throwable error) {
    events.add(name + ":stageEnd:" + stage + (subStage == null ? "" : "/" + subStage) + ":"
        + durationNanos / 1_000_000 + "ms" + (error == null ? "" : ":" + error.getClass().getSimpleName()));
  }

  @Override
  public void onEnd(Inference inference) {
    events.add(name + ":end:" + inference.status());
    ended.add(inference);
  }
}
