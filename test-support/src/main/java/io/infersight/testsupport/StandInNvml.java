package io.infersight.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

/**
 * sdk-gpu's stand-in NVML ({@value #SOURCE}: the real symbols and struct layouts, scripted by a
 * scenario file), compiled once per test JVM with {@code $CC} (else {@code gcc}) into
 * {@code target/nvml-stub/libnvidia-ml.so.1} of the module under test. The source is found from the
 * working directory upwards, so any module of the repository can use it.
 *
 * <p>Without the compiler the tests that need it are skipped with a message, except under
 * {@code CI=true}, where they fail (see {@link Required#missing}). A compile error is a bug in the
 * stand-in and always fails.
 */
public final class StandInNvml {
  /** The stand-in's source, relative to the repository root. */
  public static final String SOURCE = "sdk-gpu/src/test/native/nvml_stub.c";
  private static final Path OUTPUT_DIR = Path.of("target", "nvml-stub").toAbsolutePath();

  private static Path library;
  private static String unavailable;

  private StandInNvml() {}

  /** The absolute path of the compiled library; skips (fails under CI) without a C compiler. */
  public static synchronized Path library() {
    if (library == null && unavailable == null) {
      build();
    }
    if (unavailable != null) {
      throw Required.missing(unavailable + "; the tests that need the stand-in NVML need gcc");
    }
    return library;
  }

  /**
   * A new scenario file in {@code target/nvml-stub} with these {@code key=value} lines, for the
   * stub's configure call or a child process's {@code INFERSIGHT_NVML_STUB_CONFIG}.
   */
  public static Path scenario(String... lines) throws IOException {
    Files.createDirectories(OUTPUT_DIR);
    Path file = Files.createTempFile(OUTPUT_DIR, "scenario", ".txt");
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return file;
  }

  /** {@code $CC}, else {@code gcc}. */
  static String compiler() {
    String cc = System.getenv("CC");
    return cc == null || cc.isBlank() ? "gcc" : cc.trim();
  }

  /** {@value #SOURCE} in the working directory or the nearest one above it. */
  static Path source() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(SOURCE);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError(SOURCE + " not found in or above " + Path.of("").toAbsolutePath());
  }

  private static void build() {
    Path source = source();
    try {
      Files.createDirectories(OUTPUT_DIR);
      Path out = OUTPUT_DIR.resolve("libnvidia-ml.so.1");
      Path tmp = OUTPUT_DIR.resolve("libnvidia-ml.so.1.tmp");
      Process cc;
      try {
        cc = new ProcessBuilder(compiler(), "-shared", "-fPIC", "-O2", "-Wall", "-Wextra", "-Werror",
                "-o", tmp.toString(), source.toString(), "-lpthread")
            .redirectErrorStream(true)
            .start();
      } catch (IOException e) {
        unavailable = "C compiler '" + compiler() + "' not found, so the stand-in libnvidia-ml.so.1 "
            + "cannot be built: " + e.getMessage();
        return;
      }
      String output = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!cc.waitFor(120, TimeUnit.SECONDS) || cc.exitValue() != 0) {
        throw new AssertionError(compiler() + " failed to build " + source + ":\n" + output);
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
