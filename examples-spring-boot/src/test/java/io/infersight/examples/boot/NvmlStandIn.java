package io.infersight.examples.boot;

import io.infersight.testsupport.Required;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * sdk-gpu's stand-in NVML (sdk-gpu/src/test/native/nvml_stub.c: the real symbols and struct layouts,
 * scripted by a scenario file named in {@code INFERSIGHT_NVML_STUB_CONFIG}), compiled with gcc into
 * target/nvml-stub for an application started with {@code -Dinfersight.nvml.library}.
 */
final class NvmlStandIn {
  private NvmlStandIn() {}

  /** The compiled library; skips (fails under CI) without gcc. */
  static Path build() throws IOException, InterruptedException {
    Path gcc = Required.tool("gcc", "install Debian's 'gcc' package");
    Path source = source();
    Path dir = Path.of("target", "nvml-stub").toAbsolutePath();
    Files.createDirectories(dir);
    Path out = dir.resolve("libnvidia-ml.so.1");
    Process p = new ProcessBuilder(gcc.toString(), "-shared", "-fPIC", "-O2", "-o", out.toString(),
        source.toString(), "-lpthread").redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError("gcc failed to build " + source + ":\n" + output);
    }
    return out;
  }

  /** A scenario file with these key=value lines. */
  static Path scenario(String... lines) throws IOException {
    Path dir = Path.of("target", "nvml-stub").toAbsolutePath();
    Files.createDirectories(dir);
    Path file = Files.createTempFile(dir, "scenario", ".txt");
    Files.writeString(file, String.join("\n", lines) + "\n");
    return file;
  }

  /** The stub's source, found from this module (examples-spring-boot or its boot4/) upwards. */
  private static Path source() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("sdk-gpu/src/test/native/nvml_stub.c");
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError("sdk-gpu/src/test/native/nvml_stub.c not found above " + Path.of("").toAbsolutePath());
  }
}
