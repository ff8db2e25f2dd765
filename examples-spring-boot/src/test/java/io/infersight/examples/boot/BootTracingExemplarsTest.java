package io.infersight.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.infersight.testsupport.PrometheusServer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The fraud application with Boot's own tracing (micrometer-tracing-bridge-otel, Boot's
 * OpenTelemetry SDK, Boot's sampler): Boot traces every HTTP exchange and exports the spans
 * through its span processor to the application's {@link SpanExporter} bean; Infersight's
 * {@code ml.inference} spans join those traces. The exemplars of the ml_* histograms on {@code
 * /actuator/prometheus} carry the IDs of exported traces, never on {@code _count}, and a real
 * Prometheus 2.42 accepts the scrape and stores them.
 *
 * <p>It runs in a surefire execution of its own (see the pom): the other tests run without Boot's
 * tracing on the class path, as the application ships; selected there by name, it is skipped.
 */
@EnabledIfSystemProperty(named = "infersight.boot-tracing", matches = "true",
    disabledReason = "runs in the pom's boot-tracing surefire execution, with Boot's tracing on the class path")
@SpringBootTest(classes = {FraudApplication.class, BootTracingExemplarsTest.Exported.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        // Boot 3.5's tests turn tracing and metrics export off otherwise.
        "spring.test.observability.auto-configure=true",
        "management.tracing.sampling.probability=1.0",
        "management.prometheus.metrics.export.enabled=true"})
class BootTracingExemplarsTest {
  private static final Pattern EXEMPLAR_TRACE = Pattern.compile("# \\{[^}]*trace_id=\"([0-9a-f]{32})\"");

  @Value("${local.server.port}")
  int port;
  @Autowired
  ApplicationContext context;
  @Autowired
  InMemorySpanExporter exporter;

  @Test
  void exemplarsOfTheMlHistogramsCarryTheTracesBootExported(@TempDir Path dir) throws Exception {
    assertThat(context.getBean(io.micrometer.tracing.Tracer.class).getClass().getName())
        .as("Boot's tracer").isEqualTo("io.micrometer.tracing.otel.bridge.OtelTracer");
    Http http = new Http(port);
    for (int i = 0; i < 10; i++) {
      assertThat(http.predict("boot-trace-" + i, "user-" + (i % 3), 20 + i).statusCode()).isEqualTo(200);
    }
    String om = http.get("/actuator/prometheus", "application/openmetrics-text;version=1.0.0;q=0.9,text/plain;q=0.5").body();
    List<String> ml = om.lines().filter(l -> l.startsWith("ml_")).collect(Collectors.toList());
    assertThat(ml).filteredOn(l -> l.contains("_count{") || l.contains("_count ")).noneMatch(l -> l.contains("# {"));
    List<String> exemplarTraces = traceIds(ml.stream().filter(l -> l.startsWith("ml_inference_duration_seconds_bucket")));
    assertThat(exemplarTraces).isNotEmpty();
    // Boot exported those traces, each with its HTTP server span and Infersight's ml.inference span.
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      for (String trace : exemplarTraces) {
        List<SpanData> spans = exported(trace);
        assertThat(spans).as("exported spans of trace " + trace).anyMatch(s -> s.getKind() == SpanKind.SERVER)
            .anyMatch(s -> s.getName().equals("ml.inference"));
      }
    });
    assertThat(traceIds(ml.stream())).allMatch(id -> !exported(id).isEmpty());

    try (PrometheusServer prometheus = ActuatorPrometheus.scraping(port, dir)) {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
          .untilAsserted(() -> {
            assertThat(prometheus.value("up{job=\"fraud-api\"}")).isEqualTo(1.0);
            List<String> stored = prometheus.exemplarTraceIds(
                "ml_inference_duration_seconds_bucket{model_name=\"fraud-detector\"}");
            assertThat(stored).isNotEmpty().allMatch(id -> !exported(id).isEmpty());
          });
      assertThat(prometheus.lastScrapeErrors()).containsExactly("");
    }
  }

  private List<SpanData> exported(String traceId) {
    return exporter.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId))
        .collect(Collectors.toList());
  }

  private static List<String> traceIds(java.util.stream.Stream<String> lines) {
    List<String> ids = new ArrayList<>();
    lines.forEach(l -> {
      Matcher m = EXEMPLAR_TRACE.matcher(l);
      if (m.find()) {
        ids.add(m.group(1));
      }
    });
    return ids;
  }

  @TestConfiguration(proxyBeanMethods = false)
  static class Exported {
    /** The application's span exporter: keeps what Boot's span processor exports. */
    @Bean
    InMemorySpanExporter inMemorySpanExporter() {
      return InMemorySpanExporter.create();
    }
  }
}
