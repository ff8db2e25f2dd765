package io.infersight.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AsyncContextTest {

  /** Simulates an MDC: a thread-local that attach sets and detach restores. */
  static final class ThreadStateListener implements InferenceListener {
    static final ThreadLocal<String> STATE = new ThreadLocal<>();
    final List<String> seenOnWorkers = new CopyOnWriteArrayList<>();

    @Override
    public Object attach(InferenceView inference) {
      String prior = STATE.get();
      STATE.set(inference.correlationId());
      return prior == null ? "<none>" : prior;
    }

    @Override
    public void detach(InferenceView inference, Object token) {
      if ("<none>".equals(token)) {
        STATE.remove();
      } else {
        STATE.set((String) token);
      }
    }
  }

  private final ThreadStateListener state = new ThreadStateListener();
  private final InferenceObserver observer =
      InferenceObserver.builder().model("m", "1").addListener(state).build();
  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  void wrappedExecutorRunsTasksWithTheSubmittersContextAndCleansUp() throws Exception {
    ExecutorService wrapped = observer.wrap(pool);
    for (int i = 0; i < 200; i++) {
      String id = "req-" + i;
      try (Inference inf = observer.start(id)) {
        assertThat(ThreadStateListener.STATE.get()).isEqualTo(id);
        String seen = wrapped.submit(() -> ThreadStateListener.STATE.get() + "|"
            + Inference.current().correlationId()).get(10, TimeUnit.SECONDS);
        assertThat(seen).isEqualTo(id + "|" + id);
      }
      assertThat(ThreadStateListener.STATE.get()).isNull();
    }
    // Tasks submitted outside any inference see nothing left behind.
    assertThat(pool.submit(() -> ThreadStateListener.STATE.get() == null
        && !Inference.current().isRecording()).get(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void completableFutureChainsCarryTheInference() throws Exception {
    try (Inference inf = observer.start("chain-1")) {
      String result = CompletableFuture
          .supplyAsync(inf.wrap(() -> ThreadStateListener.STATE.get()), pool)
          .thenApplyAsync(inf.wrap((String prev) -> prev + ">" + ThreadStateListener.STATE.get()), pool)
          .get(10, TimeUnit.SECONDS);
      assertThat(result).isEqualTo("chain-1>chain-1");
    }
    assertThat(pool.submit(() -> ThreadStateListener.STATE.get()).get(10, TimeUnit.SECONDS)).isNull();
  }

  @Test
  void stagesRunOnAWorkerAreRecordedOnTheRequest() throws Exception {
    Inference inf = observer.start("w");
    observer.wrap((java.util.concurrent.Executor) pool);
    pool.submit(inf.wrap(() -> inf.stage(Stage.FORWARD, () -> { }))).get(10, TimeUnit.SECONDS);
    inf.close();
    assertThat(inf.ran(Stage.FORWARD)).isTrue();
  }

  @Test
  void threadStateOfARequestClosedElsewhereIsUndoneAtTheNextStartOnItsThread() throws Exception {
    Inference inf = observer.start("closed-elsewhere");
    pool.submit(inf::close).get(10, TimeUnit.SECONDS);
    // The worker could not touch this thread's state...
    assertThat(ThreadStateListener.STATE.get()).isEqualTo("closed-elsewhere");
    // ...so the next request on this thread undoes it before attaching its own.
    try (Inference next = observer.start("next")) {
      assertThat(ThreadStateListener.STATE.get()).isEqualTo("next");
    }
    assertThat(ThreadStateListener.STATE.get()).isNull();
    assertThat(Inference.current().isRecording()).isFalse();
  }

  @Test
  void wrapperWithoutACurrentInferencePassesTasksThrough() throws Exception {
    Runnable task = () -> { };
    assertThat(observer.wrap(pool).submit(task).get(10, TimeUnit.SECONDS)).isNull();
    pool.shutdown();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }
}
