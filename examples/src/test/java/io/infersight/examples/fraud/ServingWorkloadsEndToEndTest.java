package io.infersight.examples.fraud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.infersight.testsupport.PrometheusServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The {@code batch} and {@code generate} workloads against a real Prometheus: their series pass
 * {@code promtool check metrics}, the dashboard's serving rows (the queue-wait panel among them)
 * return data, the batcher fills its batches, and the serving alerts stay quiet on healthy traffic
 * while each workload's slow-model fault fires its alert: the queue-wait alert for the batch
 * workload (slower forward passes, so requests wait longer in the batcher's queue) and the
 * time-to-first-token alert for the generate workload (a slower prefill). The shipped rules run on
 * a short clock here (rate windows of 1m and 5m shortened to 10 s, {@code for:} of 1m and 5m to
 * 3 s, evaluated every second) so that the test takes well under a minute; alerts_test.yml checks
 * them at their shipped windows.
 */
@Tag("e2e")
class ServingWorkloadsEndToEndTest {
  private static final Path DOCS = Path.of("..", "docs");
  /**
   * The serving alerts (with their model) that healthy traffic must not fire. The shipped latency
   * alert is not among them: with its 5m window shortened to 10 s, one scheduling stall of a busy
   * build machine is the p99; it is checked at its own windows in alerts_test.yml.
   */
  private static final List<String> WATCHED = List.of("GenAiTimeToFirstTokenHigh tiny-lm",
      "GenAiTimePerOutputTokenHigh tiny-lm", "InferenceQueueWaitHigh fraud-detector",
      "InferenceLatencyP99High tiny-lm");
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void batchAndGenerateWorkloadsFillTheirPanelsAndTheTtftAlertFiresOnlyUnderItsFault() throws Exception {
    Path prometheusBinary = ExternalTool.require("prometheus", "install Debian's 'prometheus' package");
    Path promtool = ExternalTool.require("promtool", "install Debian's 'prometheus' package");
    StandInGpu.install();
    Path work = Files.createTempDirectory("infersight-serving-e2e");
    Path rules = work.resolve("alerts.yml");
    Files.writeString(rules, Files.readString(DOCS.resolve("prometheus/alerts.yml"))
        .replace("interval: 15s", "interval: 1s").replace("[1m]", "[10s]").replace("[5m]", "[10s]")
        .replace("for: 1m", "for: 3s").replace("for: 5m", "for: 3s"));

    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    DemoOptions healthy = new DemoOptions(0, 20, Scenario.HEALTHY, Duration.ZERO, Duration.ZERO, null,
        Duration.ofSeconds(30));
    // Both demos train their fraud model at start: in parallel.
    CompletableFuture<DemoApp> starting = CompletableFuture.supplyAsync(() -> {
      try {
        return DemoApp.start(healthy, WorkloadOptions.of(Workload.GENERATE), quiet);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    try (DemoApp batch = DemoApp.start(healthy, WorkloadOptions.of(Workload.BATCH), quiet);
        DemoApp generate = starting.get(60, TimeUnit.SECONDS);
        PrometheusServer prometheus = PrometheusServer.start(prometheusBinary,
            List.of("127.0.0.1:" + batch.port(), "127.0.0.1:" + generate.port()), rules, work)) {
      await("prometheus ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
          .until(prometheus::ready);

      List<String> expressions = new ArrayList<>();
      Map<String, List<String>> rows = IncidentEndToEndTest.dashboardExpressions(".+", "10s");
      for (String row : IncidentEndToEndTest.SERVING_ROWS) {
        expressions.addAll(rows.get(row));
      }
      assertThat(expressions).hasSizeGreaterThanOrEqualTo(7).anyMatch(e -> e.contains("stage=\"queue\""));
      await("every serving panel returns data").atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1))
          .untilAsserted(() -> assertThat(IncidentEndToEndTest.withoutData(prometheus, expressions))
              .as("serving panels without data").isEmpty());

      for (DemoApp demo : List.of(batch, generate)) {
        assertThat(promtoolCheckMetrics(promtool, scrape(demo))).as("promtool check metrics").isBlank();
      }
      // The recording rule may not have been evaluated over batch samples yet when the panels first
      // return data (an absent series reads 0): wait for it rather than read it once.
      double[] meanBatchNow = new double[1];
      await("mean batch size under the default traffic").atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            meanBatchNow[0] = prometheus.query(
                "model_name:ml_batch_size:mean_rate1m{model_name=\"fraud-detector\"}")
                .path(0).path("value").path(1).asDouble();
            assertThat(meanBatchNow[0]).as("mean batch size under the default traffic").isGreaterThan(1.5);
          });
      double meanBatch = meanBatchNow[0];
      // Quiet for longer than the shortened `for:` (3 s) on healthy traffic.
      await("nothing fires on healthy traffic").during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofSeconds(1))
          .untilAsserted(() -> assertThat(firing(prometheus)).as("alerts firing on healthy traffic")
              .doesNotContainAnyElementsOf(WATCHED));

      // The p95 interpolates inside the 50-100 ms bucket; the share above 100 ms is the margin.
      double healthyQueueP95 = prometheus.query(
          "model_name:ml_queue_wait_seconds:p95_rate1m{model_name=\"fraud-detector\"}")
          .path(0).path("value").path(1).asDouble();
      double healthyOver100ms = prometheus.query("1 - sum(rate(ml_stage_duration_seconds_bucket{"
          + "model_name=\"fraud-detector\", stage=\"queue\", le=\"0.1\"}[10s])) / sum(rate("
          + "ml_stage_duration_seconds_count{model_name=\"fraud-detector\", stage=\"queue\"}[10s]))")
          .path(0).path("value").path(1).asDouble();

      // Each workload's fault: slower forward passes, so the batch workload's requests wait longer
      // in the batcher's queue, and a slower prefill, so the time to first token regresses.
      batch.switchScenario(Scenario.SLOW_MODEL);
      generate.switchScenario(Scenario.SLOW_MODEL);
      long faultAt = System.nanoTime();
      await("the faults' alerts fire").atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1))
          .until(() -> firing(prometheus).containsAll(
              List.of("InferenceQueueWaitHigh fraud-detector", "GenAiTimeToFirstTokenHigh tiny-lm")));
      System.out.printf("serving faults: mean batch size %.2f, queue wait p95 %.0f ms (%.1f %% over 100 ms)"
          + " before; alerts fired %.1f s after the faults%n", meanBatch, healthyQueueP95 * 1e3,
          healthyOver100ms * 100, (System.nanoTime() - faultAt) / 1e9);
      assertThat(firing(prometheus)).doesNotContain("GenAiTimePerOutputTokenHigh tiny-lm",
          "InferenceLatencyP99High tiny-lm");
    }
  }

  /** Firing alerts as "alertname model_name". */
  private static List<String> firing(PrometheusServer prometheus) throws Exception {
    List<String> out = new ArrayList<>();
    for (var alert : prometheus.query("ALERTS{alertstate=\"firing\"}")) {
      out.add(alert.path("metric").path("alertname").asText() + " "
          + alert.path("metric").path("model_name").asText());
    }
    return out;
  }

  private String scrape(DemoApp demo) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + demo.port() + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  /** What {@code promtool check metrics} prints about {@code scrape}: blank when it has nothing to say. */
  static String promtoolCheckMetrics(Path promtool, String scrape) throws Exception {
    Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
    p.getOutputStream().write(scrape.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return out;
  }
}
