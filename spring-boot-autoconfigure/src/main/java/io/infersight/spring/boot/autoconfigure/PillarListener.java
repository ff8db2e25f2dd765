package io.infersight.spring.boot.autoconfigure;

import io.infersight.core.InferenceListener;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A pillar's listener, made only when the starter's observer is made (an application with its own
 * observer starts no tracing SDK and no GPU poller), with its place in the chain (tracing first, so
 * that metrics and logs see the trace IDs, as the listeners declare and the observer's builder
 * checks) and what the actuator endpoint reports about it.
 */
final class PillarListener {
  static final int TRACING = 100;
  static final int METRICS = 200;
  static final int LOGGING = 300;
  static final int DRIFT = 400;
  static final int GPU = 500;

  final int order;
  private final Supplier<Made> factory;
  private volatile @Nullable Made made;

  PillarListener(int order, Supplier<Made> factory) {
    this.order = order;
    this.factory = factory;
  }

  /** Makes the listener on first use. */
  synchronized Made made() {
    if (made == null) {
      made = factory.get();
    }
    return made;
  }

  /** The listener when it was made, else {@code null}. */
  @Nullable Made madeOrNull() {
    return made;
  }

  /** A made listener, its description, and a TraceStore (tracing), GpuPoller (gpu), FeatureDriftMonitor (drift) or null. */
  static final class Made {
    final String pillar;
    final InferenceListener listener;
    final @Nullable Object detail;

    Made(String pillar, InferenceListener listener, @Nullable Object detail) {
      this.pillar = pillar;
      this.listener = listener;
      this.detail = detail;
    }
  }
}
