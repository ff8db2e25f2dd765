package io.infersight.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersight.testsupport.SwappedClassPath;
import java.lang.reflect.InvocationTargetException;
import java.net.URLClassLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A logback older than the supported floor, or a logstash-logback-encoder newer than the supported
 * range, on the class path of an application that starts Infersight logging: the start fails with
 * one line naming the library, the version found and the version needed. Each case runs in a
 * class loader that holds this module's class path with that library's jars swapped (copied to
 * target/unsupported-libraries by the build).
 */
class OldLibrariesTest {
  private static final String[] LOGBACK = {"logback-classic", "logback-core"};

  @Test
  void anOldLogbackFailsTheListenerWithOneLine() throws Exception {
    Throwable failure = buildListener(LOGBACK);

    assertThat(failure).isNotNull();
    assertThat(failure.getClass().getName()).isEqualTo(IllegalStateException.class.getName());
    assertThat(failure.getMessage()).isEqualTo("Infersight logging needs"
        + " ch.qos.logback:logback-classic >= 1.5.18 but found 1.4.14 on the class path");
  }

  @Test
  void aLogstashEncoderOnJackson3FailsTheListenerWithOneLine() throws Exception {
    Throwable failure = buildListener("logstash-logback-encoder");

    assertThat(failure).isNotNull();
    assertThat(failure.getClass().getName()).isEqualTo(IllegalStateException.class.getName());
    assertThat(failure.getMessage()).isEqualTo("Infersight logging needs"
        + " net.logstash.logback:logstash-logback-encoder >= 8.1 and < 9 but found 9.0 on the"
        + " class path");
  }

  @Test
  void anOldLogbackStopsTheEncoderWithAConfigurationError() throws Exception {
    try (URLClassLoader app = SwappedClassPath.with(LOGBACK)) {
      Class<?> contextType = Class.forName("ch.qos.logback.classic.LoggerContext", true, app);
      Class<?> contextInterface = Class.forName("ch.qos.logback.core.Context", true, app);
      Object context = contextType.getConstructor().newInstance();
      Object encoder = Class.forName(InfersightEncoder.class.getName(), true, app)
          .getConstructor().newInstance();
      encoder.getClass().getMethod("setContext", contextInterface).invoke(encoder, context);
      encoder.getClass().getMethod("start").invoke(encoder);

      assertThat(encoder.getClass().getMethod("isStarted").invoke(encoder)).isEqualTo(false);
      Object statusManager = contextType.getMethod("getStatusManager").invoke(context);
      List<?> statuses = (List<?>) statusManager.getClass().getMethod("getCopyOfStatusList")
          .invoke(statusManager);
      assertThat(statuses).map(String::valueOf).anySatisfy(s -> assertThat(s)
          .contains("Infersight logging needs ch.qos.logback:logback-classic >= 1.5.18 but found"
              + " 1.4.14 on the class path"));
    }
  }

  @Test
  void theCurrentLibrariesStart() throws Exception {
    assertThat(buildListener()).isNull();
  }

  /** What an application does: the listener. Returns what it threw, or null. */
  private static Throwable buildListener(String... swapped) throws Exception {
    try (URLClassLoader app = SwappedClassPath.with(swapped)) {
      Class<?> logging = Class.forName(InfersightLogging.class.getName(), true, app);
      try {
        logging.getMethod("listener").invoke(null);
        return null;
      } catch (InvocationTargetException e) {
        return e.getCause();
      }
    } catch (LinkageError e) {
      return e;
    }
  }
}
