package io.infersight.benchmarks.gpu;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

/**
 * Finds the NVML library a GPU benchmark binds to. A real driver when the system property
 * {@value #REAL_LIBRARY_PROPERTY} names one; otherwise the sdk-gpu tests' stand-in
 * ({@code sdk-gpu/src/test/native/nvml_stub.c}): the path in the environment variable {@value
 * #STUB_ENV} (run.sh compiles it there), else compiled here with gcc into a temporary directory.
 * The stand-in is then given one H100-like device.
 *
 * <pre>{@code
 * String library = NvmlStandIn.library();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class NvmlStandIn {
  /** System property naming a real {@code libnvidia-ml.so.1} (no stand-in, no scenario). */
  public static final String REAL_LIBRARY_PROPERTY = "infersight.bench.nvml";
  /** Environment variable with the path of a compiled stand-in. */
  public static final String STUB_ENV = "INFERSIGHT_BENCH_NVML_STUB";
  private static final String SOURCE = "sdk-gpu/src/test/native/nvml_stub.c";

  /** The stand-in's scripting symbol. */
  interface Control extends Library {
    int infersight_stub_configure(String path);
  }

  private NvmlStandIn() {}

  /** Whether the benchmark runs against a real driver. */
  public static boolean real() {
    String p = System.getProperty(REAL_LIBRARY_PROPERTY);
    return p != null && !p.isBlank();
  }

  /** The library to load, configured with one device when it is the stand-in. */
  public static String library() throws IOException, InterruptedException {
    if (real()) {
      return System.getProperty(REAL_LIBRARY_PROPERTY);
    }
    String env = System.getenv(STUB_ENV);
    Path lib = env != null && !env.isBlank() ? Paths.get(env) : compile();
    Path scenario = Files.createTempFile("nvml-scenario", ".txt");
    Files.writeString(scenario, String.join("\n",
        "count=1", "driver=550.54.15",
        "gpu.0.name=NVIDIA H100 80GB HBM3", "gpu.0.uuid=GPU-5b8f0c3e-1a2b-4c5d-8e9f-0a1b2c3d4e5f",
        "gpu.0.util.gpu=87", "gpu.0.util.memory=41",
        "gpu.0.memory.total=85899345920", "gpu.0.memory.free=10737418240",
        "gpu.0.memory.used=75161927680", "gpu.0.temperature=64", "gpu.0.power=312456",
        "gpu.0.clock.sm=1980", "gpu.0.clock.memory=2619",
        "gpu.0.processes=" + ProcessHandle.current().pid() + ":1073741824,77:5", ""),
        StandardCharsets.UTF_8);
    Control control = Native.load(lib.toAbsolutePath().toString(), Control.class);
    if (control.infersight_stub_configure(scenario.toString()) != 0) {
      throw new IllegalStateException("the stand-in NVML could not read " + scenario);
    }
    Files.deleteIfExists(scenario);
    return lib.toAbsolutePath().toString();
  }

  private static Path compile() throws IOException, InterruptedException {
    Path source = Paths.get(SOURCE);
    if (!Files.exists(source)) {
      source = Paths.get("..", SOURCE);
    }
    if (!Files.exists(source)) {
      throw new IllegalStateException("set " + STUB_ENV + " or run from the repository root: "
          + SOURCE + " not found");
    }
    Path dir = Files.createTempDirectory("infersight-nvml");
    Path out = dir.resolve("libnvidia-ml.so.1");
    String cc = System.getenv("CC") == null || System.getenv("CC").isBlank() ? "gcc" : System.getenv("CC");
    Process p = new ProcessBuilder(cc, "-shared", "-fPIC", "-O2", "-o", out.toString(),
        source.toAbsolutePath().toString(), "-lpthread").redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(cc + " failed to build the stand-in NVML:\n" + output);
    }
    return out;
  }
}
