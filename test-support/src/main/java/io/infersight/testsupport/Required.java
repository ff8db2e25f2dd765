package io.infersight.testsupport;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * The project's one rule for tests that need something the machine may lack (a program, a
 * native library, a JDK feature): skipped with the reason when run locally, a failure when the
 * environment variable {@code CI} is {@code true} (any case), because CI must never pass by
 * skipping.
 *
 * <p>It lives in the build-only module {@code test-support}, which depends on JUnit alone, so every
 * module's tests can use it (sdk-core's too) without an edge between the product modules.
 */
public final class Required {
  /** Set by {@code .ci/run} to the JDK 21+ that runs the virtual-thread tests in a second pass. */
  public static final String VIRTUAL_THREAD_JDK_ENV = "INFERSIGHT_VIRTUAL_THREAD_JDK";

  private Required() {}

  /** Whether this run is CI's: {@code CI=true}, case-insensitive. */
  public static boolean ci() {
    return ci(System.getenv());
  }

  static boolean ci(Map<String, String> env) {
    return "true".equalsIgnoreCase(env.getOrDefault("CI", "").trim());
  }

  /**
   * Reports a missing requirement: fails under CI, otherwise aborts the test (JUnit reports it
   * as skipped, with {@code message}). Never returns.
   */
  public static AssertionError missing(String message) {
    return missingUnless("CI", message);
  }

  /**
   * Like {@link #missing}, for requirements that only some machines must meet: fails when the
   * environment variable {@code variable} is {@code true} (any case), otherwise skips. For example
   * {@code INFERSIGHT_REQUIRE_GPU} on GPU hosts, which CI is not. Never returns.
   */
  public static AssertionError missingUnless(String variable, String message) {
    if ("true".equalsIgnoreCase(System.getenv().getOrDefault(variable, "").trim())) {
      fail(message + " (required because " + variable + "=true)");
    }
    Assumptions.abort("Skipped: " + message);
    throw new AssertionError("unreachable");
  }

  /** Skips or fails (see {@link #missing}) unless {@code present}. */
  public static void that(boolean present, String messageWhenMissing) {
    if (!present) {
      throw missing(messageWhenMissing);
    }
  }

  /** The executable {@code name} on the PATH; skips or fails (see {@link #missing}) when absent. */
  public static Path tool(String name, String installHint) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw missing("'" + name + "' is not on the PATH; " + installHint);
  }

  /**
   * Requires a JDK of at least {@code feature} for {@code what}. On an older JDK: skipped locally;
   * under CI skipped only when {@code .ci/run} declared, in {@value #VIRTUAL_THREAD_JDK_ENV}, the
   * JDK 21+ of its second pass (where this test then runs), and a failure otherwise.
   */
  public static void javaFeature(int feature, String what) {
    int running = Runtime.version().feature();
    if (running >= feature) {
      return;
    }
    String message = what + " need JDK " + feature + "+; this is " + Runtime.version();
    String secondPass = System.getenv(VIRTUAL_THREAD_JDK_ENV);
    if (ci() && secondPass != null && releaseFeature(Path.of(secondPass)) >= feature) {
      Assumptions.abort("Skipped on this JDK: " + message + "; .ci/run runs it again on " + secondPass);
    }
    throw missing(message);
  }

  /** The feature version in a JDK's {@code release} file, or 0 when unreadable. */
  static int releaseFeature(Path javaHome) {
    try {
      for (String line : Files.readAllLines(javaHome.resolve("release"))) {
        if (line.startsWith("JAVA_VERSION=")) {
          String v = line.substring("JAVA_VERSION=".length()).replace("\"", "").trim();
          int end = 0;
          while (end < v.length() && Character.isDigit(v.charAt(end))) {
            end++;
          }
          return end == 0 ? 0 : Integer.parseInt(v.substring(0, end).toLowerCase(Locale.ROOT));
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      return 0;
    }
    return 0;
  }
}
