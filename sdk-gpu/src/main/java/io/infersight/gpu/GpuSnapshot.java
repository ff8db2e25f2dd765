package io.infersight.gpu;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What NVML saw at one moment ({@link GpuProbe#snapshot()}): the library, the driver version and
 * one {@link GpuReading} per GPU, or the reason no GPU could be listed. {@link #toCsv()} writes it
 * like {@code nvidia-smi --query-gpu=... --format=csv}, {@link #toJson()} as one JSON document;
 * {@code infersight gpu-probe} prints one of them.
 *
 * <pre>{@code
 * GpuSnapshot s = GpuProbe.snapshot();
 * if (s.available()) { System.out.print(s.toCsv()); } else { System.err.println(s.error()); }
 * }</pre>
 *
 * @param library the NVML library that was opened (or tried)
 * @param driverVersion the driver's version, {@code null} when NVML could not read it
 * @param gpus one reading per GPU, by index; empty when none could be listed
 * @param error why no GPU could be listed (NVML missing, failing to start, or seeing no GPU);
 *     {@code null} when {@code gpus} holds at least one
 * @since 0.1.0
 */
public record GpuSnapshot(String library, @Nullable String driverVersion, List<GpuReading> gpus,
    @Nullable String error) {
  /** What CSV prints for a value NVML could not read. */
  public static final String NOT_AVAILABLE = "[N/A]";

  /** CSV header, JSON key, the value as text (null when unreadable), whether JSON quotes it. */
  private static final List<Column> COLUMNS = List.of(
      new Column("index", "index", r -> Integer.toString(r.index()), false),
      new Column("name", "name", GpuReading::name, true),
      new Column("uuid", "uuid", GpuReading::uuid, true),
      new Column("utilization.gpu [%]", "utilization_gpu_percent", r -> text(r.utilizationGpuPercent()), false),
      new Column("utilization.memory [%]", "utilization_memory_percent",
          r -> text(r.utilizationMemoryPercent()), false),
      new Column("memory.total [B]", "memory_total_bytes", r -> unsigned(r.memoryTotalBytes()), false),
      new Column("memory.used [B]", "memory_used_bytes", r -> unsigned(r.memoryUsedBytes()), false),
      new Column("memory.free [B]", "memory_free_bytes", r -> unsigned(r.memoryFreeBytes()), false),
      new Column("memory.reserved [B]", "memory_reserved_bytes", r -> unsigned(r.memoryReservedBytes()), false),
      new Column("temperature.gpu [C]", "temperature_celsius", r -> text(r.temperatureCelsius()), false),
      new Column("power.draw [W]", "power_watts", r -> r.powerMilliwatts() == null ? null
          : String.format(Locale.ROOT, "%.3f", r.powerMilliwatts() / 1000.0), false),
      new Column("clocks.sm [MHz]", "clock_sm_mhz", r -> text(r.smClockMhz()), false),
      new Column("clocks.mem [MHz]", "clock_memory_mhz", r -> text(r.memoryClockMhz()), false));

  /** Copies {@code gpus}; {@code library} is required. */
  public GpuSnapshot {
    Objects.requireNonNull(library, "library");
    gpus = List.copyOf(gpus);
  }

  /** Whether at least one GPU was listed. */
  public boolean available() {
    return error == null;
  }

  /**
   * One header line and one line per GPU, like {@code nvidia-smi --query-gpu --format=csv}; a
   * value NVML could not read is {@value #NOT_AVAILABLE}. Empty when no GPU was listed.
   */
  public String toCsv() {
    if (!available()) {
      return "";
    }
    StringBuilder sb = new StringBuilder("driver_version");
    for (Column c : COLUMNS) {
      sb.append(',').append(c.header);
    }
    sb.append('\n');
    for (GpuReading r : gpus) {
      sb.append(driverVersion == null ? NOT_AVAILABLE : csv(driverVersion));
      for (Column c : COLUMNS) {
        String value = c.text.apply(r);
        sb.append(',').append(value == null ? NOT_AVAILABLE : csv(value));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /**
   * One JSON document and a newline: {@code available}, {@code library}, {@code driver_version},
   * {@code gpus} (each value {@code null} when unreadable, with the reason under {@code errors}),
   * and {@code error} when no GPU was listed.
   */
  public String toJson() {
    StringBuilder sb = new StringBuilder();
    if (!available()) {
      return sb.append("{\"available\":false,\"library\":").append(quote(library)).append(",\"error\":")
          .append(quote(error)).append(",\"gpus\":[]}\n").toString();
    }
    sb.append("{\"available\":true,\"library\":").append(quote(library))
        .append(",\"driver_version\":").append(driverVersion == null ? "null" : quote(driverVersion))
        .append(",\"gpus\":[");
    for (int g = 0; g < gpus.size(); g++) {
      GpuReading r = gpus.get(g);
      sb.append(g > 0 ? ",{" : "{");
      for (int i = 0; i < COLUMNS.size(); i++) {
        Column c = COLUMNS.get(i);
        String value = c.text.apply(r);
        sb.append(i > 0 ? "," : "").append(quote(c.key)).append(':')
            .append(value == null ? "null" : c.quoted ? quote(value) : value);
      }
      sb.append(",\"errors\":{");
      int i = 0;
      for (Map.Entry<String, NvmlReturn> e : r.errors().entrySet()) {
        sb.append(i++ > 0 ? "," : "").append(quote(e.getKey())).append(':').append(quote(e.getValue().name()));
      }
      sb.append("}}");
    }
    return sb.append("]}\n").toString();
  }

  private static @Nullable String text(@Nullable Long v) {
    return v == null ? null : Long.toString(v);
  }

  private static @Nullable String unsigned(@Nullable Long v) {
    return v == null ? null : Long.toUnsignedString(v);
  }

  private static String csv(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }

  static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (ch < 0x20) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
          } else {
            sb.append(ch);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  private record Column(String header, String key, Function<GpuReading, @Nullable String> text,
      boolean quoted) {}
}
