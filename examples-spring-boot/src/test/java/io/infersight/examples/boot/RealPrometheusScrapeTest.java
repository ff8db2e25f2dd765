package io.infersight.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.infersight.testsupport.PrometheusServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Value;

/**
 * A real Prometheus (Debian's 2.42, which refuses a scrape with exemplars on {@code _count}) with
 * exemplar storage scrapes {@code /actuator/prometheus} of the application: the target is up,
 * the ml_* series arrive, and their exemplars are stored. With Boot's own tracing:
 * BootTracingExemplarsTest.
 */
@FraudAppTest
class RealPrometheusScrapeTest {
  @Value("${local.server.port}")
  int port;

  @Test
  void prometheusScrapesTheActuatorEndpointWithExemplars(@TempDir Path dir) throws Exception {
    Http http = new Http(port);
    for (int i = 0; i < 20; i++) {
      assertThat(http.predict("scrape-" + i, "user-" + (i % 4), 15 + i).statusCode()).isEqualTo(200);
    }
    try (PrometheusServer prometheus = ActuatorPrometheus.scraping(port, dir)) {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
          .untilAsserted(() -> {
            assertThat(prometheus.value("up{job=\"fraud-api\"}")).isEqualTo(1.0);
            // At least this test's 20: the context (and its counters) is shared with FraudApplicationTest.
            assertThat(prometheus.value("sum(ml_inference_requests_total{model_name=\"fraud-detector\"})"))
                .isGreaterThanOrEqualTo(20.0);
          });
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
          .untilAsserted(() -> assertThat(prometheus.exemplarTraceIds(
              "ml_inference_duration_seconds_bucket{model_name=\"fraud-detector\"}"))
              .isNotEmpty().allMatch(id -> id.matches("[0-9a-f]{32}")));
      assertThat(prometheus.lastScrapeErrors()).containsExactly("");
    }
  }
}
