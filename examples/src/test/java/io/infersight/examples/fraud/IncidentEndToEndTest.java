package io.infersight.examples.fraud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.infersight.testsupport.PrometheusServer;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The whole story against a real Prometheus: the demo serves healthy traffic while Prometheus
 * scrapes it every second with the shipped alert rules loaded; every PromQL expression of the
 * shipped dashboard returns data and nothing fires; then the cache outage is switched on and the
 * cache-miss, stale-feature and feature-drift alerts fire. The time from fault to firing is
 * written to {@code target/time-to-detect.txt}.
 */
@Tag("e2e")
class IncidentEndToEndTest {
  private static final Path DOCS = Path.of("..", "docs");

  @Test
  void healthyTrafficFillsTheDashboardQuietlyAndTheCacheOutageFiresItsAlerts() throws Exception {
    Path prometheusBinary = ExternalTool.require("prometheus", "install Debian's 'prometheus' package");
    StandInGpu.install();
    Path work = Files.createTempDirectory("infersight-e2e");
    // The shipped rules, evaluated every second instead of every 15 s so the test is short;
    // windows and `for:` durations are unchanged.
    Path rules = work.resolve("alerts.yml");
    Files.writeString(rules, Files.readString(DOCS.resolve("prometheus/alerts.yml"))
        .replace("interval: 15s", "interval: 1s"));

    DemoOptions options = new DemoOptions(0, 20, Scenario.HEALTHY, Duration.ZERO, Duration.ZERO, null,
        Duration.ofSeconds(10));
    try (DemoApp demo = DemoApp.start(options, new PrintStream(OutputStream.nullOutputStream()));
        PrometheusServer prometheus = PrometheusServer.start(prometheusBinary, "127.0.0.1:" + demo.port(),
            rules, work)) {
      await("prometheus ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
          .until(prometheus::ready);

      // Healthy: every dashboard expression returns data, and no alert fires.
      List<String> expressions = dashboardExpressions();
      assertThat(expressions).hasSizeGreaterThan(20);
      await("every dashboard query returns data").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(5))
          .untilAsserted(() -> assertThat(withoutData(prometheus, expressions))
              .as("dashboard expressions without data").isEmpty());
      // Quiet for longer than the longest `for:` of the data-quality alerts (1m), on real traffic.
      await("no alert fires during 75 s of healthy traffic").during(Duration.ofSeconds(75))
          .atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(5))
          .untilAsserted(() -> assertThat(prometheus.firingAlerts()).as("alerts firing on healthy traffic").isEmpty());
      assertThat(prometheus.query("ml_inference_requests_total{model_name=\"fraud-detector\"}")).isNotEmpty();

      // The incident.
      long faultAt = System.nanoTime();
      demo.switchScenario(Scenario.CACHE_OUTAGE);
      Map<String, Long> firedAfterMillis = new LinkedHashMap<>();
      List<String> expected = List.of("FeatureCacheMissRateHigh", "FeaturesStale", "FeatureDriftHigh");
      await("cache-outage alerts fire").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
          .untilAsserted(() -> {
            List<String> firing = prometheus.firingAlerts();
            for (String name : expected) {
              if (firing.contains(name)) {
                firedAfterMillis.putIfAbsent(name, (System.nanoTime() - faultAt) / 1_000_000);
              }
            }
            assertThat(firedAfterMillis.keySet()).containsAll(expected);
          });

      StringBuilder report = new StringBuilder("time from cache-outage fault to firing (scrape 1 s, rules"
          + " evaluated every 1 s, shipped windows and for:)\n");
      firedAfterMillis.forEach((name, ms) -> report.append(String.format("%-26s %6.1f s%n", name, ms / 1000.0)));
      Files.createDirectories(Path.of("target"));
      Files.writeString(Path.of("target", "time-to-detect.txt"), report);
      System.out.println(report);
      assertThat(firedAfterMillis.values()).allMatch(ms -> ms < Duration.ofMinutes(2).toMillis());
    }
  }

  /** The expressions of {@code expressions} whose instant query returns nothing. */
  static List<String> withoutData(PrometheusServer prometheus, List<String> expressions) throws Exception {
    List<String> empty = new ArrayList<>();
    for (String expr : expressions) {
      if (prometheus.query(expr).isEmpty()) {
        empty.add(expr);
      }
    }
    return empty;
  }

  /** The dashboard rows of the serving-pattern workloads, which the fraud workload leaves empty. */
  static final List<String> SERVING_ROWS = List.of("Batching", "Generative");

  /**
   * Every target expression of the shipped dashboard outside the serving-pattern rows, with its
   * variables filled in.
   */
  static List<String> dashboardExpressions() throws Exception {
    List<String> out = new ArrayList<>();
    dashboardExpressions("fraud-detector", "1m").forEach((row, exprs) -> {
      if (!SERVING_ROWS.contains(row)) {
        out.addAll(exprs);
      }
    });
    return out;
  }

  /** The target expressions of the shipped dashboard by row title, for {@code model}. */
  static Map<String, List<String>> dashboardExpressions(String model, String rateInterval) throws Exception {
    JsonNode dashboard = new ObjectMapper().readTree(DOCS.resolve("grafana/ml-inference.json").toFile());
    Map<String, List<String>> byRow = new LinkedHashMap<>();
    String row = "";
    for (JsonNode panel : dashboard.path("panels")) {
      if ("row".equals(panel.path("type").asText())) {
        row = panel.path("title").asText();
      }
      collect(panel, byRow.computeIfAbsent(row, r -> new ArrayList<>()), model, rateInterval);
    }
    return byRow;
  }

  private static void collect(JsonNode panel, List<String> out, String model, String rateInterval) {
    for (JsonNode nested : panel.path("panels")) {
      collect(nested, out, model, rateInterval);
    }
    for (JsonNode target : panel.path("targets")) {
      String expr = target.path("expr").asText("");
      if (!expr.isBlank()) {
        out.add(expr.replace("$model_name", model).replace("$__rate_interval", rateInterval)
            .replace("${model_name}", model));
      }
    }
  }
}
