package io.infersight.gpu;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What NVML reported for one GPU at one moment: the columns of {@code nvidia-smi --query-gpu}
 * that {@code gpu-probe} prints. A value NVML could not read is {@code null}, with the reason
 * under its JSON key in {@link #errors()} (for example {@code power_watts → NOT_SUPPORTED}).
 * Byte counts are unsigned 64-bit values, as NVML returns them.
 *
 * @param errors JSON key of each unreadable value → NVML's return code, in column order
 * @since 0.1.0
 */
public record GpuReading(int index, @Nullable String name, @Nullable String uuid,
    @Nullable Long utilizationGpuPercent, @Nullable Long utilizationMemoryPercent,
    @Nullable Long memoryTotalBytes, @Nullable Long memoryUsedBytes, @Nullable Long memoryFreeBytes,
    @Nullable Long memoryReservedBytes, @Nullable Long temperatureCelsius,
    @Nullable Long powerMilliwatts, @Nullable Long smClockMhz, @Nullable Long memoryClockMhz,
    Map<String, NvmlReturn> errors) {

  /** Copies {@code errors}, keeping its order. */
  public GpuReading {
    errors = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(errors, "errors")));
  }
}
