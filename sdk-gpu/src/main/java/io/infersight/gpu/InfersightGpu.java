package io.infersight.gpu;

import io.infersight.core.InferenceObserver;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;

/**
 * Entry point of the GPU pillar: a {@link GpuListener} plugs a {@link GpuPoller} into an {@link
 * InferenceObserver}, so the poller starts when the observer is built and stops, shutting NVML
 * down, when the observer closes. GPU polling never touches the request thread.
 *
 * <pre>{@code
 * InferenceObserver observer = InferenceObserver.builder()
 *     .model("fraud-detector", "2.1.0")
 *     .addListener(InfersightGpu.listener(meterRegistry))
 *     .build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class InfersightGpu {
  private InfersightGpu() {}

  /** A listener running a poller with default settings into {@code registry}. */
  public static GpuListener listener(MeterRegistry registry) {
    return listenerBuilder(registry).build();
  }

  /** A builder of a listener publishing into {@code registry}, for the poller's options. */
  public static GpuListenerBuilder listenerBuilder(MeterRegistry registry) {
    return new GpuListenerBuilder(GpuPoller.builder(registry));
  }

  /** A listener that starts {@code poller} at install and closes it with the observer. */
  public static GpuListener listener(GpuPoller poller) {
    return new GpuListener(Objects.requireNonNull(poller, "poller"));
  }
}
