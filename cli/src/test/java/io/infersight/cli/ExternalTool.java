package io.infersight.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Finds a program the end-to-end tests need: skipped locally when missing, a failure when CI=true. */
final class ExternalTool {
  private ExternalTool() {}

  static Path require(String name, String installHint) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (!dir.isEmpty() && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    String message = "'" + name + "' is not on the PATH; " + installHint;
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(message + " (required because CI=true)");
    }
    Assumptions.abort(message);
    return null;
  }
}
