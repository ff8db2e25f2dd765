package io.infersight.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The no-op inference: its own type, one shared instance, runs bodies and records nothing. */
class NoopInferenceTest {
  private static final SlotKey<String> KEY = SlotKey.create("noop-test");

  @Test
  void inferenceIsSealedToTheRecordingAndTheNoopKind() {
    assertThat(Inference.class.isSealed()).isTrue();
    assertThat(Inference.class.getPermittedSubclasses())
        .containsExactlyInAnyOrder(RecordingInference.class, NoopInference.class);
    for (Class<?> kind : Inference.class.getPermittedSubclasses()) {
      assertThat(Modifier.isFinal(kind.getModifiers())).as(kind + " is final").isTrue();
      assertThat(Modifier.isPublic(kind.getModifiers())).as(kind + " is not public").isFalse();
    }
  }

  @Test
  void theNoopObserverAndCurrentOutsideARequestShareOneInstance() {
    InferenceObserver noop = InferenceObserver.noop();
    Inference a = noop.start();
    Inference b = noop.start("caller-id", noop.enqueued());

    assertThat(a).isSameAs(b).isSameAs(Inference.current()).isSameAs(NoopInference.INSTANCE);
    assertThat(NoopInference.class.getDeclaredFields())
        .as("the shared instance holds no per-request state")
        .allMatch(f -> Modifier.isStatic(f.getModifiers()));
  }

  @Test
  void runsEveryBodyAndHandsWrappedTasksBackUnchanged() throws Exception {
    Inference inf = InferenceObserver.noop().start();

    assertThat(inf.stage(Stage.FORWARD, () -> 1)).isEqualTo(1);
    assertThat(inf.stage(Stage.FEATURES, "history", () -> 2)).isEqualTo(2);
    int[] ran = new int[1];
    inf.stage(Stage.PREPROCESS, () -> {
      ran[0]++;
    });
    assertThat(ran[0]).isEqualTo(1);
    assertThat(inf.<Integer, IOException>stageChecked(Stage.POSTPROCESS, () -> 3)).isEqualTo(3);
    IOException io = new IOException("io");
    assertThatThrownBy(() -> inf.stageChecked(Stage.FORWARD, () -> {
      throw io;
    })).isSameAs(io);

    Runnable r = () -> { };
    Supplier<String> s = () -> "s";
    Function<String, String> f = x -> x;
    Callable<String> c = () -> "c";
    assertThat(inf.wrap(r)).isSameAs(r);
    assertThat(inf.wrap(s)).isSameAs(s);
    assertThat(inf.wrap(f)).isSameAs(f);
    assertThat(inf.wrapChecked(c)).isSameAs(c);
  }

  @Test
  void readsAsAnEmptyRequestThatEndedSuccessfully() {
    Inference inf = InferenceObserver.noop().start("id");
    inf.cacheHit(true).featureAge(Duration.ofSeconds(1)).featureAgeMillis(5).features(Map.of("a", 1))
        .features(new double[] {1}).scores(0.5).scores(1, 2).batchSize(3)
        .recordStage(Stage.QUEUE, Duration.ofMillis(1)).fail(new RuntimeException())
        .reject(new IllegalArgumentException());
    inf.setTrace("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", true);
    inf.setSlot(KEY, "value");
    inf.close();

    assertThat(inf.isRecording()).isFalse();
    assertThat(inf.observer()).isNull();
    assertThat(inf.model()).isEqualTo(InferenceObserver.NOOP_MODEL);
    assertThat(inf.correlationId()).isEmpty();
    assertThat(inf.isClosed()).isTrue();
    assertThat(inf.status()).isEqualTo(Status.SUCCESS);
    assertThat(inf.error()).isNull();
    assertThat(inf.errorType()).isNull();
    assertThat(inf.keepReason()).isNull();
    assertThat(inf.durationNanos()).isZero();
    assertThat(inf.startEpochNanos()).isZero();
    assertThat(inf.isSlow()).isFalse();
    for (Stage stage : Stage.values()) {
      assertThat(inf.ran(stage)).isFalse();
      assertThat(inf.stageNanos(stage)).isEqualTo(-1);
    }
    assertThat(inf.cacheHitKnown()).isFalse();
    assertThat(inf.featureAgeNanos()).isEqualTo(-1);
    assertThat(inf.batchSize()).isEqualTo(-1);
    assertThat(inf.scores()).isNull();
    assertThat(inf.scoreCount()).isEqualTo(-1);
    assertThatThrownBy(() -> inf.score(0)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(inf.featureValues()).isNull();
    assertThat(inf.featureMap()).isNull();
    assertThat(inf.featureSchema().size()).isZero();
    assertThat(inf.hasTrace()).isFalse();
    assertThat(inf.traceId()).isNull();
    assertThat(inf.traceSampled()).isFalse();
    assertThat(inf.slot(KEY)).isNull();
    assertThat(inf.batch()).isNull();
    assertThat(inf.generation()).isNull();
    assertThat(Generation.of(inf).inputTokens(3)).isNotNull();
    assertThat(inf).hasToString("Inference(noop)");
  }
}
