package io.infersight.gpu;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * {@code gpu-probe}: prints what NVML sees, one line per GPU, like {@code nvidia-smi
 * --query-gpu=... --format=csv}, or as one JSON document. For checking that a container sees its
 * GPUs and the driver library before trusting the gauges.
 *
 * <pre>{@code
 * java -cp infersight-gpu.jar:jna.jar:... io.infersight.gpu.GpuProbe --format json
 * int exit = GpuProbe.run(new String[] {"--format", "csv"}, System.out, System.err);
 * }</pre>
 *
 * <p>Options: {@code --format csv|json} (default csv), {@code --library PATH} (default {@link
 * Nvml#configuredLibrary()}), {@code --help}. Exit status: {@value #EXIT_OK} when at least one GPU
 * was listed, {@value #EXIT_NO_GPU} when NVML is missing, fails to start or sees no GPU, {@value
 * #EXIT_USAGE} for bad arguments. A value NVML cannot read prints as {@value #NOT_AVAILABLE} in CSV
 * and {@code null} in JSON (with the reason under {@code errors}).
 *
 * @since 0.1.0
 */
public final class GpuProbe {
  /** Exit status when GPUs were listed. */
  public static final int EXIT_OK = 0;
  /** Exit status when no GPU could be listed. */
  public static final int EXIT_NO_GPU = 1;
  /** Exit status for bad arguments. */
  public static final int EXIT_USAGE = 2;
  /** What CSV prints for a value NVML could not read. */
  public static final String NOT_AVAILABLE = "[N/A]";

  private static final String USAGE =
      "usage: gpu-probe [--format csv|json] [--library PATH]\n"
          + "Prints each GPU NVML sees. Library: --library, else -D" + Nvml.LIBRARY_PROPERTY
          + ", else $" + Nvml.LIBRARY_ENV + ", else the driver's NVML.";

  /** Column name, JSON key, reading. */
  private static final List<Column> COLUMNS = List.of(
      new Column("index", "index", d -> Integer.toString(d.index())),
      new Column("name", "name", GpuDevice::name),
      new Column("uuid", "uuid", GpuDevice::uuid),
      new Column("utilization.gpu [%]", "utilization_gpu_percent",
          d -> Long.toString(d.utilization().gpuPercent())),
      new Column("utilization.memory [%]", "utilization_memory_percent",
          d -> Long.toString(d.utilization().memoryPercent())),
      new Column("memory.total [B]", "memory_total_bytes",
          d -> Long.toUnsignedString(d.memory().totalBytes())),
      new Column("memory.used [B]", "memory_used_bytes",
          d -> Long.toUnsignedString(d.memory().usedBytes())),
      new Column("memory.free [B]", "memory_free_bytes",
          d -> Long.toUnsignedString(d.memory().freeBytes())),
      new Column("memory.reserved [B]", "memory_reserved_bytes",
          d -> Long.toUnsignedString(d.memory().reservedBytes())),
      new Column("temperature.gpu [C]", "temperature_celsius",
          d -> Long.toString(d.temperatureCelsius())),
      new Column("power.draw [W]", "power_watts",
          d -> String.format(Locale.ROOT, "%.3f", d.powerMilliwatts() / 1000.0)),
      new Column("clocks.sm [MHz]", "clock_sm_mhz", d -> Long.toString(d.smClockMhz())),
      new Column("clocks.mem [MHz]", "clock_memory_mhz", d -> Long.toString(d.memoryClockMhz())));

  private GpuProbe() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the probe; returns the exit status instead of exiting. Never throws. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    boolean json = false;
    String library = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String value = null;
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 0) {
        value = a.substring(eq + 1);
        a = a.substring(0, eq);
      }
      switch (a) {
        case "-h":
        case "--help":
          out.println(USAGE);
          return EXIT_OK;
        case "--format":
        case "--library":
          if (value == null) {
            if (i + 1 >= args.length) {
              err.println("gpu-probe: " + a + " needs a value\n" + USAGE);
              return EXIT_USAGE;
            }
            value = args[++i];
          }
          if (a.equals("--library")) {
            library = value;
          } else if (value.equals("json") || value.equals("csv")) {
            json = value.equals("json");
          } else {
            err.println("gpu-probe: --format must be csv or json, was '" + value + "'\n" + USAGE);
            return EXIT_USAGE;
          }
          break;
        default:
          err.println("gpu-probe: unknown argument '" + args[i] + "'\n" + USAGE);
          return EXIT_USAGE;
      }
    }
    if (library == null) {
      library = Nvml.configuredLibrary();
    }
    try {
      return probe(library, json, out, err);
    } catch (RuntimeException | LinkageError e) {
      err.println("gpu-probe: " + e);
      return EXIT_NO_GPU;
    }
  }

  private static int probe(String library, boolean json, PrintStream out, PrintStream err) {
    Nvml nvml;
    try {
      nvml = Nvml.open(library);
    } catch (NvmlException e) {
      return noGpu(library, e.getMessage(), json, out, err);
    }
    try {
      String driver = read(nvml::driverVersion);
      List<GpuDevice> devices;
      try {
        devices = nvml.devices();
      } catch (NvmlException e) {
        return noGpu(library, e.getMessage(), json, out, err);
      }
      if (devices.isEmpty()) {
        return noGpu(library, "NVML sees no GPU (check NVIDIA_VISIBLE_DEVICES)", json, out, err);
      }
      StringBuilder sb = new StringBuilder();
      if (json) {
        sb.append("{\"available\":true,\"library\":").append(quote(library))
            .append(",\"driver_version\":").append(driver.isEmpty() ? "null" : quote(driver))
            .append(",\"gpus\":[");
      } else {
        sb.append("driver_version");
        for (Column c : COLUMNS) {
          sb.append(',').append(c.header);
        }
        sb.append('\n');
      }
      for (int i = 0; i < devices.size(); i++) {
        appendDevice(sb, devices.get(i), driver, json, i > 0);
      }
      if (json) {
        sb.append("]}\n");
      }
      out.print(sb);
      out.flush();
      return EXIT_OK;
    } finally {
      nvml.close();
    }
  }

  private static void appendDevice(StringBuilder sb, GpuDevice d, String driver, boolean json, boolean more) {
    List<String> errors = new ArrayList<>();
    if (json) {
      sb.append(more ? ",{" : "{");
    } else {
      sb.append(driver.isEmpty() ? NOT_AVAILABLE : csv(driver));
    }
    for (int i = 0; i < COLUMNS.size(); i++) {
      Column c = COLUMNS.get(i);
      String value;
      try {
        value = c.reading.apply(d);
      } catch (NvmlException e) {
        value = null;
        errors.add(quote(c.key) + ":" + quote(e.error().name()));
      }
      if (json) {
        boolean text = c.key.equals("name") || c.key.equals("uuid");
        sb.append(i > 0 ? "," : "").append(quote(c.key)).append(':')
            .append(value == null ? "null" : text ? quote(value) : value);
      } else {
        sb.append(',').append(value == null ? NOT_AVAILABLE : csv(value));
      }
    }
    if (json) {
      sb.append(",\"errors\":{").append(String.join(",", errors)).append("}}");
    } else {
      sb.append('\n');
    }
  }

  private static int noGpu(String library, String reason, boolean json, PrintStream out, PrintStream err) {
    if (json) {
      out.println("{\"available\":false,\"library\":" + quote(library) + ",\"error\":" + quote(reason)
          + ",\"gpus\":[]}");
      out.flush();
    }
    err.println("gpu-probe: no GPU available: " + reason);
    return EXIT_NO_GPU;
  }

  private static String read(java.util.function.Supplier<String> s) {
    try {
      return s.get();
    } catch (NvmlException e) {
      return "";
    }
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
        case '"': sb.append("\\\""); break;
        case '\\': sb.append("\\\\"); break;
        case '\n': sb.append("\\n"); break;
        case '\r': sb.append("\\r"); break;
        case '\t': sb.append("\\t"); break;
        default:
          if (ch < 0x20) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
          } else {
            sb.append(ch);
          }
      }
    }
    return sb.append('"').toString();
  }

  private static final class Column {
    final String header;
    final String key;
    final Function<GpuDevice, String> reading;

    Column(String header, String key, Function<GpuDevice, String> reading) {
      this.header = header;
      this.key = key;
      this.reading = reading;
    }
  }
}
