package io.infersight.examples.boot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infersight.testsupport.Required;
import java.io.IOException;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus (Debian's 2.42, which refuses a scrape with exemplars on {@code _count}) with
 * exemplar storage, scraping {@code /actuator/prometheus} of the application on {@code appPort}
 * every second as job {@code fraud-api}. Skipped (failed under CI) without {@code prometheus}.
 */
final class PrometheusServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Process process;
  private final HttpClient client = HttpClient.newHttpClient();
  private final String base;

  private PrometheusServer(Process process, int port) {
    this.process = process;
    this.base = "http://127.0.0.1:" + port;
  }

  static PrometheusServer scraping(int appPort, Path dir) throws IOException {
    Path prometheus = Required.tool("prometheus", "install Debian's 'prometheus' package");
    int promPort;
    try (ServerSocket s = new ServerSocket(0)) {
      promPort = s.getLocalPort();
    }
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, String.join("\n", "global:", "  scrape_interval: 1s", "  scrape_timeout: 1s",
        "scrape_configs:", "  - job_name: fraud-api", "    metrics_path: /actuator/prometheus",
        "    static_configs:", "      - targets: ['127.0.0.1:" + appPort + "']", ""));
    Process process = new ProcessBuilder(prometheus.toString(), "--config.file=" + config,
        "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + promPort,
        "--enable-feature=exemplar-storage", "--log.level=warn")
        .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    return new PrometheusServer(process, promPort);
  }

  /** The value of an instant query's first result. */
  double queryValue(String promql) throws IOException, InterruptedException {
    return get("/api/v1/query?query=" + enc(promql)).path("data").path("result").get(0).path("value").get(1).asDouble();
  }

  /** The {@code trace_id} labels of the stored exemplars of {@code selector} (last ten minutes). */
  List<String> exemplarTraceIds(String selector) throws IOException, InterruptedException {
    long now = System.currentTimeMillis() / 1000;
    JsonNode ex = get("/api/v1/query_exemplars?query=" + enc(selector) + "&start=" + (now - 600) + "&end=" + (now + 60));
    if (!"success".equals(ex.path("status").asText())) {
      throw new AssertionError("query_exemplars failed: " + ex);
    }
    List<String> ids = new ArrayList<>();
    for (JsonNode series : ex.path("data")) {
      for (JsonNode e : series.path("exemplars")) {
        ids.add(e.path("labels").path("trace_id").asText());
      }
    }
    return ids;
  }

  /** The scrape error of the (only) target, empty when the last scrape was accepted. */
  String lastScrapeError() throws IOException, InterruptedException {
    return get("/api/v1/targets").path("data").path("activeTargets").get(0).path("lastError").asText();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body());
  }
}
