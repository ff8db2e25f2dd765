package io.infersight.metrics;

import io.infersight.testing.FakeClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.infersight.core.Inference;
import io.infersight.core.InferenceObserver;
import io.infersight.core.Stage;
import io.infersight.testsupport.PrometheusServer;
import io.infersight.testsupport.Required;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real Prometheus server scrapes the endpoint; its query API must agree with what was recorded. */
class RealPrometheusTest {

  /** The tool on the PATH; skipped locally when absent, a failure under CI=true. */
  static Path requireTool(String name) {
    return Required.tool(name, "Debian package 'prometheus' has it; .ci/run installs it");
  }

  @Test
  void promtoolFindsNoProblemInTheScrape() throws Exception {
    PrometheusMeterRegistry registry = Registries.prometheus();
    record(registry, FakeClock.create(), 10, 0);
    assertPromtoolAccepts(registry.scrape());
  }

  /** {@code promtool check metrics} reports nothing on {@code scrape}. */
  static void assertPromtoolAccepts(String scrape) throws Exception {
    Path promtool = requireTool("promtool");
    Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
    p.getOutputStream().write(scrape.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(output).as("promtool output").isBlank();
    assertThat(p.exitValue()).isZero();
  }

  @Test
  void prometheusReadsTheSameCountsAndQuantiles(@TempDir Path dir) throws Exception {
    PrometheusMeterRegistry registry = InfersightMetrics.prometheusRegistry();
    record(registry, FakeClock.create(), 90, 10);
    try (MetricsServer server = InfersightMetrics.serve(registry,
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        PrometheusServer prometheus = PrometheusServer.start(requireTool("prometheus"),
            List.of("127.0.0.1:" + server.port()), null, dir, List.of())) {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
          .ignoreExceptions()
          .untilAsserted(() -> assertThat(query(prometheus, "sum(ml_inference_requests_total{model_name=\"fraud\"})"))
              .isEqualTo(100.0));
      assertThat(query(prometheus, "ml_inference_requests_total{model_name=\"fraud\",status=\"error\"}")).isEqualTo(10.0);
      // All 100 requests took 30 ms: within (0.025, 0.05], so Prometheus interpolates linearly.
      String quantile = "histogram_quantile(%s, sum by (le) (ml_inference_duration_seconds_bucket{model_name=\"fraud\"}))";
      assertThat(query(prometheus, String.format(quantile, "0.5"))).isCloseTo(0.0375, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(query(prometheus, String.format(quantile, "0.99"))).isCloseTo(0.04975, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(query(prometheus, "ml_prediction_score_count{model_name=\"fraud\"}")).isEqualTo(100.0);
      assertThat(query(prometheus, "ml_model_info{model_name=\"fraud\"}")).isEqualTo(1.0);
    }
  }

  private static void record(PrometheusMeterRegistry registry, FakeClock clock, int ok, int failed) {
    // Traced requests, so the OpenMetrics scrape Prometheus reads carries exemplars.
    InferenceObserver observer = InferenceObserver.builder().model("fraud", "2.1.0", "abc123").clock(clock)
        .addListener(new ExemplarTest.TraceStub(true))
        .addListener(InfersightMetrics.listener(registry)).build();
    for (int i = 0; i < ok + failed; i++) {
      try (Inference inf = observer.start()) {
        inf.stage(Stage.FEATURES, () -> clock.advanceMillis(10));
        inf.cacheHit(i % 2 == 0).featureAgeMillis(1_000).batchSize(1).scores(0.85);
        inf.stage(Stage.FORWARD, () -> clock.advanceMillis(20));
        if (i >= ok) {
          inf.fail(new IllegalStateException("failed"));
        }
      }
    }
  }

  /** The value of the one series {@code promql} returns. */
  private static double query(PrometheusServer prometheus, String promql) throws Exception {
    JsonNode result = prometheus.query(promql);
    assertThat(result.size()).as("series of " + promql + ": " + result).isEqualTo(1);
    return Double.parseDouble(result.get(0).path("value").get(1).asText());
  }
}
