package io.infersight.examples.fraud;

import java.time.Duration;
import java.util.Objects;

/**
 * The workload the demo serves and the batcher's settings. The constructor checks every setting
 * and names the {@code infersight demo} option that sets it.
 *
 * @param workload what the demo serves
 * @param maxBatchSize the most requests one forward pass of the {@code batch} workload runs
 * @param maxBatchWait how long the oldest queued request may wait for more to join its batch
 */
public record WorkloadOptions(Workload workload, int maxBatchSize, Duration maxBatchWait) {
  /** The most requests one batch may hold. */
  public static final int MAX_BATCH_SIZE = 256;

  public WorkloadOptions {
    Objects.requireNonNull(workload, "--workload");
    if (maxBatchSize < 1 || maxBatchSize > MAX_BATCH_SIZE) {
      throw new IllegalArgumentException("--max-batch-size must be 1-" + MAX_BATCH_SIZE + ", was " + maxBatchSize);
    }
    if (maxBatchWait == null || maxBatchWait.isNegative() || maxBatchWait.compareTo(Duration.ofSeconds(10)) > 0) {
      throw new IllegalArgumentException("--max-batch-wait must be 0-10s, was " + maxBatchWait);
    }
  }

  /** The fraud workload, as the demo ran before workloads existed. */
  public static WorkloadOptions defaults() {
    return of(Workload.FRAUD);
  }

  /**
   * {@code workload} with the default batcher settings (16 requests, 60 ms). At the demo's default
   * 20 requests a second (one every 50 ms), a 60 ms wait lets the next request join nearly every
   * batch, and it keeps the longest healthy queue wait well under the 100 ms of {@code
   * InferenceQueueWaitHigh}.
   */
  public static WorkloadOptions of(Workload workload) {
    return new WorkloadOptions(workload, 16, Duration.ofMillis(60));
  }
}
