package io.infersight.metrics.internal;

import io.infersight.core.Inference;
import io.infersight.core.InferenceView;

/**
 * The inference whose observations are being recorded on this thread, for exemplars. {@link
 * Inference#current()} is not always it: a request closed on another thread, or a stage run on an
 * unwrapped worker thread, is not current where its listeners run, so the listener names it here
 * while it records a traced request. Kept free of Prometheus types so that the listener works
 * without the Prometheus registry on the class path. Internal.
 */
public final class ExemplarContext {
  private static final ThreadLocal<InferenceView> RECORDING = new ThreadLocal<>();

  private ExemplarContext() {}

  static void enter(InferenceView inference) {
    RECORDING.set(inference);
  }

  static void exit() {
    // set(null) rather than remove(): keeps the thread's map entry, so the next enter allocates nothing.
    RECORDING.set(null);
  }

  /** The inference being recorded on this thread, else the thread's current one (maybe no-op). */
  public static InferenceView inference() {
    InferenceView recording = RECORDING.get();
    return recording != null ? recording : Inference.current();
  }
}
