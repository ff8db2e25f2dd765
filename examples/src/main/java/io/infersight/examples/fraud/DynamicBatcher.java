package io.infersight.examples.fraud;

import io.infersight.core.Inference;
import io.infersight.core.InferenceBatch;
import io.infersight.core.InferenceObserver;
import io.infersight.core.Stage;
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
 * holding the oldest waiting request at most {@code maxWait} after it joined the queue while more
 * arrive, as Triton's dynamic batcher does with its maximum queue delay. The pass costs a fixed {@value #FIXED_MILLIS} ms plus {@value #PER_MEMBER_MICROS} µs a
 * member (a GPU's launch cost dominates), so batching pays, and it goes through {@link
 * InferenceBatch} so that every member's request records it as its forward stage.
 *
 * <p>The wait in the queue is each member's {@link Stage#QUEUE} stage: the request has started
 * (its preprocess and features stages ran on its own thread) when it joins the queue, so the
 * batcher times the wait as a stage of the request, from the end of its previous stage to the
 * moment its batch's forward pass starts. For as long, the observer counts it under {@code
 * ml_inference_queued_requests}: {@link InferenceObserver#enqueued()} when it joins the queue,
 * {@link InferenceObserver#dequeued()} when its forward pass starts or the batcher fails it at
 * close (a request in a batch still filling up is still waiting).
 */
final class DynamicBatcher implements AutoCloseable {
  static final long FIXED_MILLIS = 40;
  static final long PER_MEMBER_MICROS = 500;

  private record Pending(Inference inference, double[] features, CompletableFuture<Double> score,
      long enqueuedAtNanos) {}

  /** Times nothing: a {@link Stage#QUEUE} stage that ends where its wait ends. */
  private static final Runnable WAIT_ENDS = () -> { };

  private final InferenceObserver observer;
  private final FraudModel model;
  private final Faults faults;
  private final int maxBatchSize;
  private final long maxWaitNanos;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closed;

  DynamicBatcher(InferenceObserver observer, FraudModel model, Faults faults, int maxBatchSize,
      Duration maxWait) {
    this.observer = observer;
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
      return f;
    }
    Pending p = new Pending(inf, x, f, System.nanoTime());
    observer.enqueued();
    queue.add(p);
    // A close that drained the queue before this add: fail it here, or it would wait forever.
    if (closed && queue.remove(p)) {
      observer.dequeued();
      f.completeExceptionally(new IllegalStateException("batcher closed"));
    }
    return f;
  }

  private void run() {
    List<Pending> batch = new ArrayList<>(maxBatchSize);
    while (!closed) {
      try {
        Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        // The oldest member waits at most maxWait in all, also when it queued behind a pass.
        long deadline = first.enqueuedAtNanos() + maxWaitNanos;
        while (batch.size() < maxBatchSize) {
          long left = deadline - System.nanoTime();
          Pending next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
          if (next == null) {
            break;
          }
          batch.add(next);
        }
        // A new list each batch: the InferenceBatch keeps reading it after the pass (listeners
        // ask a member's batch for its size when the member ends, on the member's thread).
        List<Inference> members = new ArrayList<>(batch.size());
        for (Pending p : batch) {
          members.add(p.inference());
        }
        runBatch(batch, members);
      } catch (InterruptedException e) {
        // Closed while a batch was filling: its members fail rather than wait forever.
        for (Pending p : batch) {
          observer.dequeued();
          p.score().completeExceptionally(new IllegalStateException("batcher closed"));
        }
        return;
      } finally {
        batch.clear();
      }
    }
  }

  private void runBatch(List<Pending> batch, List<Inference> members) {
    // Each member's wait ends here, where its batch's forward pass starts.
    for (int i = 0; i < members.size(); i++) {
      observer.dequeued();
      members.get(i).stage(Stage.QUEUE, WAIT_ENDS);
    }
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
      observer.dequeued();
      p.score().completeExceptionally(new IllegalStateException("batcher closed"));
    }
  }
}
