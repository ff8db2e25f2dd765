package io.infersight.gpu;

import io.infersight.core.InferenceListener;
import io.infersight.core.InferenceObserver;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Objects;

/**
 * Plugs a {@link GpuPoller} into an {@link InferenceObserver}: the poller starts when the
 * observer is built and stops, shutting NVML down, when the observer closes. GPU polling never
 * touches the request thread; the listener's per-request methods are the SPI's no-ops.
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
  public static InferenceListener listener(MeterRegistry registry) {
    return listener(GpuPoller.builder(registry).build());
  }

  /** A listener that starts {@code poller} at install and closes it with the observer. */
  public static InferenceListener listener(GpuPoller poller) {
    Objects.requireNonNull(poller, "poller");
    return new InferenceListener() {
      @Override
      public void onInstall(InferenceObserver observer) {
        poller.start();
      }

      @Override
      public void close(long timeoutMillis) {
        poller.close(Duration.ofMillis(timeoutMillis));
      }

      @Override
      public String toString() {
        return "InfersightGpu.listener(" + poller + ")";
      }
    };
  }
}
