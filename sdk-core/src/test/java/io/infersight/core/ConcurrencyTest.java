package io.infersight.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersight.testsupport.Required;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {

  static final class Counting implements InferenceListener {
    final LongAdder starts = new LongAdder();
    final LongAdder stageEnds = new LongAdder();
    final LongAdder successes = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder[] perStage = new LongAdder[Stage.values().length];

    Counting() {
      for (int i = 0; i < perStage.length; i++) {
        perStage[i] = new LongAdder();
      }
    }

    @Override
    public void onStart(InferenceView inference) {
      starts.increment();
    }

    @Override
    public void onStageEnd(InferenceView inference, Stage stage, String subStage, long startNanos,
        long durationNanos, Throwable error) {
      stageEnds.increment();
      perStage[stage.ordinal()].increment();
    }

    @Override
    public void onEnd(InferenceView inference) {
      (inference.status() == Status.SUCCESS ? successes : errors).increment();
    }
  }

  @Test
  void eightThreadsOfAHundredThousandInferencesGiveExactCounts() throws Exception {
    Counting counting = new Counting();
    InferenceObserver observer = InferenceObserver.builder().model("m", "1").addListener(counting).build();
    int threads = 8;
    int perThread = 100_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      futures.add(pool.submit(() -> {
        go.await();
        for (int i = 0; i < perThread; i++) {
          try (Inference inf = observer.start()) {
            inf.stage(Stage.PREPROCESS, () -> 1);
            inf.stage(Stage.FEATURES, () -> 2);
            inf.stage(Stage.FORWARD, () -> 3);
            if (i % 10 == 0) {
              inf.fail(new RuntimeException());
            }
            inf.stage(Stage.POSTPROCESS, () -> 4);
          }
        }
        return null;
      }));
    }
    go.countDown();
    for (Future<?> f : futures) {
      f.get(2, TimeUnit.MINUTES);
    }
    pool.shutdown();
    long total = (long) threads * perThread;
    assertThat(counting.starts.sum()).isEqualTo(total);
    assertThat(counting.stageEnds.sum()).isEqualTo(4 * total);
    for (Stage st : Stage.values()) {
      assertThat(counting.perStage[st.ordinal()].sum()).as(st.label())
          .isEqualTo(st == Stage.QUEUE ? 0 : total);
    }
    assertThat(counting.errors.sum()).isEqualTo(total / 10);
    assertThat(counting.successes.sum()).isEqualTo(total - total / 10);
  }

  /** JDK 21+'s virtual-thread-per-task executor, or the test is skipped on older JDKs. */
  static ExecutorService virtualThreads() throws ReflectiveOperationException {
    Required.javaFeature(21, "virtual threads");
    try {
      return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    } catch (NoSuchMethodException e) {
      throw Required.missing("virtual threads need JDK 21+; this is " + Runtime.version());
    }
  }

  @Test
  void tenThousandVirtualThreadsKeepTheirOwnCurrentInferenceAcrossYieldsWhenTheJdkHasThem()
      throws Exception {
    ExecutorService pool = virtualThreads();
    Counting counting = new Counting();
    InferenceObserver observer = InferenceObserver.builder().model("m", "1").addListener(counting).build();
    ExecutorService carried = observer.wrap(pool);
    int threads = 10_000;
    LongAdder wrongCurrent = new LongAdder();
    LongAdder leftCurrent = new LongAdder();
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      String id = "vt-" + t;
      futures.add(pool.submit(() -> {
        go.await();
        try (Inference inf = observer.start(id)) {
          for (Stage stage : Stage.values()) {
            inf.stage(stage, () -> {
              // Unmounts this virtual thread; it may resume on another carrier.
              Thread.yield();
              if (Inference.current() != inf) {
                wrongCurrent.increment();
              }
            });
          }
          // A child virtual thread reached through the wrapped executor sees this request.
          AtomicReference<String> seen = new AtomicReference<>();
          carried.submit(() -> seen.set(Inference.current().correlationId())).get(1, TimeUnit.MINUTES);
          if (!id.equals(seen.get())) {
            wrongCurrent.increment();
          }
        }
        if (Inference.current().isRecording()) {
          leftCurrent.increment();
        }
        return null;
      }));
    }
    go.countDown();
    for (Future<?> f : futures) {
      f.get(5, TimeUnit.MINUTES);
    }
    pool.shutdown();
    assertThat(wrongCurrent.sum()).isZero();
    assertThat(leftCurrent.sum()).isZero();
    assertThat(counting.starts.sum()).isEqualTo(threads);
    assertThat(counting.successes.sum()).isEqualTo(threads);
    for (LongAdder a : counting.perStage) {
      assertThat(a.sum()).isEqualTo(threads);
    }
  }
}
