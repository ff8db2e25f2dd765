package io.infersight.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infersight.testsupport.Required;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Value;

/**
 * A real Prometheus (Debian's 2.42, which refuses a scrape with exemplars on {@code _count}) with
 * exemplar storage on scrapes {@code /actuator/prometheus} of the application: the target is up,
 * the ml_* series arrive, and their exemplars are stored.
 */
@FraudAppTest
class RealPrometheusScrapeTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Value("${local.server.port}")
  int port;

  @Test
  void prometheusScrapesTheActuatorEndpointWithExemplars(@TempDir Path dir) throws Exception {
    Path prometheus = Required.tool("prometheus", "install Debian's 'prometheus' package");
    Http http = new Http(port);
    for (int i = 0; i < 20; i++) {
      assertThat(http.predict("scrape-" + i, "user-" + (i % 4), 15 + i).statusCode()).isEqualTo(200);
    }
    int promPort;
    try (ServerSocket s = new ServerSocket(0)) {
      promPort = s.getLocalPort();
    }
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, String.join("\n", "global:", "  scrape_interval: 1s", "  scrape_timeout: 1s",
        "scrape_configs:", "  - job_name: fraud-api", "    metrics_path: /actuator/prometheus",
        "    static_configs:", "      - targets: ['127.0.0.1:" + port + "']", ""));
    Process process = new ProcessBuilder(prometheus.toString(), "--config.file=" + config,
        "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + promPort,
        "--enable-feature=exemplar-storage", "--log.level=warn")
        .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    HttpClient client = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + promPort;
    try {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
          .untilAsserted(() -> {
            JsonNode up = get(client, base + "/api/v1/query?query=" + enc("up{job=\"fraud-api\"}"));
            assertThat(up.path("data").path("result").get(0).path("value").get(1).asText()).isEqualTo("1");
            JsonNode requests = get(client, base + "/api/v1/query?query="
                + enc("sum(ml_inference_requests_total{model_name=\"fraud-detector\"})"));
            // At least this test's 20: the context (and its counters) is shared with FraudApplicationTest.
            assertThat(requests.path("data").path("result").get(0).path("value").get(1).asDouble())
                .isGreaterThanOrEqualTo(20.0);
          });
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
          .untilAsserted(() -> {
            long now = System.currentTimeMillis() / 1000;
            JsonNode ex = get(client, base + "/api/v1/query_exemplars?query="
                + enc("ml_inference_duration_seconds_bucket{model_name=\"fraud-detector\"}")
                + "&start=" + (now - 600) + "&end=" + (now + 60));
            assertThat(ex.path("status").asText()).isEqualTo("success");
            JsonNode first = ex.path("data").get(0).path("exemplars").get(0);
            assertThat(first.path("labels").path("trace_id").asText()).matches("[0-9a-f]{32}");
          });
      JsonNode targets = get(client, base + "/api/v1/targets");
      assertThat(targets.path("data").path("activeTargets").get(0).path("lastError").asText()).isEmpty();
    } finally {
      process.destroy();
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static JsonNode get(HttpClient client, String url) throws Exception {
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body());
  }
}
