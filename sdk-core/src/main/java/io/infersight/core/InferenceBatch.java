package io.infersight.core;

import io.infersight.core.internal.ThrottlingLogger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One forward pass run for several requests: what a dynamic batcher (Triton's, or your own)
 * does when it stacks the inputs of N waiting requests into one tensor. Each member keeps its own
 * request, trace and stages; the pass is timed once and attributed to every member as its
 * {@link Stage#FORWARD} stage; listeners hear of the execution once through {@link
 * InferenceListener#onBatch}.
 *
 * <pre>{@code
 * // on the batcher's thread, with the requests that queued up (started on their own threads)
 * InferenceBatch batch = InferenceBatch.of(members);
 * double[][] out = batch.forward(() -> model.predict(stack(inputs)));
 * // then hand each member its row; each member's thread goes on to postprocess and close
 * }</pre>
 *
 * <p>What the pillars make of it: the metrics listener counts the execution under {@code
 * ml_batch_executions_total}, observes {@code ml_inference_batch_size} and {@code
 * ml_model_forward_duration_seconds} once per execution, and each member's forward time under
 * {@code ml_stage_duration_seconds{stage="forward"}}; the tracing listener makes one {@code
 * ml.batch} span linked to the members' root spans, and links each member's {@code model.forward}
 * span to it.
 *
 * <p>Rules:
 *
 * <ul>
 *   <li>The member list is read, not copied, by each {@link #forward}: do not change it while the
 *       pass runs. Members that do not record (the no-op inference), are closed already, or
 *       belong to another observer than the first recording member are left out; the last two
 *       and {@code null} members are counted under {@code
 *       infersight.invalid.observations{kind="batch_member"}}.
 *   <li>While the pass runs, the members' own threads must not use their inferences (they
 *       normally wait for the batch's result): the batch records their forward stage for them.
 *   <li>{@link #forward} may be called again for the same members (one decode step each, say):
 *       every call is one execution. One call at a time.
 *   <li>Recording never throws into serving code; the body's exception is recorded on every member
 *       and rethrown unchanged.
 * </ul>
 *
 * @since 0.3.0
 */
public final class InferenceBatch {
  /** The {@code kind} of {@code infersight.invalid.observations} for a member left out of a batch. */
  public static final String INVALID_MEMBER = "batch_member";

  private static final ThrottlingLogger LOG = ThrottlingLogger.forName("io.infersight.core");

  private final List<Inference> given;
  /** The members of the current or last execution: {@link #given} itself when none was left out. */
  private List<Inference> members = List.of();
  private @Nullable InferenceObserver observer;
  private long startNanos;
  private long endNanos;
  private @Nullable Throwable error;

  private InferenceBatch(List<Inference> given) {
    this.given = given;
  }

  /**
   * A batch of {@code members} (read at each {@link #forward}, not copied). A {@code null} list is
   * an empty batch: its forward pass runs and records nothing.
   */
  public static InferenceBatch of(@Nullable List<Inference> members) {
    return new InferenceBatch(members == null ? List.of() : members);
  }

  /** Runs {@code body} once for every member as their forward stage and returns its result. */
  public <T extends @Nullable Object> T forward(Supplier<T> body) {
    if (!prepare()) {
      return body.get();
    }
    long t0 = begin();
    T result;
    try {
      result = body.get();
    } catch (Throwable t) {
      end(t0, t);
      throw t;
    }
    end(t0, null);
    return result;
  }

  /** Runs {@code body} once for every member as their forward stage. */
  public void forward(Runnable body) {
    if (!prepare()) {
      body.run();
      return;
    }
    long t0 = begin();
    try {
      body.run();
    } catch (Throwable t) {
      end(t0, t);
      throw t;
    }
    end(t0, null);
  }

  /**
   * Picks this execution's members and observer. Returns false when no member records. Allocates
   * only when a member is left out.
   */
  private boolean prepare() {
    List<Inference> list = given;
    InferenceObserver obs = null;
    boolean leftOut = false;
    int n = list.size();
    for (int i = 0; i < n; i++) {
      Inference m = list.get(i);
      if (m != null && m.isRecording() && !m.isClosed() && (obs == null || m.observer() == obs)) {
        obs = m.observer();
      } else {
        leftOut = true;
      }
    }
    if (obs == null) {
      members = List.of();
      observer = null;
      return false;
    }
    observer = obs;
    members = leftOut ? kept(list, obs) : list;
    error = null;
    return true;
  }

  private static List<Inference> kept(List<Inference> list, InferenceObserver obs) {
    List<Inference> kept = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      Inference m = list.get(i);
      if (m != null && m.isRecording() && !m.isClosed() && m.observer() == obs) {
        kept.add(m);
      } else if (m == null || m.isRecording()) {
        // The no-op inference is left out silently: it records nothing anywhere.
        invalid(obs, INVALID_MEMBER);
      }
    }
    return kept;
  }

  private long begin() {
    List<Inference> ms = members;
    int n = ms.size();
    for (int i = 0; i < n; i++) {
      observer.chain.fireStageStart(ms.get(i), Stage.FORWARD, null);
    }
    long t0 = observer.clock().nanoTime();
    startNanos = t0;
    return t0;
  }

  private void end(long t0, @Nullable Throwable thrown) {
    long t1 = observer.clock().nanoTime();
    endNanos = t1;
    error = thrown;
    List<Inference> ms = members;
    int n = ms.size();
    for (int i = 0; i < n; i++) {
      // prepare() keeps recording members only
      RecordingInference m = (RecordingInference) ms.get(i);
      m.batch(this);
      m.endStage(Stage.FORWARD, null, t0, t1, thrown);
    }
    observer.chain.fireBatch(this);
  }

  /** Counts and logs (throttled) an observation refused as invalid. */
  static void invalid(InferenceObserver observer, String kind) {
    observer.selfMetrics().counter(SelfMetricNames.INVALID_OBSERVATIONS,
        "Observations refused as invalid (not recorded)", "kind", kind).increment();
    LOG.log(Level.WARNING, "invalid:" + kind, "Ignored an invalid observation (" + kind
        + "); counted under " + SelfMetricNames.INVALID_OBSERVATIONS);
  }

  // ---- what listeners read ----------------------------------------------------------------

  /** The number of members of the last execution. */
  public int size() {
    return members.size();
  }

  /** Member {@code index} of the last execution, for {@code 0 <= index < size()}. */
  public Inference member(int index) {
    return members.get(index);
  }

  /** The members of the last execution, read-only. */
  public List<Inference> members() {
    return Collections.unmodifiableList(members);
  }

  /** The observer of the members, or {@code null} before a recorded execution. */
  public @Nullable InferenceObserver observer() {
    return observer;
  }

  /** The model of the members. */
  public ModelId model() {
    return observer == null ? InferenceObserver.NOOP_MODEL : observer.model();
  }

  /** Start of the last forward pass on the observer's monotonic clock. */
  public long startNanos() {
    return startNanos;
  }

  /** End of the last forward pass on the observer's monotonic clock. */
  public long endNanos() {
    return endNanos;
  }

  /** Duration of the last forward pass in nanoseconds. */
  public long durationNanos() {
    return endNanos - startNanos;
  }

  /** What the last forward pass threw, or {@code null}. */
  public @Nullable Throwable error() {
    return error;
  }

  @Override
  public String toString() {
    return "InferenceBatch{model=" + model() + ", size=" + size() + ", durationNanos=" + durationNanos()
        + "}";
  }
}
