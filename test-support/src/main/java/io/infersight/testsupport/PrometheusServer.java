package io.infersight.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * A real Prometheus server (Debian's package) on loopback, started and stopped by a test. Find
 * the binary with {@code Required.tool("prometheus", ...)}. Its query results are Jackson trees:
 * a module that uses this class has {@code jackson-databind} among its test dependencies (this
 * module declares it optional, so that modules that never start Prometheus do not get it).
 */
public final class PrometheusServer implements AutoCloseable {
  private final Process process;
  private final URI base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ObjectMapper json = new ObjectMapper();
  private final Path log;

  private PrometheusServer(Process process, URI base, Path log) {
    this.process = process;
    this.base = base;
    this.log = log;
  }

  /**
   * Starts Prometheus scraping {@code target} (host:port, path /metrics) every second with
   * {@code rules} loaded, evaluated every second.
   */
  public static PrometheusServer start(Path binary, String target, Path rules, Path workDir) throws IOException {
    return start(binary, List.of(target), rules, workDir);
  }

  /** Starts Prometheus scraping every one of {@code targets} (host:port) as one job, each an instance. */
  public static PrometheusServer start(Path binary, List<String> targets, Path rules, Path workDir)
      throws IOException {
    return start(binary, targets, rules, workDir, List.of());
  }

  /**
   * As {@link #start(Path, List, Path, Path)}, with {@code rules} optional (null: none) and extra
   * command-line flags, for example {@code --enable-feature=native-histograms}.
   */
  public static PrometheusServer start(Path binary, List<String> targets, Path rules, Path workDir,
      List<String> flags) throws IOException {
    return start(binary, "infersight-demo", "/metrics", targets, rules, workDir, flags);
  }

  /**
   * Starts Prometheus scraping {@code metricsPath} of every one of {@code targets} (host:port) every
   * second as job {@code job}, with {@code rules} optional (null: none) and extra command-line
   * flags, for example {@code --enable-feature=exemplar-storage}.
   */
  public static PrometheusServer start(Path binary, String job, String metricsPath, List<String> targets,
      Path rules, Path workDir, List<String> flags) throws IOException {
    Files.createDirectories(workDir);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path config = workDir.resolve("prometheus.yml");
    Files.writeString(config, String.join("\n",
        "global:", "  scrape_interval: 1s", "  scrape_timeout: 1s", "  evaluation_interval: 1s",
        rules == null ? "" : "rule_files:\n  - " + rules.toAbsolutePath(),
        "scrape_configs:", "  - job_name: " + job, "    metrics_path: " + metricsPath,
        "    static_configs:", "      - targets: ['" + String.join("', '", targets) + "']", ""));
    Path log = workDir.resolve("prometheus.log");
    List<String> command = new ArrayList<>(List.of(binary.toString(), "--config.file=" + config,
        "--storage.tsdb.path=" + workDir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
        "--log.level=warn"));
    command.addAll(flags);
    Process p = new ProcessBuilder(command)
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new PrometheusServer(p, URI.create("http://127.0.0.1:" + port), log);
  }

  /** The result vector of an instant query (empty when the expression has no data). */
  public JsonNode query(String promql) throws IOException, InterruptedException {
    JsonNode body = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    if (!"success".equals(body.path("status").asText())) {
      throw new AssertionError("query failed: " + promql + " -> " + body);
    }
    return body.path("data").path("result");
  }

  /** The result of an instant query evaluated at {@code time} (Unix seconds). */
  public JsonNode query(String promql, double time) throws IOException, InterruptedException {
    JsonNode body = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
        + "&time=" + String.format(java.util.Locale.ROOT, "%.3f", time));
    if (!"success".equals(body.path("status").asText())) {
      throw new AssertionError("query failed: " + promql + " -> " + body);
    }
    return body.path("data").path("result");
  }

  /** The value of an instant query's first result; fails when the expression has no data. */
  public double value(String promql) throws IOException, InterruptedException {
    JsonNode result = query(promql);
    if (result.isEmpty()) {
      throw new AssertionError("no data for " + promql);
    }
    return result.get(0).path("value").get(1).asDouble();
  }

  /**
   * The {@code trace_id} labels of the stored exemplars of {@code selector} in the last ten
   * minutes (Prometheus started with {@code --enable-feature=exemplar-storage}).
   */
  public List<String> exemplarTraceIds(String selector) throws IOException, InterruptedException {
    long now = System.currentTimeMillis() / 1000;
    JsonNode body = get("/api/v1/query_exemplars?query=" + URLEncoder.encode(selector, StandardCharsets.UTF_8)
        + "&start=" + (now - 600) + "&end=" + (now + 60));
    if (!"success".equals(body.path("status").asText())) {
      throw new AssertionError("query_exemplars failed: " + selector + " -> " + body);
    }
    List<String> ids = new ArrayList<>();
    for (JsonNode series : body.path("data")) {
      for (JsonNode e : series.path("exemplars")) {
        ids.add(e.path("labels").path("trace_id").asText());
      }
    }
    return ids;
  }

  /** The last scrape error of every active target, empty strings where the last scrape was accepted. */
  public List<String> lastScrapeErrors() throws IOException, InterruptedException {
    List<String> errors = new ArrayList<>();
    for (JsonNode target : get("/api/v1/targets").path("data").path("activeTargets")) {
      errors.add(target.path("lastError").asText());
    }
    return errors;
  }

  /** Names of alerts in state {@code firing}. */
  public List<String> firingAlerts() throws IOException, InterruptedException {
    List<String> names = new ArrayList<>();
    for (JsonNode a : get("/api/v1/alerts").path("data").path("alerts")) {
      if ("firing".equals(a.path("state").asText())) {
        names.add(a.path("labels").path("alertname").asText());
      }
    }
    return names;
  }

  /** Whether Prometheus answers its readiness check. */
  public boolean ready() {
    try {
      return http.send(HttpRequest.newBuilder(base.resolve("/-/ready")).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + pathAndQuery))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    return json.readTree(r.body());
  }

  /** The last 30 lines of Prometheus' own log, for failure messages. */
  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
