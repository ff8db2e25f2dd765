package io.infersight.gpu;

import static org.assertj.core.api.Assertions.fail;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import io.infersight.testsupport.StandInNvml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The stand-in NVML of src/test/native/nvml_stub.c ({@link StandInNvml} compiles it once per test
 * JVM), loaded by the code under test through its library path, and scripted by the tests through a
 * scenario file and the stub's control symbols.
 *
 * <p>Without gcc ({@code $CC} when set) the tests that need it are skipped with a message, except
 * under {@code CI=true}, where they fail.
 */
final class NvmlStub {
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
  static String library() {
    return StandInNvml.library().toString();
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
      Path file = StandInNvml.scenario(lines);
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
    return StandInNvml.scenario(lines);
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
}
