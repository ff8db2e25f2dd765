package io.infersight.gpu;

import io.infersight.core.internal.ThrottlingLogger;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;

/**
 * The gauges of one device, the last values read for them, and how one poll reads them. The poller thread writes, any
 * scrape thread reads; values are the bits of a double in an {@link AtomicLongArray}, NaN when the
 * last read failed.
 */
final class DeviceGauges {
  private static final GpuGauge[] GAUGES = GpuGauge.values();

  private static final System.Logger LOG = System.getLogger("io.infersight.gpu");
  private static final ThrottlingLogger THROTTLED = ThrottlingLogger.forName("io.infersight.gpu");
  private static final long NAN_BITS = Double.doubleToRawLongBits(Double.NaN);

  final GpuDevice device;
  final String index;
  final String name;
  /** By {@link GpuGauge#ordinal()}. */
  private final AtomicLongArray values = new AtomicLongArray(GAUGES.length);
  private final List<Meter> meters = new ArrayList<>(GAUGES.length);
  /** The gauges that answered NOT_SUPPORTED once (logged once, not counted as an error). Poller thread only. */
  private final Set<GpuGauge> unsupported = EnumSet.noneOf(GpuGauge.class);
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
    for (GpuGauge gauge : GAUGES) {
      meters.add(Gauge.builder(gauge.meterName(), this, g -> g.get(gauge))
          .description(gauge.description())
          .baseUnit(gauge.unit())
          .tags(tags)
          .strongReference(true)
          .register(registry));
    }
  }

  double get(GpuGauge gauge) {
    return Double.longBitsToDouble(values.get(gauge.ordinal()));
  }

  void set(GpuGauge gauge, double value) {
    values.set(gauge.ordinal(), Double.doubleToRawLongBits(value));
  }

  void setNaN(GpuGauge gauge) {
    values.set(gauge.ordinal(), NAN_BITS);
  }

  /** Every gauge reads NaN. */
  void clear() {
    for (int i = 0; i < GAUGES.length; i++) {
      values.set(i, NAN_BITS);
    }
  }

  List<Meter> meters() {
    return meters;
  }

  /** A gauge read as one unsigned 32-bit NVML value, and the scale from NVML's unit to the gauge's. */
  private record UnsignedGauge(GpuDevice.UnsignedRead read, GpuGauge gauge, double scale) {}

  /** NVML units to gauge units: degrees C, mW to W, MHz to Hz. */
  private static final List<UnsignedGauge> UNSIGNED = List.of(
      new UnsignedGauge(GpuDevice.UnsignedRead.TEMPERATURE, GpuGauge.TEMPERATURE, 1.0),
      new UnsignedGauge(GpuDevice.UnsignedRead.POWER, GpuGauge.POWER, 1e-3),
      new UnsignedGauge(GpuDevice.UnsignedRead.CLOCK_SM, GpuGauge.CLOCK_SM, 1e6),
      new UnsignedGauge(GpuDevice.UnsignedRead.CLOCK_MEMORY, GpuGauge.CLOCK_MEMORY, 1e6));

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
      set(GpuGauge.UTILIZATION, dev.utilizationGpu());
      set(GpuGauge.MEMORY_UTILIZATION, dev.utilizationMemory());
      answered++;
    } else {
      setNaN(GpuGauge.MEMORY_UTILIZATION);
      if (failed(GpuGauge.UTILIZATION, rc, errors)) {
        return false;
      }
    }
    rc = dev.readMemory();
    if (rc == 0) {
      set(GpuGauge.MEMORY_USED, unsignedToDouble(dev.memoryUsedRaw()));
      set(GpuGauge.MEMORY_TOTAL, unsignedToDouble(dev.memoryTotalRaw()));
      answered++;
    } else {
      setNaN(GpuGauge.MEMORY_TOTAL);
      if (failed(GpuGauge.MEMORY_USED, rc, errors)) {
        return false;
      }
    }
    for (UnsignedGauge u : UNSIGNED) {
      rc = dev.readUnsigned(u.read());
      if (rc == 0) {
        set(u.gauge(), dev.lastUnsigned() * u.scale());
        answered++;
      } else if (failed(u.gauge(), rc, errors)) {
        return false;
      }
    }
    if (withProcesses || !wasUp) {
      rc = dev.readProcessMemory(pid);
      if (rc == 0) {
        long bytes = dev.lastProcessMemory();
        set(GpuGauge.PROCESS_MEMORY, bytes == GpuProcess.MEMORY_NOT_AVAILABLE
            ? Double.NaN : unsignedToDouble(bytes));
        answered++;
      } else if (failed(GpuGauge.PROCESS_MEMORY, rc, errors)) {
        return false;
      }
    }
    up = answered > 0;
    return up;
  }

  /** Records a failed read; returns true when the device is lost and the poll of it must stop. */
  private boolean failed(GpuGauge gauge, int rc, Consumer<NvmlReturn> errors) {
    setNaN(gauge);
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
      if (unsupported.add(gauge)) {
        LOG.log(Level.INFO, "GPU " + index + " does not support " + gauge.meterName()
            + "; it reads NaN");
      }
      return false;
    }
    errors.accept(error);
    THROTTLED.log(Level.WARNING, "read:" + index + ":" + gauge + ":" + rc,
        "GPU " + index + " " + gauge.meterName() + " read failed: " + error + " (" + rc + ")");
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
