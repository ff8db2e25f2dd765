package io.infersight.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * The third-party libraries Infersight's modules run on, each with its supported floor, and the
 * start-up check that finds them on the class path. A module checks its libraries when its first
 * listener or builder is made, before it loads any class that links against them, so that a
 * library older than the floor fails with one line that names it, the version found and the
 * version needed, and not later with a {@code NoClassDefFoundError} or {@code NoSuchMethodError}.
 *
 * <p>The version is read from the library's own metadata in the jar that holds its classes (the
 * Maven {@code pom.properties}, or the version file the library writes itself), which a Spring Boot
 * fat jar and a shaded jar keep. Where no such metadata is found the version is unknown and the
 * library passes: the check only refuses what it knows to be too old.
 *
 * <p>The floors are the versions Spring Boot 3.5.0 manages; the parent pom's {@code floor} profile
 * builds and tests the SDK on them, and a test holds the two lists equal.
 */
public final class RuntimeLibraries {

  /** One library: its Maven coordinates, supported range, a class it always has, its version file. */
  public enum Library {
    MICROMETER("io.micrometer:micrometer-core", "1.15.0", null,
        "io.micrometer.core.instrument.MeterRegistry",
        "META-INF/micrometer-core.properties", "Implementation-Version"),
    MICROMETER_PROMETHEUS("io.micrometer:micrometer-registry-prometheus", "1.15.0", null,
        "io.micrometer.prometheusmetrics.PrometheusMeterRegistry",
        "META-INF/micrometer-registry-prometheus.properties", "Implementation-Version"),
    PROMETHEUS_MODEL("io.prometheus:prometheus-metrics-model", "1.3.6", null,
        "io.prometheus.metrics.model.registry.PrometheusRegistry",
        pom("io.prometheus", "prometheus-metrics-model"), "version"),
    OPENTELEMETRY_API("io.opentelemetry:opentelemetry-api", "1.49.0", null,
        "io.opentelemetry.api.OpenTelemetry",
        "io/opentelemetry/api/version.properties", "sdk.version"),
    OPENTELEMETRY_SDK("io.opentelemetry:opentelemetry-sdk-trace", "1.49.0", null,
        "io.opentelemetry.sdk.trace.SdkTracerProvider",
        "io/opentelemetry/sdk/trace/version.properties", "sdk.version"),
    LOGBACK("ch.qos.logback:logback-classic", "1.5.18", null,
        "ch.qos.logback.classic.LoggerContext",
        pom("ch.qos.logback", "logback-classic"), "version"),
    /** 9 and later write with Jackson 3, which Infersight's decorator does not speak. */
    LOGSTASH_ENCODER("net.logstash.logback:logstash-logback-encoder", "8.1", "9",
        "net.logstash.logback.encoder.LogstashEncoder",
        pom("net.logstash.logback", "logstash-logback-encoder"), "version"),
    JACKSON_CORE("com.fasterxml.jackson.core:jackson-core", "2.19.0", null,
        "com.fasterxml.jackson.core.JsonGenerator",
        pom("com.fasterxml.jackson.core", "jackson-core"), "version"),
    JACKSON_DATABIND("com.fasterxml.jackson.core:jackson-databind", "2.19.0", null,
        "com.fasterxml.jackson.databind.ObjectMapper",
        pom("com.fasterxml.jackson.core", "jackson-databind"), "version");

    private final String coordinates;
    private final String floor;
    private final @Nullable String below;
    private final String probeClass;
    private final String versionFile;
    private final String versionKey;

    Library(String coordinates, String floor, @Nullable String below, String probeClass, String versionFile,
        String versionKey) {
      this.coordinates = coordinates;
      this.floor = floor;
      this.below = below;
      this.probeClass = probeClass;
      this.versionFile = versionFile;
      this.versionKey = versionKey;
    }

    /** {@code groupId:artifactId}. */
    public String coordinates() {
      return coordinates;
    }

    /** The oldest supported version. */
    public String floor() {
      return floor;
    }

    /** The first unsupported newer version, or null when there is none. */
    public @Nullable String below() {
      return below;
    }

    private static String pom(String groupId, String artifactId) {
      return "META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
    }
  }

  private RuntimeLibraries() {}

  /**
   * Checks {@code libraries} on the class loader of {@code anchor} (a class of the calling module).
   *
   * @param module what needs them, as the message starts: "Infersight metrics"
   * @return null when all are in range or of unknown version; otherwise one line that names each
   *     library out of range, the version found and the version needed
   */
  public static @Nullable String problems(String module, Class<?> anchor, Library... libraries) {
    return problems(module, anchor.getClassLoader(), libraries);
  }

  static @Nullable String problems(String module, @Nullable ClassLoader loader, Library... libraries) {
    List<String> problems = new ArrayList<>();
    for (Library lib : libraries) {
      String problem = problem(lib, loader);
      if (problem != null) {
        problems.add(problem);
      }
    }
    if (problems.isEmpty()) {
      return null;
    }
    return module + " needs " + String.join("; and ", problems);
  }

  /** As {@link #problems}, but throws them. */
  public static void require(String module, Class<?> anchor, Library... libraries) {
    require(module, anchor.getClassLoader(), libraries);
  }

  static void require(String module, @Nullable ClassLoader loader, Library... libraries) {
    String problems = problems(module, loader, libraries);
    if (problems != null) {
      throw new IllegalStateException(problems);
    }
  }

  private static @Nullable String problem(Library lib, @Nullable ClassLoader loader) {
    String needed = lib.coordinates + " >= " + lib.floor
        + (lib.below == null ? "" : " and < " + lib.below);
    URL classFile = resource(loader, lib.probeClass.replace('.', '/') + ".class");
    if (classFile == null) {
      return needed + ", which is not on the class path";
    }
    String found = version(lib, loader, classFile);
    if (found == null) {
      return null;
    }
    if (compare(found, lib.floor) < 0 || (lib.below != null && compare(found, lib.below) >= 0)) {
      return needed + " but found " + found + " on the class path";
    }
    return null;
  }

  /** The version in the library's version file, preferring the copy in the probe class's jar. */
  static @Nullable String version(Library lib, @Nullable ClassLoader loader, URL classFile) {
    String classPath = lib.probeClass.replace('.', '/') + ".class";
    String url = classFile.toString();
    if (url.endsWith(classPath)) {
      String sameJar = url.substring(0, url.length() - classPath.length()) + lib.versionFile;
      String v = read(sameJar, lib.versionKey);
      if (v != null) {
        return v;
      }
    }
    URL any = resource(loader, lib.versionFile);
    return any == null ? null : read(any.toString(), lib.versionKey);
  }

  private static @Nullable String read(String url, String key) {
    Properties p = new Properties();
    try (InputStream in = URI.create(url).toURL().openStream()) {
      p.load(in);
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
    String v = p.getProperty(key);
    return v == null || v.isBlank() ? null : v.trim();
  }

  private static @Nullable URL resource(@Nullable ClassLoader loader, String name) {
    return loader == null ? ClassLoader.getSystemResource(name) : loader.getResource(name);
  }

  /**
   * Compares dotted versions by their numeric parts ("1.3.10" after "1.3.6"); a qualifier after the
   * numbers ("-alpha", "-SNAPSHOT", ".RELEASE") is ignored, and a missing part counts as 0.
   */
  static int compare(String a, String b) {
    int[] x = numbers(a);
    int[] y = numbers(b);
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      int xi = i < x.length ? x[i] : 0;
      int yi = i < y.length ? y[i] : 0;
      if (xi != yi) {
        return Integer.compare(xi, yi);
      }
    }
    return 0;
  }

  private static int[] numbers(String version) {
    List<Integer> parts = new ArrayList<>();
    int value = -1;
    for (int i = 0; i < version.length(); i++) {
      char c = version.charAt(i);
      if (c >= '0' && c <= '9') {
        value = (value < 0 ? 0 : value * 10) + (c - '0');
        if (value > 100_000_000) {
          break;
        }
      } else if (c == '.' && value >= 0) {
        parts.add(value);
        value = -1;
      } else {
        break;
      }
    }
    if (value >= 0) {
      parts.add(value);
    }
    int[] out = new int[parts.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = parts.get(i);
    }
    return out;
  }
}
