package io.infersight.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersight.testsupport.SwappedClassPath;
import java.lang.reflect.InvocationTargetException;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

/**
 * An OpenTelemetry older than the supported floor, on the class path of an application that
 * starts Infersight tracing: the start fails with one line naming the library, the version found
 * and the version needed, not with a {@code NoSuchMethodError} or {@code NoClassDefFoundError}.
 * Each case runs in a class loader that holds this module's class path with the OpenTelemetry API
 * and SDK jars swapped for 1.40 ones (copied to target/unsupported-libraries by the build).
 */
class OldLibrariesTest {
  private static final String[] OTEL = {"opentelemetry-api", "opentelemetry-context",
      "opentelemetry-sdk", "opentelemetry-sdk-common", "opentelemetry-sdk-trace",
      "opentelemetry-sdk-metrics", "opentelemetry-sdk-logs"};

  @Test
  void anOldOpenTelemetryFailsTheBuilderWithOneLine() throws Exception {
    Throwable failure = buildTracing(OTEL);

    assertThat(failure).isNotNull();
    assertThat(failure.getClass().getName()).isEqualTo(IllegalStateException.class.getName());
    assertThat(failure.getMessage()).isEqualTo("Infersight tracing needs"
        + " io.opentelemetry:opentelemetry-api >= 1.49.0 but found 1.40.0 on the class path; and"
        + " io.opentelemetry:opentelemetry-sdk-trace >= 1.49.0 but found 1.40.0 on the class path");
  }

  @Test
  void anOldOpenTelemetryApiFailsTheListenerWithOneLine() throws Exception {
    Throwable failure = listenOn(OTEL);

    assertThat(failure).isNotNull();
    assertThat(failure.getClass().getName()).isEqualTo(IllegalStateException.class.getName());
    assertThat(failure.getMessage()).isEqualTo("Infersight tracing needs"
        + " io.opentelemetry:opentelemetry-api >= 1.49.0 but found 1.40.0 on the class path");
  }

  @Test
  void theCurrentLibrariesStart() throws Exception {
    assertThat(buildTracing()).isNull();
    assertThat(listenOn()).isNull();
  }

  /** What an application without an OpenTelemetry does: build one. Returns what it threw, or null. */
  private static Throwable buildTracing(String... swapped) throws Exception {
    try (URLClassLoader app = SwappedClassPath.with(swapped)) {
      Class<?> tracing = Class.forName(InfersightTracing.class.getName(), true, app);
      try {
        Object builder = tracing.getMethod("builder").invoke(null);
        builder.getClass().getMethod("exportOtlp", boolean.class).invoke(builder, false);
        Object store = Class.forName(TraceStore.class.getName(), true, app).getMethod("create")
            .invoke(null);
        builder.getClass().getMethod("traceStore", store.getClass()).invoke(builder, store);
        Object built = builder.getClass().getMethod("build").invoke(builder);
        ((AutoCloseable) built).close();
        return null;
      } catch (InvocationTargetException e) {
        return e.getCause();
      }
    } catch (LinkageError e) {
      return e;
    }
  }

  /** What an application with its own OpenTelemetry does: a listener on it. */
  private static Throwable listenOn(String... swapped) throws Exception {
    try (URLClassLoader app = SwappedClassPath.with(swapped)) {
      Class<?> tracing = Class.forName(InfersightTracing.class.getName(), true, app);
      Class<?> openTelemetry = Class.forName("io.opentelemetry.api.OpenTelemetry", true, app);
      try {
        Object noop = openTelemetry.getMethod("noop").invoke(null);
        tracing.getMethod("listener", openTelemetry).invoke(null, noop);
        return null;
      } catch (InvocationTargetException e) {
        return e.getCause();
      }
    } catch (LinkageError e) {
      return e;
    }
  }
}
