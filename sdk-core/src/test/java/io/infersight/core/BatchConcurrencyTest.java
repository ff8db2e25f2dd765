package io.infersight.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/** Members on the threads of a wrapped executor, one batcher thread running their forward passes. */
class BatchConcurrencyTest {
  static final int THREADS = 8;
  static final int PER_THREAD = 500;
  static final int MAX_BATCH = 16;

  static final class Counting implements InferenceListener {
    final LongAdder forwardEnds = new LongAdder();
    final LongAdder successes = new LongAdder();
    final LongAdder batchedEnds = new LongAdder();
    final LongAdder executions = new LongAdder();
    final LongAdder members = new LongAdder();
    final AtomicLong largest = new AtomicLong();

    @Override
    public void onStageEnd(InferenceView inference, Stage stage, String subStage, long startNanos,
        long durationNanos, Throwable error) {
      if (stage == Stage.FORWARD) {
        forwardEnds.increment();
      }
    }

    @Override
    public void onBatch(InferenceBatch batch) {
      executions.increment();
      members.add(batch.size());
      largest.accumulateAndGet(batch.size(), Math::max);
      for (int i = 0; i < batch.size(); i++) {
        assertThat(batch.member(i).isClosed()).isFalse();
      }
    }

    @Override
    public void onEnd(InferenceView inference) {
      if (inference.status() == Status.SUCCESS) {
        successes.increment();
      }
      if (inference.batch() != null) {
        batchedEnds.increment();
      }
    }
  }

  record Pending(Inference inference, int input, CompletableFuture<Integer> result) {}

  @Test
  void everyMemberIsCountedOnceAndEveryExecutionOnce() throws Exception {
    Counting counting = new Counting();
    InferenceObserver observer = InferenceObserver.builder().model("m", "1").addListener(counting).build();
    LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    Thread batcher = new Thread(() -> {
      try {
        while (true) {
          Pending first = queue.take();
          if (first.input() < 0) {
            return;
          }
          List<Pending> taken = new ArrayList<>();
          taken.add(first);
          queue.drainTo(taken, MAX_BATCH - 1);
          List<Inference> members = new ArrayList<>(taken.size());
          for (Pending p : taken) {
            members.add(p.inference());
          }
          int[] out = InferenceBatch.of(members).forward(() -> {
            int[] doubled = new int[taken.size()];
            for (int i = 0; i < doubled.length; i++) {
              doubled[i] = taken.get(i).input() * 2;
            }
            return doubled;
          });
          for (int i = 0; i < taken.size(); i++) {
            taken.get(i).result().complete(out[i]);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "batcher");
    batcher.start();

    ExecutorService pool = observer.wrap(Executors.newFixedThreadPool(THREADS));
    List<Future<Long>> sums = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      sums.add(pool.submit(() -> {
        long sum = 0;
        for (int i = 0; i < PER_THREAD; i++) {
          try (Inference inf = observer.start()) {
            inf.stage(Stage.PREPROCESS, () -> { });
            CompletableFuture<Integer> result = new CompletableFuture<>();
            queue.add(new Pending(inf, i, result));
            int y = result.get(30, TimeUnit.SECONDS);
            sum += inf.stage(Stage.POSTPROCESS, () -> (long) y);
          }
        }
        return sum;
      }));
    }
    long expectedPerThread = (long) PER_THREAD * (PER_THREAD - 1);
    for (Future<Long> f : sums) {
      assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(expectedPerThread);
    }
    queue.add(new Pending(null, -1, null));
    batcher.join(10_000);
    pool.shutdown();

    long total = (long) THREADS * PER_THREAD;
    assertThat(counting.successes.sum()).isEqualTo(total);
    assertThat(counting.forwardEnds.sum()).isEqualTo(total);
    assertThat(counting.batchedEnds.sum()).isEqualTo(total);
    assertThat(counting.members.sum()).isEqualTo(total);
    assertThat(counting.executions.sum()).isBetween(total / MAX_BATCH, total);
    assertThat(counting.largest.get()).isLessThanOrEqualTo(MAX_BATCH);
  }
}
