package io.infersight.gpu;

import io.infersight.core.internal.ThrottlingLogger;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;

/**
 * The gauges of one device, the last values read for them, and how one poll reads them. The poller thread writes, any
 * scrape thread reads; values are the bits of a double in an {@link AtomicLongArray}, NaN when the
 * last read failed.
 */
final class DeviceGauges {
  static final int UTILIZATION = 0;
  static final int MEMORY_UTILIZATION = 1;
  static final int MEMORY_USED = 2;
  static final int MEMORY_TOTAL = 3;
  static final int TEMPERATURE = 4;
  static final int POWER = 5;
  static final int CLOCK_SM = 6;
  static final int CLOCK_MEMORY = 7;
  static final int PROCESS_MEMORY = 8;
  static final int COUNT = 9;

  /** Micrometer names; Prometheus appends the base unit: gpu_utilization_percent and so on. */
  static final String[] NAMES = {
    "gpu.utilization", "gpu.memory.utilization", "gpu.memory.used", "gpu.memory.total",
    "gpu.temperature", "gpu.power.usage", "gpu.clock.sm", "gpu.clock.memory",
    "gpu.process.memory.used",
  };

  static final String[] UNITS = {
    "percent", "percent", "bytes", "bytes", "celsius", "watts", "hertz", "hertz", "bytes",
  };

  private static final String[] DESCRIPTIONS = {
    "Percent of the last sample period during which a kernel ran on the GPU",
    "Percent of the last sample period during which device memory was read or written",
    "Device memory in use",
    "Total device memory",
    "GPU core temperature",
    "Board power draw",
    "Streaming multiprocessor clock",
    "Memory clock",
    "Device memory used by this process (read at the process interval)",
  };

  private static final System.Logger LOG = System.getLogger("io.infersight.gpu");
  private static final ThrottlingLogger THROTTLED = ThrottlingLogger.forName("io.infersight.gpu");
  private static final long NAN_BITS = Double.doubleToRawLongBits(Double.NaN);

  final GpuDevice device;
  final String index;
  final String name;
  private final AtomicLongArray values = new AtomicLongArray(COUNT);
  private final List<Meter> meters = new ArrayList<>(COUNT);
  /** Whether each metric answered NOT_SUPPORTED once (logged once, not counted as an error). */
  final boolean[] unsupported = new boolean[COUNT];
  /** Whether the device answered its last poll without GPU_IS_LOST. Poller thread only. */
  boolean up = true;

  DeviceGauges(GpuDevice device, String name) {
    this.device = device;
    this.index = Integer.toString(device.index());
    this.name = name;
    clear();
  }

  void register(MeterRegistry registry) {
    Tags tags = Tags.of("gpu_index", index, "gpu_name", name);
    for (int i = 0; i < COUNT; i++) {
      final int metric = i;
      meters.add(Gauge.builder(NAMES[i], this, g -> g.get(metric))
          .description(DESCRIPTIONS[i])
          .baseUnit(UNITS[i])
          .tags(tags)
          .strongReference(true)
          .register(registry));
    }
  }

  double get(int metric) {
    return Double.longBitsToDouble(values.get(metric));
  }

  void set(int metric, double value) {
    values.set(metric, Double.doubleToRawLongBits(value));
  }

  void setNaN(int metric) {
    values.set(metric, NAN_BITS);
  }

  /** Every gauge reads NaN. */
  void clear() {
    for (int i = 0; i < COUNT; i++) {
      values.set(i, NAN_BITS);
    }
  }

  List<Meter> meters() {
    return meters;
  }

  private static final int[] UNSIGNED_READS = {
    GpuDevice.TEMPERATURE, GpuDevice.POWER, GpuDevice.CLOCK_SM, GpuDevice.CLOCK_MEMORY,
  };
  private static final int[] UNSIGNED_GAUGES = {
    TEMPERATURE, POWER, CLOCK_SM, CLOCK_MEMORY,
  };
  /** NVML units to gauge units: degrees C, mW to W, MHz to Hz. */
  private static final double[] UNSIGNED_SCALES = {1.0, 1e-3, 1e6, 1e6};

  /**
   * Reads one device. Returns whether it answered: at least one read succeeded and it was not
   * lost. After a poll it did not answer, its process memory is read again at once rather than
   * left NaN until the next process poll.
   */
  boolean poll(boolean withProcesses, long pid, Consumer<NvmlReturn> errors) {
    GpuDevice dev = device;
    boolean wasUp = up;
    int answered = 0;
    int rc = dev.readUtilization();
    if (rc == 0) {
      set(UTILIZATION, dev.utilizationGpu());
      set(MEMORY_UTILIZATION, dev.utilizationMemory());
      answered++;
    } else {
      setNaN(MEMORY_UTILIZATION);
      if (failed(UTILIZATION, rc, errors)) {
        return false;
      }
    }
    rc = dev.readMemory();
    if (rc == 0) {
      set(MEMORY_USED, unsignedToDouble(dev.memoryUsedRaw()));
      set(MEMORY_TOTAL, unsignedToDouble(dev.memoryTotalRaw()));
      answered++;
    } else {
      setNaN(MEMORY_TOTAL);
      if (failed(MEMORY_USED, rc, errors)) {
        return false;
      }
    }
    for (int k = 0; k < UNSIGNED_READS.length; k++) {
      rc = dev.readUnsigned(UNSIGNED_READS[k]);
      if (rc == 0) {
        set(UNSIGNED_GAUGES[k], dev.lastUnsigned() * UNSIGNED_SCALES[k]);
        answered++;
      } else if (failed(UNSIGNED_GAUGES[k], rc, errors)) {
        return false;
      }
    }
    if (withProcesses || !wasUp) {
      rc = dev.readProcessMemory(pid);
      if (rc == 0) {
        long bytes = dev.lastProcessMemory();
        set(PROCESS_MEMORY, bytes == GpuProcess.MEMORY_NOT_AVAILABLE
            ? Double.NaN : unsignedToDouble(bytes));
        answered++;
      } else if (failed(PROCESS_MEMORY, rc, errors)) {
        return false;
      }
    }
    up = answered > 0;
    return up;
  }

  /** Records a failed read; returns true when the device is lost and the poll of it must stop. */
  private boolean failed(int metric, int rc, Consumer<NvmlReturn> errors) {
    setNaN(metric);
    NvmlReturn error = NvmlReturn.of(rc);
    if (error == NvmlReturn.GPU_IS_LOST) {
      clear();
      up = false;
      errors.accept(error);
      THROTTLED.log(Level.WARNING, "lost:" + index,
          "GPU " + index + " (" + name + ") is lost; its gauges read NaN until it answers again");
      return true;
    }
    if (error == NvmlReturn.NOT_SUPPORTED) {
      if (!unsupported[metric]) {
        unsupported[metric] = true;
        LOG.log(Level.INFO, "GPU " + index + " does not support " + NAMES[metric]
            + "; it reads NaN");
      }
      return false;
    }
    errors.accept(error);
    THROTTLED.log(Level.WARNING, "read:" + index + ":" + metric + ":" + rc,
        "GPU " + index + " " + NAMES[metric] + " read failed: " + error + " (" + rc + ")");
    return false;
  }

  /** An unsigned 64-bit value as a double. */
  static double unsignedToDouble(long v) {
    if (v >= 0) {
      return v;
    }
    // Halve without sign, convert, double again; the lost low bit is below double precision.
    return ((double) (v >>> 1)) * 2.0 + (v & 1);
  }
}
