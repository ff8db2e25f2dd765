package io.infersight.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link InferenceObserver#observe} and {@link InferenceObserver#observeChecked}: a body run as one request. */
class ObserveTest {
  private final ManualClock clock = new ManualClock();
  private final EventLog log = new EventLog("log");
  private final InferenceObserver observer = InferenceObserver.builder().model("m", "1")
      .clock(clock).rejectOn(IllegalArgumentException.class).addListener(log).build();

  @Test
  void runsTheBodyAsARequestThatIsCurrentInsideAndClosedAfter() {
    AtomicReference<Inference> inside = new AtomicReference<>();
    String out = observer.observe("req-1", () -> {
      Inference inf = Inference.current();
      inside.set(inf);
      inf.stage(Stage.FORWARD, () -> clock.advanceMillis(7));
      clock.advanceMillis(3);
      return "done";
    });

    assertThat(out).isEqualTo("done");
    Inference inf = inside.get();
    assertThat(inf.isRecording()).isTrue();
    assertThat(inf.correlationId()).isEqualTo("req-1");
    assertThat(inf.status()).isEqualTo(Status.SUCCESS);
    // closed when the body returned, not at the last stage's end
    assertThat(inf.durationNanos()).isEqualTo(10_000_000L);
    assertThat(log.events).containsExactly("log:start", "log:attach:" + Thread.currentThread().getName(),
        "log:stageStart:FORWARD", "log:stageEnd:FORWARD:7ms", "log:end:SUCCESS", "log:detach:log-token");
    assertThat(Inference.current().isRecording()).isFalse();
  }

  @Test
  void theRunnableFormRunsTheBodyAsARequest() {
    AtomicReference<Inference> inside = new AtomicReference<>();
    observer.observe(null, () -> inside.set(Inference.current()));

    assertThat(inside.get().isRecording()).isTrue();
    assertThat(inside.get().correlationId()).isNotEmpty();
    assertThat(log.ended).containsExactly(inside.get());
  }

  @Test
  void aRuntimeExceptionOutsideAnyStageFailsTheRequestAndComesOutUnchanged() {
    IllegalStateException boom = new IllegalStateException("boom");

    assertThatThrownBy(() -> observer.observe("req-2", () -> {
      throw boom;
    })).isSameAs(boom);

    InferenceView ended = log.ended.get(0);
    assertThat(ended.status()).isEqualTo(Status.ERROR);
    assertThat(ended.error()).isSameAs(boom);
    assertThat(Inference.current().isRecording()).isFalse();
  }

  @Test
  void aCheckedExceptionComesOutUnchangedAndFailsTheRequest() {
    IOException io = new IOException("disk");

    assertThatThrownBy(() -> observer.observeChecked("req-3", () -> {
      throw io;
    })).isSameAs(io);

    assertThat(log.ended.get(0).status()).isEqualTo(Status.ERROR);
    assertThat(log.ended.get(0).error()).isSameAs(io);
  }

  @Test
  void observeCheckedReturnsTheBodysResult() throws IOException {
    assertThat(observer.<Integer, IOException>observeChecked("req-4", () -> 42)).isEqualTo(42);
    assertThat(log.ended.get(0).status()).isEqualTo(Status.SUCCESS);
  }

  @Test
  void anExceptionOfARejectOnTypeRejectsTheRequest() {
    IllegalArgumentException bad = new IllegalArgumentException("amount < 0");

    assertThatThrownBy(() -> observer.observe("req-5", () -> {
      throw bad;
    })).isSameAs(bad);

    assertThat(log.ended.get(0).status()).isEqualTo(Status.REJECTED);
  }

  @Test
  void theBodysOwnRejectOrFirstErrorIsKept() {
    RuntimeException refused = new RuntimeException("refused");
    assertThatThrownBy(() -> observer.observe("req-6", () -> {
      Inference.current().reject(refused);
      throw refused;
    })).isSameAs(refused);
    assertThat(log.ended.get(0).status()).isEqualTo(Status.REJECTED);

    IllegalStateException first = new IllegalStateException("first");
    RuntimeException second = new RuntimeException("second");
    assertThatThrownBy(() -> observer.observe("req-7", () -> {
      try {
        Inference.current().stage(Stage.FORWARD, () -> {
          throw first;
        });
      } catch (IllegalStateException e) {
        throw second;
      }
    })).isSameAs(second);
    assertThat(log.ended.get(1).error()).isSameAs(first);
  }

  @Test
  void anInvalidCorrelationIdIsReplacedAndCountedAsByStart() {
    AtomicReference<String> id = new AtomicReference<>();
    observer.observe("bad id\n", () -> id.set(Inference.current().correlationId()));

    assertThat(id.get()).isNotEqualTo("bad id\n").matches("[0-9a-f]{16}");
    assertThat(observer.selfMetrics().count(InferenceObserver.CORRELATION_REJECTED, null, null)).isEqualTo(1);
  }

  @Test
  void onTheNoopObserverOnlyRunsTheBody() throws IOException {
    InferenceObserver noop = InferenceObserver.noop();
    AtomicReference<Inference> inside = new AtomicReference<>();

    assertThat(noop.observe("id", () -> {
      inside.set(Inference.current());
      return 1;
    })).isEqualTo(1);
    assertThat(inside.get().isRecording()).isFalse();
    assertThat(noop.observeChecked("id", () -> 2)).isEqualTo(2);

    RuntimeException boom = new RuntimeException("boom");
    assertThatThrownBy(() -> noop.observe("id", () -> {
      throw boom;
    })).isSameAs(boom);
    IOException io = new IOException("io");
    assertThatThrownBy(() -> noop.observeChecked("id", () -> {
      throw io;
    })).isSameAs(io);
  }

  @Test
  void aNullBodyFailsBeforeAnyRequestStarts() {
    assertThatThrownBy(() -> observer.observe("id", (java.util.function.Supplier<Object>) null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("body");
    assertThat(log.events).isEmpty();
  }
}
