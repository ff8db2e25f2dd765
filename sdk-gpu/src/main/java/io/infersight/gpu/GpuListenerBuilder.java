package io.infersight.gpu;

import java.time.Duration;

/**
 * Options of a {@link GpuListener}: those of the {@link GpuPoller} it runs. Obtain it from {@link
 * InfersightGpu#listenerBuilder}. Each setter checks its value as {@link GpuPollerBuilder}'s does;
 * {@link #build()} checks them together and builds the poller, which copies them, so changing or
 * reusing this builder afterwards leaves built listeners alone.
 *
 * <pre>{@code
 * GpuListener gpu = InfersightGpu.listenerBuilder(registry)
 *     .interval(Duration.ofSeconds(5))
 *     .library("/usr/lib/x86_64-linux-gnu/libnvidia-ml.so.1")
 *     .build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class GpuListenerBuilder {
  private final GpuPollerBuilder poller;

  GpuListenerBuilder(GpuPollerBuilder poller) {
    this.poller = poller;
  }

  /** As {@link GpuPollerBuilder#interval(Duration)}. */
  public GpuListenerBuilder interval(Duration interval) {
    poller.interval(interval);
    return this;
  }

  /** As {@link GpuPollerBuilder#processInterval(Duration)}. */
  public GpuListenerBuilder processInterval(Duration processInterval) {
    poller.processInterval(processInterval);
    return this;
  }

  /** As {@link GpuPollerBuilder#library(String)}. */
  public GpuListenerBuilder library(String library) {
    poller.library(library);
    return this;
  }

  /** As {@link GpuPollerBuilder#processId(long)}. */
  public GpuListenerBuilder processId(long processId) {
    poller.processId(processId);
    return this;
  }

  /** As {@link GpuPollerBuilder#threadName(String)}. */
  public GpuListenerBuilder threadName(String threadName) {
    poller.threadName(threadName);
    return this;
  }

  /**
   * Builds the listener and its poller; see {@link GpuPollerBuilder#build()}.
   *
   * @throws IllegalArgumentException when {@code processInterval} is shorter than {@code interval}
   */
  public GpuListener build() {
    return new GpuListener(poller.build());
  }
}
