package io.infersight.gpu;

import io.infersight.core.internal.RuntimeLibraries;
import io.infersight.core.internal.ThrottlingLogger;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Reads every GPU through NVML on its own daemon thread and publishes Micrometer gauges labelled
 * {@code gpu_index} and {@code gpu_name}: {@code gpu_utilization_percent}, {@code
 * gpu_memory_utilization_percent}, {@code gpu_memory_used_bytes}, {@code gpu_memory_total_bytes},
 * {@code gpu_temperature_celsius}, {@code gpu_power_usage_watts}, {@code gpu_clock_sm_hertz},
 * {@code gpu_clock_memory_hertz}, {@code gpu_process_memory_used_bytes}; plus {@code
 * gpu_available}, {@code gpu_poll_errors_total{error}} and {@code gpu_poll_duration_seconds}.
 *
 * <p>Cheap readings are taken every {@linkplain GpuPollerBuilder#interval(Duration) interval};
 * the process listing, which takes the driver lock, every {@linkplain
 * GpuPollerBuilder#processInterval(Duration) process interval}. Nothing here throws into the
 * application: without a GPU (no library, {@code nvmlInit} failing, no device) {@code
 * gpu_available} reads 0, one line is logged at INFO and no thread is started. A failed read
 * sets that gauge to NaN and is counted; a lost GPU sets all its gauges to NaN until it answers
 * again.
 *
 * <pre>{@code
 * GpuPoller gpus = GpuPoller.builder(meterRegistry)
 *     .interval(Duration.ofSeconds(15))
 *     .build()
 *     .start();
 * ...
 * gpus.close();   // stops the thread, calls nvmlShutdown once
 * }</pre>
 *
 * @since 0.1.0
 */
public final class GpuPoller implements AutoCloseable {
  /** Default time between two polls, in milliseconds. */
  public static final long DEFAULT_INTERVAL_MILLIS = 15_000;
  /** The shortest poll interval accepted, in milliseconds. */
  public static final long MIN_INTERVAL_MILLIS = 100;
  /** Default time between two process listings, in milliseconds. */
  public static final long DEFAULT_PROCESS_INTERVAL_MILLIS = 60_000;
  /** Default time {@link #close()} waits for a poll in progress, in milliseconds. */
  public static final long DEFAULT_CLOSE_TIMEOUT_MILLIS = 5_000;
  /** Default name of the poller thread. */
  public static final String DEFAULT_THREAD_NAME = "infersight-gpu-poller";

  private static final System.Logger LOG = System.getLogger("io.infersight.gpu");
  private static final ThrottlingLogger THROTTLED = ThrottlingLogger.forName("io.infersight.gpu");

  private enum State { NEW, RUNNING, UNAVAILABLE, CLOSED }

  private final MeterRegistry registry;
  private final long intervalNanos;
  private final int processEvery;
  private final @Nullable String library;
  private final long pid;
  private final String threadName;
  private final ReentrantLock lock = new ReentrantLock();
  private final AtomicLong polls = new AtomicLong();
  private final Counter[] errorCounters = new Counter[NvmlReturn.values().length];
  private final Timer pollDuration;
  private final Consumer<NvmlReturn> errorSink = this::countError;
  private volatile State state = State.NEW;
  private volatile int available;
  private volatile @Nullable Nvml nvml;
  private volatile List<DeviceGauges> devices = List.of();
  private @Nullable ScheduledThreadPoolExecutor executor;

  GpuPoller(GpuPollerBuilder b) {
    this.registry = b.registry;
    this.intervalNanos = b.interval.toNanos();
    this.processEvery =
        (int) Math.max(1, Math.min(Integer.MAX_VALUE, b.processInterval.toNanos() / intervalNanos));
    this.library = b.library;
    this.pid = b.processId;
    this.threadName = b.threadName;
    Gauge.builder("gpu.available", this, p -> p.available)
        .description("1 when NVML is up and at least one GPU answered its last poll, else 0")
        .strongReference(true)
        .register(registry);
    this.pollDuration = Timer.builder("gpu.poll.duration")
        .description("Time to read every GPU once through NVML")
        .register(registry);
  }

  /** A builder that publishes into {@code registry}. */
  public static GpuPollerBuilder builder(MeterRegistry registry) {
    String problems = Libraries.PROBLEMS;
    if (problems != null) {
      throw new IllegalStateException(problems);
    }
    return new GpuPollerBuilder(registry);
  }

  /**
   * The start-up check of Micrometer against the supported range: one line naming it, the version
   * found and the version needed, instead of a linkage error later.
   */
  private static final class Libraries {
    static final String PROBLEMS = RuntimeLibraries.problems("Infersight GPU", GpuPoller.class,
        RuntimeLibraries.Library.MICROMETER);
  }

  /**
   * Opens NVML and, when a GPU is there, starts the poller thread, whose first poll runs at once.
   * Without a GPU it logs once and returns; later calls do nothing. Never throws.
   */
  public GpuPoller start() {
    lock.lock();
    try {
      if (state == State.NEW) {
        open();
      }
      if (state == State.RUNNING && executor == null) {
        ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, r -> {
          Thread t = new Thread(r, threadName);
          t.setDaemon(true);
          return t;
        });
        ex.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        ex.scheduleWithFixedDelay(this::pollSafely, 0, intervalNanos, TimeUnit.NANOSECONDS);
        executor = ex;
      }
    } finally {
      lock.unlock();
    }
    return this;
  }

  /**
   * Polls every device now on the caller's thread (opening NVML on first use, without starting
   * the thread). Returns {@code false} when no GPU is available or the poller is closed. Never
   * throws.
   */
  public boolean pollOnce() {
    lock.lock();
    try {
      if (state == State.NEW) {
        open();
      }
      if (state != State.RUNNING) {
        return false;
      }
      long start = System.nanoTime();
      boolean withProcesses = polls.get() % processEvery == 0;
      boolean anyUp = false;
      for (int i = 0; i < devices.size(); i++) {
        DeviceGauges d = devices.get(i);
        try {
          anyUp |= d.poll(withProcesses, pid, errorSink);
        } catch (RuntimeException | LinkageError e) {
          // JNA itself failed (not an NVML code): same as a failed read of the whole device.
          d.clear();
          countError(NvmlReturn.UNKNOWN);
          THROTTLED.log(Level.WARNING, "poll:" + d.index, "GPU " + d.index + " poll failed", e);
        }
      }
      available = anyUp ? 1 : 0;
      polls.incrementAndGet();
      pollDuration.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Polls completed so far, by the thread and by {@link #pollOnce()}. */
  public long pollCount() {
    return polls.get();
  }

  /** Whether NVML is up and at least one GPU answered its last poll. */
  public boolean isAvailable() {
    return available == 1;
  }

  /** The devices found at start, in index order (empty without a GPU). */
  public List<GpuDevice> devices() {
    List<GpuDevice> out = new ArrayList<>();
    for (DeviceGauges d : devices) {
      out.add(d.device);
    }
    return out;
  }

  /** {@link #close(Duration)} with {@value #DEFAULT_CLOSE_TIMEOUT_MILLIS} ms. */
  @Override
  public void close() {
    close(Duration.ofMillis(DEFAULT_CLOSE_TIMEOUT_MILLIS));
  }

  /**
   * Stops the thread (waiting up to {@code timeout} for a poll in progress), calls {@code
   * nvmlShutdown} once and sets every gauge to NaN and {@code gpu_available} to 0. Idempotent;
   * never throws.
   */
  public void close(Duration timeout) {
    long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
    ScheduledThreadPoolExecutor ex;
    lock.lock();
    try {
      if (state == State.CLOSED) {
        return;
      }
      state = State.CLOSED;
      ex = executor;
    } finally {
      lock.unlock();
    }
    boolean locked = false;
    try {
      if (ex != null) {
        ex.shutdown();
        if (!ex.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
          ex.shutdownNow();
        }
      }
      locked = lock.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      if (!locked) {
        LOG.log(Level.WARNING, "GPU poll still running at close; shutting NVML down anyway");
      }
      available = 0;
      for (DeviceGauges d : devices) {
        d.clear();
      }
      if (nvml != null) {
        nvml.close();
      }
    } finally {
      if (locked) {
        lock.unlock();
      }
    }
  }

  @Override
  public String toString() {
    return "GpuPoller{state=" + state + ", devices=" + devices.size() + ", polls=" + polls.get() + "}";
  }

  // ---- internals ----

  /** Under lock. Leaves the state RUNNING or UNAVAILABLE. */
  private void open() {
    String lib = library != null ? library : Nvml.configuredLibrary();
    Nvml opened;
    try {
      opened = Nvml.open(lib);
    } catch (NvmlException e) {
      unavailable(e.getMessage(), e.error());
      return;
    } catch (RuntimeException | LinkageError e) {
      unavailable("NVML could not be used: " + e, NvmlReturn.UNKNOWN);
      return;
    }
    List<DeviceGauges> found = new ArrayList<>();
    try {
      int count = opened.deviceCount();
      for (int i = 0; i < count; i++) {
        try {
          GpuDevice device = opened.device(i);
          found.add(new DeviceGauges(device, nameOf(device)));
        } catch (NvmlException e) {
          countError(e.error());
          LOG.log(Level.WARNING, "GPU " + i + " skipped: " + e.getMessage());
        }
      }
    } catch (NvmlException e) {
      opened.close();
      unavailable(e.getMessage(), e.error());
      return;
    }
    if (found.isEmpty()) {
      opened.close();
      unavailable("NVML (" + lib + ") found no usable GPU", null);
      return;
    }
    try {
      for (DeviceGauges d : found) {
        d.register(registry);
      }
    } catch (RuntimeException e) {
      // For example a Prometheus registry that already has these names with other labels.
      opened.close();
      unavailable("GPU gauges could not be registered: " + e, null);
      return;
    }
    nvml = opened;
    devices = List.copyOf(found);
    state = State.RUNNING;
    available = 1;
    LOG.log(Level.INFO, "GPU metrics on for " + found.size() + " GPU(s) through " + lib);
  }

  private void unavailable(String reason, @Nullable NvmlReturn error) {
    if (error != null && error != NvmlReturn.LIBRARY_NOT_FOUND) {
      countError(error);
    }
    state = State.UNAVAILABLE;
    available = 0;
    LOG.log(Level.INFO, "GPU metrics off: " + reason);
  }

  private static String nameOf(GpuDevice device) {
    try {
      return device.name();
    } catch (NvmlException e) {
      return "unknown";
    }
  }

  private void countError(NvmlReturn error) {
    Counter c = errorCounters[error.ordinal()];
    if (c == null) {
      c = Counter.builder("gpu.poll.errors")
          .description("NVML calls that failed while reading GPUs")
          .tag("error", error.label())
          .register(registry);
      errorCounters[error.ordinal()] = c;
    }
    c.increment();
  }

  private void pollSafely() {
    try {
      pollOnce();
    } catch (RuntimeException | LinkageError e) {
      // Not reached in practice (pollOnce catches per device); the thread must outlive it anyway.
      THROTTLED.log(Level.WARNING, "poll", "GPU poll failed", e);
    }
  }
}
