package io.infersight.gpu;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What NVML sees, for checking that a container sees its GPUs and the driver library before
 * trusting the gauges: {@link #snapshot()} opens NVML, reads every GPU's {@code nvidia-smi
 * --query-gpu} columns once and closes it again. The {@code infersight gpu-probe} command prints
 * the result as CSV or JSON ({@link GpuSnapshot#toCsv()}, {@link GpuSnapshot#toJson()}).
 *
 * <pre>{@code
 * GpuSnapshot s = GpuProbe.snapshot();                 // the library of Nvml.configuredLibrary()
 * GpuSnapshot t = GpuProbe.snapshot("/opt/nvidia/libnvidia-ml.so.1");
 * s.gpus().forEach(g -> System.out.println(g.name() + " " + g.memoryUsedBytes()));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class GpuProbe {
  private GpuProbe() {}

  /** A snapshot through the library of {@link Nvml#configuredLibrary()}. Never throws. */
  public static GpuSnapshot snapshot() {
    return snapshot(Nvml.configuredLibrary());
  }

  /**
   * A snapshot through {@code library}. Never throws: NVML missing, failing to start or seeing no
   * GPU gives a snapshot with the reason in {@link GpuSnapshot#error()}; a value NVML cannot read
   * is {@code null} in its {@link GpuReading}, with the reason in {@link GpuReading#errors()}.
   */
  public static GpuSnapshot snapshot(String library) {
    Objects.requireNonNull(library, "library");
    try {
      return read(library);
    } catch (RuntimeException | LinkageError e) {
      return unavailable(library, e.toString());
    }
  }

  private static GpuSnapshot read(String library) {
    Nvml nvml;
    try {
      nvml = Nvml.open(library);
    } catch (NvmlException e) {
      return unavailable(library, e.getMessage());
    }
    try {
      String driver = null;
      try {
        driver = nvml.driverVersion();
      } catch (NvmlException e) {
        // Left null: the CSV prints [N/A], the JSON null.
      }
      List<GpuDevice> devices;
      try {
        devices = nvml.devices();
      } catch (NvmlException e) {
        return unavailable(library, e.getMessage());
      }
      if (devices.isEmpty()) {
        return unavailable(library, "NVML sees no GPU (check NVIDIA_VISIBLE_DEVICES)");
      }
      List<GpuReading> readings = new ArrayList<>();
      for (GpuDevice d : devices) {
        readings.add(reading(d));
      }
      return new GpuSnapshot(library, driver == null || driver.isEmpty() ? null : driver, readings, null);
    } finally {
      nvml.close();
    }
  }

  private static GpuSnapshot unavailable(String library, String reason) {
    return new GpuSnapshot(library, null, List.of(), reason);
  }

  private static GpuReading reading(GpuDevice d) {
    // Each value read separately, so one unreadable value never hides the others; the reasons
    // land in column order.
    Map<String, NvmlReturn> errors = new LinkedHashMap<>();
    String name = value(d::name, errors, "name");
    String uuid = value(d::uuid, errors, "uuid");
    GpuUtilization u = value(d::utilization, errors, "utilization_gpu_percent", "utilization_memory_percent");
    GpuMemory m = value(d::memory, errors, "memory_total_bytes", "memory_used_bytes", "memory_free_bytes",
        "memory_reserved_bytes");
    Long temperature = value(d::temperatureCelsius, errors, "temperature_celsius");
    Long power = value(d::powerMilliwatts, errors, "power_watts");
    Long sm = value(d::smClockMhz, errors, "clock_sm_mhz");
    Long mem = value(d::memoryClockMhz, errors, "clock_memory_mhz");
    return new GpuReading(d.index(), name, uuid,
        u == null ? null : u.gpuPercent(), u == null ? null : u.memoryPercent(),
        m == null ? null : m.totalBytes(), m == null ? null : m.usedBytes(),
        m == null ? null : m.freeBytes(), m == null ? null : m.reservedBytes(),
        temperature, power, sm, mem, errors);
  }

  /** {@code s.get()}, or null with NVML's reason under each of {@code keys}. */
  private static <T> @Nullable T value(Supplier<T> s, Map<String, NvmlReturn> errors, String... keys) {
    try {
      return s.get();
    } catch (NvmlException e) {
      for (String k : keys) {
        errors.put(k, e.error());
      }
      return null;
    }
  }
}
