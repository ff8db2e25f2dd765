package io.infersight.gpu;

import io.infersight.core.InferenceListener;
import io.infersight.core.InferenceObserver;
import java.time.Duration;

/**
 * The GPU pillar's {@link InferenceListener}: starts its {@link GpuPoller} when the observer is
 * built and closes it, shutting NVML down, when the observer closes. GPU polling never touches the
 * request thread; the per-request methods are the SPI's no-ops. Create it with {@link
 * InfersightGpu#listener} or {@link InfersightGpu#listenerBuilder}.
 *
 * <pre>{@code
 * GpuListener gpu = InfersightGpu.listenerBuilder(registry)
 *     .interval(Duration.ofSeconds(5))
 *     .build();
 * InferenceObserver observer = InferenceObserver.builder().model("fraud", "2.1.0")
 *     .addListener(gpu).build();
 * boolean gpus = gpu.poller().isAvailable();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class GpuListener implements InferenceListener {
  private final GpuPoller poller;

  GpuListener(GpuPoller poller) {
    this.poller = poller;
  }

  /** The poller this listener starts and closes. */
  public GpuPoller poller() {
    return poller;
  }

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
    return "GpuListener{" + poller + "}";
  }
}
