package io.infersight.logging;

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
    try (URLClassLoader app = classPathWith(LOGBACK)) {
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
    try (URLClassLoader app = classPathWith(swapped)) {
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
