package io.infersight.gpu;

import static org.assertj.core.api.Assertions.fail;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import io.infersight.testsupport.Required;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

/**
 * The stand-in NVML of src/test/native/nvml_stub.c: compiled once per test JVM with gcc into
 * target/nvml-stub/libnvidia-ml.so.1, loaded by the code under test through its library path, and
 * scripted by the tests through a scenario file and the stub's control symbols.
 *
 * <p>Without gcc ({@code $CC} when set) the tests that need it are skipped with a message, except
 * under {@code CI=true}, where they fail.
 */
final class NvmlStub {
  private static final Path SOURCE = Paths.get("src", "test", "native", "nvml_stub.c");
  private static final Path OUTPUT_DIR = Paths.get("target", "nvml-stub");

  private static Path library;
  private static String unavailable;
  private static Control control;

  private NvmlStub() {}

  /** The control symbols the stub exports besides NVML's. */
  interface Control extends Library {
    int infersight_stub_configure(String path);

    int infersight_stub_update(String path);

    NativeLong infersight_stub_init_calls();

    NativeLong infersight_stub_shutdown_calls();

    NativeLong infersight_stub_live_inits();

    NativeLong infersight_stub_sizeof(String type);
  }

  /** The absolute path of the compiled stand-in; skips (or fails on CI) without gcc. */
  static synchronized String library() {
    if (library == null && unavailable == null) {
      build();
    }
    if (unavailable != null) {
      throw Required.missing(unavailable + "; the tests that need the stand-in NVML need gcc");
    }
    return library.toString();
  }

  /** Loads a new GPU world from these key=value lines; resets every counter of the stub. */
  static void configure(String... lines) {
    load(false, lines);
  }

  /**
   * Changes the values of the current world (NVML stays initialised, device handles stay valid);
   * device call counts restart from zero.
   */
  static void update(String... lines) {
    load(true, lines);
  }

  private static void load(boolean keepSession, String... lines) {
    String lib = library();
    try {
      Path file = Files.createTempFile(OUTPUT_DIR, "scenario", ".txt");
      Files.write(file, String.join("\n", lines).concat("\n").getBytes(StandardCharsets.UTF_8));
      String path = file.toString();
      int rc = keepSession ? control().infersight_stub_update(path) : control().infersight_stub_configure(path);
      if (rc != 0) {
        fail("stub could not read " + file + " (library " + lib + ")");
      }
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new AssertionError("cannot write scenario", e);
    }
  }

  /** Writes a scenario file for a child JVM (read through INFERSIGHT_NVML_STUB_CONFIG). */
  static Path scenarioFile(String... lines) throws IOException {
    library();
    Path file = Files.createTempFile(OUTPUT_DIR, "scenario", ".txt");
    Files.write(file, String.join("\n", lines).concat("\n").getBytes(StandardCharsets.UTF_8));
    return file.toAbsolutePath();
  }

  static long initCalls() {
    return control().infersight_stub_init_calls().longValue();
  }

  static long shutdownCalls() {
    return control().infersight_stub_shutdown_calls().longValue();
  }

  static long liveInits() {
    return control().infersight_stub_live_inits().longValue();
  }

  static long sizeOf(String type) {
    return control().infersight_stub_sizeof(type).longValue();
  }

  private static synchronized Control control() {
    if (control == null) {
      control = Native.load(library(), Control.class);
    }
    return control;
  }

  /** {@code $CC}, else {@code gcc}. */
  private static String compiler() {
    String cc = System.getenv("CC");
    return cc == null || cc.isBlank() ? "gcc" : cc.trim();
  }

  private static void build() {
    try {
      Files.createDirectories(OUTPUT_DIR);
      Path out = OUTPUT_DIR.resolve("libnvidia-ml.so.1").toAbsolutePath();
      Path tmp = OUTPUT_DIR.resolve("libnvidia-ml.so.1.tmp").toAbsolutePath();
      Process gcc;
      try {
        gcc = new ProcessBuilder(compiler(), "-shared", "-fPIC", "-O2", "-Wall", "-Wextra", "-Werror",
                "-o", tmp.toString(), SOURCE.toAbsolutePath().toString(), "-lpthread")
            .redirectErrorStream(true)
            .start();
      } catch (IOException e) {
        unavailable = "C compiler '" + compiler() + "' not found, so the stand-in libnvidia-ml.so.1 "
            + "cannot be built: " + e.getMessage();
        return;
      }
      String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!gcc.waitFor(120, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
        // A compile error is a bug in the stub, never a reason to skip.
        throw new AssertionError("gcc failed to build " + SOURCE + ":\n" + output);
      }
      Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      library = out;
    } catch (IOException e) {
      throw new AssertionError("cannot build the stand-in NVML", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while building the stand-in NVML", e);
    }
  }
}
