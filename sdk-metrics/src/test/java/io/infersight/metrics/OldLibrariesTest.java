package io.infersight.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersight.testsupport.SwappedClassPath;
import java.lang.reflect.InvocationTargetException;
import java.net.URLClassLoader;
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
    try (URLClassLoader app = SwappedClassPath.with(swapped)) {
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
}
