package io.infersight.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code infersight} command in a child JVM with a given heap limit. */
final class ChildJvm {
  /** What the command left: exit code, stdout, stderr. */
  record Result(int exitCode, String out, String err) {}

  private ChildJvm() {}

  static Result run(Path workDir, String maxHeap, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + maxHeap);
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-cp");
    command.add(classPath());
    command.add(InfersightCli.class.getName());
    command.addAll(List.of(args));
    Path out = workDir.resolve("child.out");
    Path err = workDir.resolve("child.err");
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the command did not finish in 120 s: " + command);
    }
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** The test class path: surefire's when it runs the tests, else this JVM's. */
  private static String classPath() {
    String cp = System.getProperty("surefire.test.class.path");
    return cp == null || cp.isBlank() ? System.getProperty("java.class.path") : cp.replace(File.pathSeparator
        + File.pathSeparator, File.pathSeparator);
  }
}
