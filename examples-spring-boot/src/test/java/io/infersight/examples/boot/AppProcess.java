package io.infersight.examples.boot;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * An application started as its own JVM (the test's class path, a main class, command-line
 * arguments), as a user starts it: for what is set once per process (the logging configuration),
 * and to read its real stdout. Ready when {@code /actuator/health} answers 200.
 */
final class AppProcess implements AutoCloseable {
  private final Process process;
  private final List<String> out = new CopyOnWriteArrayList<>();
  private final List<String> err = new CopyOnWriteArrayList<>();
  private final int port;

  private AppProcess(Process process, int port) {
    this.process = process;
    this.port = port;
    drain(process.getInputStream(), out, "stdout");
    drain(process.getErrorStream(), err, "stderr");
  }

  /**
   * Starts {@code mainClass} on a free port with the environment variables, JVM options and
   * arguments; does not wait for it.
   */
  static AppProcess start(Class<?> mainClass, Map<String, String> env, List<String> jvmArgs, String... args)
      throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.addAll(jvmArgs);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass.getName());
    cmd.add("--server.port=" + port);
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(env);
    return new AppProcess(pb.start(), port);
  }

  /** Waits (up to 120 s) until the application answers; fails at once when it exits. */
  AppProcess awaitReady() {
    Http http = http();
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
        .ignoreExceptionsInstanceOf(IOException.class)
        .until(() -> {
          if (!process.isAlive()) {
            throw new AssertionError("the application exited with " + process.exitValue() + "; stdout:\n"
                + String.join("\n", out) + "\nstderr:\n" + String.join("\n", err));
          }
          return http.get("/actuator/health", null).statusCode() == 200;
        });
    return this;
  }

  Http http() {
    return new Http(port);
  }

  /** The lines written on stdout so far. */
  List<String> stdout() {
    return List.copyOf(out);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static void drain(java.io.InputStream in, List<String> into, String name) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String l = r.readLine(); l != null; l = r.readLine()) {
          into.add(l);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, "app-" + name);
    t.setDaemon(true);
    t.start();
  }
}
