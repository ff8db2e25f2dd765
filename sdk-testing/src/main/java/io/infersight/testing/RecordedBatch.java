package io.infersight.testing;

import io.infersight.core.InferenceBatch;
import io.infersight.core.ModelId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of one batch execution as {@link RecordingListener} saw it.
 *
 * <pre>{@code
 * RecordedBatch b = recorded.batches().get(0);
 * assertThat(b.memberCorrelationIds()).containsExactly("a", "b");
 * }</pre>
 *
 * @since 0.3.0
 */
public final class RecordedBatch {
  private final ModelId model;
  private final List<String> memberCorrelationIds;
  private final long durationNanos;
  private final @Nullable Throwable error;
  private final String threadName;

  RecordedBatch(InferenceBatch batch, String threadName) {
    this.model = batch.model();
    List<String> ids = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      ids.add(batch.member(i).correlationId());
    }
    this.memberCorrelationIds = Collections.unmodifiableList(ids);
    this.durationNanos = batch.durationNanos();
    this.error = batch.error();
    this.threadName = threadName;
  }

  public ModelId model() {
    return model;
  }

  /** The number of members. */
  public int size() {
    return memberCorrelationIds.size();
  }

  /** The members' correlation IDs, in batch order. */
  public List<String> memberCorrelationIds() {
    return memberCorrelationIds;
  }

  /** The forward pass's duration. */
  public long durationNanos() {
    return durationNanos;
  }

  /** What the forward pass threw, or {@code null}. */
  public @Nullable Throwable error() {
    return error;
  }

  /** The thread that ran the forward pass. */
  public String threadName() {
    return threadName;
  }

  @Override
  public String toString() {
    return "RecordedBatch{model=" + model + ", size=" + size() + ", durationNanos=" + durationNanos + "}";
  }
}
