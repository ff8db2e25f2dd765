package io.infersight.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infersight.core.internal.RuntimeLibraries.Library;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class RuntimeLibrariesTest {
  @TempDir
  Path dir;

  @Test
  void comparesVersionsByTheirNumbers() {
    assertThat(RuntimeLibraries.compare("1.3.10", "1.3.6")).isPositive();
    assertThat(RuntimeLibraries.compare("1.49.0", "1.5.0")).isPositive();
    assertThat(RuntimeLibraries.compare("8.1.0", "8.1")).isZero();
    assertThat(RuntimeLibraries.compare("2.19.0-SNAPSHOT", "2.19.0")).isZero();
    assertThat(RuntimeLibraries.compare("1.11.0-alpha", "1.11")).isZero();
    assertThat(RuntimeLibraries.compare("9.0", "9")).isZero();
    assertThat(RuntimeLibraries.compare("1.2.1", "1.3.6")).isNegative();
  }

  @Test
  void aLibraryOlderThanItsFloorIsNamedWithTheVersionFoundAndTheVersionNeeded() throws Exception {
    library("io.prometheus.metrics.model.registry.PrometheusRegistry",
        "META-INF/maven/io.prometheus/prometheus-metrics-model/pom.properties", "version=1.2.1");

    try (URLClassLoader loader = loader()) {
      assertThat(RuntimeLibraries.problems("Infersight metrics", loader,
          Library.PROMETHEUS_MODEL))
          .isEqualTo("Infersight metrics needs io.prometheus:prometheus-metrics-model >= 1.3.6"
              + " but found 1.2.1 on the class path");
    }
  }

  @Test
  void aLibraryAtOrAboveItsFloorPasses() throws Exception {
    library("io.opentelemetry.sdk.trace.SdkTracerProvider",
        "io/opentelemetry/sdk/trace/version.properties", "sdk.version=1.49.0");
    library("io.opentelemetry.api.OpenTelemetry",
        "io/opentelemetry/api/version.properties", "sdk.version=1.55.0");

    try (URLClassLoader loader = loader()) {
      assertThat(RuntimeLibraries.problems("Infersight tracing", loader,
          Library.OPENTELEMETRY_API, Library.OPENTELEMETRY_SDK)).isNull();
    }
  }

  @Test
  void aLibraryAtOrAboveItsCeilingIsRefused() throws Exception {
    library("net.logstash.logback.encoder.LogstashEncoder",
        "META-INF/maven/net.logstash.logback/logstash-logback-encoder/pom.properties", "version=9.0");

    try (URLClassLoader loader = loader()) {
      assertThatThrownBy(() -> RuntimeLibraries.require("Infersight logging", loader,
          Library.LOGSTASH_ENCODER))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("Infersight logging needs net.logstash.logback:logstash-logback-encoder"
              + " >= 8.1 and < 9 but found 9.0 on the class path");
    }
  }

  @Test
  void everyLibraryOutOfRangeIsNamedOnOneLine() throws Exception {
    library("io.micrometer.core.instrument.MeterRegistry",
        "META-INF/micrometer-core.properties", "Implementation-Version=1.13.6");

    try (URLClassLoader loader = loader()) {
      String problems = RuntimeLibraries.problems("Infersight metrics", loader,
          Library.MICROMETER, Library.PROMETHEUS_MODEL);
      assertThat(problems).isEqualTo("Infersight metrics needs io.micrometer:micrometer-core"
          + " >= 1.15.0 but found 1.13.6 on the class path; and"
          + " io.prometheus:prometheus-metrics-model >= 1.3.6, which is not on the class path");
      assertThat(problems).doesNotContain("\n");
    }
  }

  @Test
  void aLibraryWithoutVersionMetadataPasses() throws Exception {
    library("ch.qos.logback.classic.LoggerContext", null, null);

    try (URLClassLoader loader = loader()) {
      assertThat(RuntimeLibraries.problems("Infersight logging", loader, Library.LOGBACK))
          .isNull();
    }
  }

  @Test
  void theFloorsAreTheVersionsTheFloorProfileBuildsWith() throws Exception {
    Map<String, String> floor = floorProfile();
    Map<Library, String> property = Map.of(
        Library.MICROMETER, "micrometer.version",
        Library.MICROMETER_PROMETHEUS, "micrometer.version",
        Library.PROMETHEUS_MODEL, "prometheus-metrics.version",
        Library.OPENTELEMETRY_API, "opentelemetry.version",
        Library.OPENTELEMETRY_SDK, "opentelemetry.version",
        Library.LOGBACK, "logback.version",
        Library.LOGSTASH_ENCODER, "logstash-logback-encoder.version",
        Library.JACKSON_CORE, "jackson.version",
        Library.JACKSON_DATABIND, "jackson.version");
    assertThat(property.keySet()).containsExactlyInAnyOrder(Library.values());
    property.forEach((lib, name) -> assertThat(floor.get(name)).as(lib + " (" + name + ")")
        .isNotNull().isEqualTo(lib.floor()));
  }

  /** The parent pom's top-level properties, overridden by those of its floor profile. */
  private static Map<String, String> floorProfile() throws Exception {
    Path pom = Path.of("..", "pom.xml");
    Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(pom.toFile()).getDocumentElement();
    Map<String, String> props = new HashMap<>();
    properties(child(project, "properties"), props);
    NodeList profiles = project.getElementsByTagName("profile");
    for (int i = 0; i < profiles.getLength(); i++) {
      Element profile = (Element) profiles.item(i);
      if ("floor".equals(child(profile, "id").getTextContent().trim())) {
        properties(child(profile, "properties"), props);
      }
    }
    return props;
  }

  private static void properties(Element properties, Map<String, String> into) {
    NodeList nodes = properties.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      if (nodes.item(i) instanceof Element e) {
        into.put(e.getTagName(), e.getTextContent().trim());
      }
    }
  }

  private static Element child(Element parent, String name) {
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      if (nodes.item(i) instanceof Element e && e.getTagName().equals(name)) {
        return e;
      }
    }
    throw new AssertionError("no <" + name + "> in <" + parent.getTagName() + ">");
  }

  /** Lays out a stand-in library in its own directory: the probe class file and its version file. */
  private void library(String probeClass, String versionFile, String versionLine) throws IOException {
    Path root = dir.resolve("lib" + probeClass.hashCode());
    Path classFile = root.resolve(probeClass.replace('.', '/') + ".class");
    Files.createDirectories(classFile.getParent());
    Files.write(classFile, new byte[0]);
    if (versionFile != null) {
      Path v = root.resolve(versionFile);
      Files.createDirectories(v.getParent());
      Files.writeString(v, versionLine + "\n");
    }
  }

  private URLClassLoader loader() throws IOException {
    try (var roots = Files.list(dir)) {
      URL[] urls = roots.map(p -> {
        try {
          return p.toUri().toURL();
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }).toArray(URL[]::new);
      return new URLClassLoader(urls, null);
    }
  }
}
