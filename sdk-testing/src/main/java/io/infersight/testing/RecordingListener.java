package io.infersight.testing;

import io.infersight.core.Inference;
import io.infersight.core.InferenceBatch;
import io.infersight.core.InferenceView;
import io.infersight.core.InferenceListener;
import io.infersight.core.ListenerCapability;
import io.infersight.core.SlotKey;
import io.infersight.core.Stage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jspecify.annotations.Nullable;

/**
 * A listener that keeps a snapshot of every finished inference, for tests of serving code.
 *
 * <pre>{@code
 * RecordingListener recorded = RecordingListener.create();
 * InferenceObserver observer = InferenceObserver.builder().model("m", "1").addListener(recorded).build();
 * service.handle(request);   // uses observer
 * assertThat(recorded.last()).hasStage(Stage.FORWARD).succeeded();
 * }</pre>
 *
 * <p>Thread-safe: requests may finish on any thread.
 *
 * @since 0.1.0
 */
public final class RecordingListener implements InferenceListener {
  private static final SlotKey<List<RecordedStage>> STAGES = SlotKey.create("testing.stages");

  private final ConcurrentLinkedQueue<RecordedInference> finished = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<RecordedBatch> batches = new ConcurrentLinkedQueue<>();

  private RecordingListener() {}

  public static RecordingListener create() {
    return new RecordingListener();
  }

  /** Trace IDs: each snapshot keeps the request's as they are when it ends; add it after tracing. */
  @Override
  public Set<ListenerCapability> needs() {
    return Set.of(ListenerCapability.TRACE_IDS);
  }

  @Override
  public void onStart(InferenceView inference) {
    inference.setSlot(STAGES, Collections.synchronizedList(new ArrayList<>(4)));
  }

  @Override
  public void onStageEnd(InferenceView inference, Stage stage, @Nullable String subStage, long startNanos,
      long durationNanos, @Nullable Throwable error) {
    List<RecordedStage> stages = inference.slot(STAGES);
    if (stages != null) {
      stages.add(new RecordedStage(stage, subStage, durationNanos, error));
    }
  }

  @Override
  public void onEnd(InferenceView inference) {
    List<RecordedStage> stages = inference.slot(STAGES);
    List<RecordedStage> copy;
    if (stages == null) {
      copy = List.of();
    } else {
      synchronized (stages) {
        copy = new ArrayList<>(stages);
      }
    }
    finished.add(new RecordedInference(inference, copy, Thread.currentThread().getName()));
  }

  @Override
  public void onBatch(InferenceBatch batch) {
    batches.add(new RecordedBatch(batch, Thread.currentThread().getName()));
  }

  /** Every batch execution ({@link InferenceBatch#forward}), in the order they ran. */
  public List<RecordedBatch> batches() {
    return new ArrayList<>(batches);
  }

  /** Every finished inference, in the order they finished. */
  public List<RecordedInference> inferences() {
    return new ArrayList<>(finished);
  }

  /**
   * The most recently finished inference.
   *
   * @throws IllegalStateException when none finished
   */
  public RecordedInference last() {
    RecordedInference last = null;
    for (RecordedInference r : finished) {
      last = r;
    }
    if (last == null) {
      throw new IllegalStateException("no inference has finished yet");
    }
    return last;
  }

  public int size() {
    return finished.size();
  }

  public void clear() {
    finished.clear();
    batches.clear();
  }
}
