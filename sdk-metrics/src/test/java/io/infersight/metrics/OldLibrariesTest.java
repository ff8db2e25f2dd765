package io.infersight.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A library older than the supported floor, on the class path of an application that starts
 * Infersight metrics: the start fails with one line naming the library, the version found and the
 * version needed, not with a {@code NoClassDefFoundError}. Each case runs in a class loader that
 * holds this module's class path with the real jar of that library swapped for an old one (copied
 * to target/unsupported-libraries by the build).
 */
class OldLibrariesTest {

  @Test
  void anOldPrometheusClientFailsTheStartWithOneLine() throws Exception {
    Throwable failure = startMetrics("prometheus-metrics-model");

    assertThat(failure).isNotNull();
    assertThat(failure.getClass().getName()).isEqualTo(IllegalStateException.class.getName());
    assertThat(failure.getMessage()).isEqualTo("Infersight metrics needs"
        + " io.prometheus:prometheus-metrics-model >= 1.3.6 but found 1.2.1 on the class path");
  }

  @Test
  void anOldMicrometerFailsTheStartWithOneLine() throws Exception {
    Throwable failure = startMetrics("micrometer-core");

    assertThat(failure).isNotNull();
    assertThat(failure.getClass().getName()).isEqualTo(IllegalStateException.class.getName());
    assertThat(failure.getMessage()).isEqualTo("Infersight metrics needs"
        + " io.micrometer:micrometer-core >= 1.15.0 but found 1.14.0 on the class path");
  }

  @Test
  void theCurrentLibrariesStart() throws Exception {
    assertThat(startMetrics()).isNull();
  }

  /**
   * What an application does first: a Prometheus registry, then the listener on it. Returns what
   * it threw, or null.
   */
  private static Throwable startMetrics(String... swapped) throws Exception {
    try (URLClassLoader app = classPathWith(swapped)) {
      Class<?> metrics = Class.forName(InfersightMetrics.class.getName(), true, app);
      Class<?> meterRegistry = Class.forName("io.micrometer.core.instrument.MeterRegistry", false, app);
      try {
        Object registry = metrics.getMethod("prometheusRegistry").invoke(null);
        metrics.getMethod("listener", meterRegistry).invoke(null, registry);
        return null;
      } catch (InvocationTargetException e) {
        return e.getCause();
      }
    } catch (LinkageError e) {
      return e;
    }
  }

  /** This test's class path, each named artifact's jar replaced by its unsupported version. */
  static URLClassLoader classPathWith(String... artifactIds) throws IOException {
    List<URL> urls = new ArrayList<>();
    Path unsupported = Path.of("target", "unsupported-libraries");
    for (String artifactId : artifactIds) {
      try (Stream<Path> jars = Files.list(unsupported)) {
        Path jar = jars.filter(p -> isJarOf(p, artifactId)).findFirst()
            .orElseThrow(() -> new AssertionError("no " + artifactId + " in " + unsupported));
        urls.add(jar.toUri().toURL());
      }
    }
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry);
      if (Stream.of(artifactIds).noneMatch(a -> isJarOf(p, a))) {
        urls.add(url(p));
      }
    }
    return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
  }

  private static boolean isJarOf(Path jar, String artifactId) {
    String name = jar.getFileName().toString();
    return name.endsWith(".jar") && name.startsWith(artifactId + "-")
        && Character.isDigit(name.charAt(artifactId.length() + 1));
  }

  private static URL url(Path p) {
    try {
      return p.toUri().toURL();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
