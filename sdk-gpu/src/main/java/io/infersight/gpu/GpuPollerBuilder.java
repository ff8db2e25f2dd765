package io.infersight.gpu;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Objects;

/**
 * Configures a {@link GpuPoller}. Every setting has a default; {@link #build()} checks them
 * together.
 *
 * <pre>{@code
 * GpuPoller gpus = GpuPoller.builder(registry)
 *     .interval(Duration.ofSeconds(5))
 *     .processInterval(Duration.ofMinutes(1))
 *     .library("/usr/lib/x86_64-linux-gnu/libnvidia-ml.so.1")
 *     .build()
 *     .start();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class GpuPollerBuilder {
  final MeterRegistry registry;
  Duration interval = Duration.ofMillis(GpuPoller.DEFAULT_INTERVAL_MILLIS);
  Duration processInterval = Duration.ofMillis(GpuPoller.DEFAULT_PROCESS_INTERVAL_MILLIS);
  String library;
  long processId = ProcessHandle.current().pid();
  String threadName = GpuPoller.DEFAULT_THREAD_NAME;

  GpuPollerBuilder(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /**
   * Time between two polls of the cheap readings. Default {@value
   * GpuPoller#DEFAULT_INTERVAL_MILLIS} ms; at least {@value GpuPoller#MIN_INTERVAL_MILLIS} ms.
   */
  public GpuPollerBuilder interval(Duration interval) {
    Objects.requireNonNull(interval, "interval");
    if (interval.compareTo(Duration.ofMillis(GpuPoller.MIN_INTERVAL_MILLIS)) < 0) {
      throw new IllegalArgumentException(
          "interval must be at least " + GpuPoller.MIN_INTERVAL_MILLIS + " ms, was " + interval);
    }
    this.interval = interval;
    return this;
  }

  /**
   * Time between two process listings (this process's GPU memory), which take the driver lock.
   * Rounded down to a whole number of intervals; must not be shorter than {@link
   * #interval(Duration)}. Default {@value GpuPoller#DEFAULT_PROCESS_INTERVAL_MILLIS} ms.
   */
  public GpuPollerBuilder processInterval(Duration processInterval) {
    Objects.requireNonNull(processInterval, "processInterval");
    if (processInterval.isNegative() || processInterval.isZero()) {
      throw new IllegalArgumentException("processInterval must be positive, was " + processInterval);
    }
    this.processInterval = processInterval;
    return this;
  }

  /**
   * The NVML library to load, a path or a name. Default: {@link Nvml#configuredLibrary()} at
   * {@link GpuPoller#start()} (system property {@value Nvml#LIBRARY_PROPERTY}, environment
   * variable {@value Nvml#LIBRARY_ENV}, else the platform's NVML).
   */
  public GpuPollerBuilder library(String library) {
    Objects.requireNonNull(library, "library");
    if (library.isBlank()) {
      throw new IllegalArgumentException("library must not be blank");
    }
    this.library = library;
    return this;
  }

  /**
   * The process whose GPU memory {@code gpu_process_memory_used_bytes} reports. Default: this
   * JVM. Set it when NVML reports host PIDs (a container without the host PID namespace) or to
   * watch a serving process from a sidecar.
   */
  public GpuPollerBuilder processId(long processId) {
    if (processId <= 0 || processId > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("processId must be in 1.." + 0xFFFF_FFFFL + ", was " + processId);
    }
    this.processId = processId;
    return this;
  }

  /** Name of the poller thread. Default {@value GpuPoller#DEFAULT_THREAD_NAME}. */
  public GpuPollerBuilder threadName(String threadName) {
    Objects.requireNonNull(threadName, "threadName");
    if (threadName.isBlank()) {
      throw new IllegalArgumentException("threadName must not be blank");
    }
    this.threadName = threadName;
    return this;
  }

  /**
   * Builds the poller and registers {@code gpu_available} (0 until started) and {@code
   * gpu_poll_duration_seconds}. Loads nothing native: that happens at {@link GpuPoller#start()}.
   *
   * @throws IllegalArgumentException when {@code processInterval} is shorter than {@code interval}
   */
  public GpuPoller build() {
    if (processInterval.compareTo(interval) < 0) {
      throw new IllegalArgumentException("processInterval (" + processInterval
          + ") must not be shorter than interval (" + interval + ")");
    }
    return new GpuPoller(this);
  }
}
