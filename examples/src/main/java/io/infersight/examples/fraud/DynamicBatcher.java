package io.infersight.examples.fraud;

import io.infersight.core.Inference;
import io.infersight.core.InferenceBatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The {@code batch} workload's dynamic batcher: request threads hand their model input over with
 * {@link #score}, and one batcher thread runs a forward pass for up to {@code maxBatchSize} of them,
 * waiting at most {@code maxWait} after the first for more to arrive, as Triton's dynamic batcher
 * does. The pass costs a fixed {@value #FIXED_MILLIS} ms plus {@value #PER_MEMBER_MICROS} µs a
 * member (a GPU's launch cost dominates), so batching pays, and it goes through {@link
 * InferenceBatch} so that every member's request records it as its forward stage.
 */
final class DynamicBatcher implements AutoCloseable {
  static final long FIXED_MILLIS = 40;
  static final long PER_MEMBER_MICROS = 500;

  private record Pending(Inference inference, double[] features, CompletableFuture<Double> score) {}

  private final FraudModel model;
  private final Faults faults;
  private final int maxBatchSize;
  private final long maxWaitNanos;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closed;

  DynamicBatcher(FraudModel model, Faults faults, int maxBatchSize, Duration maxWait) {
    this.model = model;
    this.faults = faults;
    this.maxBatchSize = maxBatchSize;
    this.maxWaitNanos = maxWait.toNanos();
    this.thread = new Thread(this::run, "demo-batcher");
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues {@code x} of request {@code inf}; completes with its score once its batch ran. */
  CompletableFuture<Double> score(Inference inf, double[] x) {
    CompletableFuture<Double> f = new CompletableFuture<>();
    if (closed) {
      f.completeExceptionally(new IllegalStateException("batcher closed"));
    } else {
      queue.add(new Pending(inf, x, f));
    }
    return f;
  }

  private void run() {
    List<Pending> batch = new ArrayList<>(maxBatchSize);
    List<Inference> members = new ArrayList<>(maxBatchSize);
    while (!closed) {
      try {
        Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        long deadline = System.nanoTime() + maxWaitNanos;
        while (batch.size() < maxBatchSize) {
          long left = deadline - System.nanoTime();
          Pending next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
          if (next == null) {
            break;
          }
          batch.add(next);
        }
        for (Pending p : batch) {
          members.add(p.inference());
        }
        runBatch(batch, members);
      } catch (InterruptedException e) {
        return;
      } finally {
        batch.clear();
        members.clear();
      }
    }
  }

  private void runBatch(List<Pending> batch, List<Inference> members) {
    double[] scores;
    try {
      scores = InferenceBatch.of(members).forward(() -> {
        faults.beforeForward();
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(FIXED_MILLIS)
            + TimeUnit.MICROSECONDS.toNanos(PER_MEMBER_MICROS) * batch.size());
        double[] out = new double[batch.size()];
        for (int i = 0; i < out.length; i++) {
          out[i] = model.score(batch.get(i).features());
        }
        return out;
      });
    } catch (RuntimeException e) {
      for (Pending p : batch) {
        p.score().completeExceptionally(e);
      }
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).score().complete(scores[i]);
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    for (Pending p; (p = queue.poll()) != null; ) {
      p.score().completeExceptionally(new IllegalStateException("batcher closed"));
    }
  }
}
