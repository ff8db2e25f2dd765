package io.infersight.examples.fraud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.infersight.testsupport.PrometheusServer;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Fleet drift against a real Prometheus: three demo servers in this JVM (each its own observer,
 * drift monitor and Prometheus registry, on its own loopback port: three replicas of one model)
 * are scraped every second by one Prometheus that evaluates the shipped {@code
 * infersight-fleet-drift} rule group. Healthy traffic gives a fleet PSI and no fleet alert; after
 * the cache outage on every replica {@code FleetFeatureDriftHigh} fires, and the recorded
 * {@code ml_fleet_feature_psi} (and {@code ml_fleet_prediction_psi}) equals the PSI recomputed
 * here, with drift-report's definition, from the raw per-bin counter samples of all three.
 *
 * <p>Scaled for a test as {@link IncidentEndToEndTest} is: rules evaluated every second; the
 * 10-minute window becomes 1 minute and {@code for: 2m} becomes 10 s (the expressions are
 * otherwise the shipped ones).
 */
@Tag("e2e")
class FleetDriftEndToEndTest {
  private static final Path DOCS = Path.of("..", "docs");
  private static final String GROUP = "  - name: infersight-fleet-drift";
  private static final String MODEL = "model_name=\"" + DemoApp.MODEL_NAME + "\"";

  @Test
  void threeReplicasPooledInPrometheusQuietWhenHealthyAndFiringAfterTheCacheOutage() throws Exception {
    Path prometheusBinary = ExternalTool.require("prometheus", "install Debian's 'prometheus' package");
    Path work = Files.createTempDirectory("infersight-fleet-e2e");
    Path rules = work.resolve("fleet.yml");
    Files.writeString(rules, "groups:\n" + fleetGroup(Files.readString(DOCS.resolve("prometheus/alerts.yml")))
        .replace("interval: 15s", "interval: 1s").replace("[10m]", "[1m]").replace("for: 2m", "for: 10s"));

    List<DemoApp> replicas = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        replicas.add(DemoApp.start(new DemoOptions(0, 20, Scenario.HEALTHY, Duration.ZERO, Duration.ZERO, null,
            Duration.ofSeconds(10)), new PrintStream(OutputStream.nullOutputStream())));
      }
      List<String> targets = replicas.stream().map(r -> "127.0.0.1:" + r.port()).toList();
      try (PrometheusServer prometheus = PrometheusServer.start(prometheusBinary, targets, rules, work)) {
        await("prometheus ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
            .until(prometheus::ready);

        // Healthy: the fleet PSI appears (over the 500-value guard) for the three replicas pooled.
        await("fleet PSI recorded").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
            .untilAsserted(() -> {
              assertThat(prometheus.query("count(count by (instance) (ml_feature_bin_total{" + MODEL + "}))"))
                  .singleElement().satisfies(r -> assertThat(r.path("value").get(1).asText()).isEqualTo("3"));
              assertThat(prometheus.query("ml_fleet_feature_psi{" + MODEL + "}")).isNotEmpty();
              assertThat(prometheus.query("ml_fleet_prediction_psi{" + MODEL + "}")).isNotEmpty();
            });
        // Quiet for twice the scaled `for:` on healthy traffic.
        await("no fleet alert on healthy traffic").during(Duration.ofSeconds(20)).atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofSeconds(2))
            .untilAsserted(() -> assertThat(prometheus.firingAlerts()).as("alerts firing on healthy traffic")
                .doesNotContain("FleetFeatureDriftHigh", "FleetPredictionDriftHigh"));
        assertThat(maxValue(prometheus.query("ml_fleet_feature_psi{" + MODEL + "}"))).isLessThan(0.2);

        // The incident, on every replica.
        replicas.forEach(r -> r.switchScenario(Scenario.CACHE_OUTAGE));
        await("FleetFeatureDriftHigh fires").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
            .untilAsserted(() -> assertThat(prometheus.firingAlerts()).contains("FleetFeatureDriftHigh"));

        JsonNode worst = null;
        for (JsonNode series : prometheus.query("ml_fleet_feature_psi{" + MODEL + "} > 0.2")) {
          if (worst == null || value(series) > value(worst)) {
            worst = series;
          }
        }
        assertThat(worst).as("a feature over 0.2").isNotNull();
        String feature = "feature=\"" + worst.path("metric").path("feature").asText() + "\"";
        assertRecordedPsiIsThePooledPsi(prometheus, "ml_fleet_feature_psi{" + MODEL + ", " + feature + "}",
            "ml_feature_bin_total{" + MODEL + ", " + feature + "}",
            "ml_feature_reference_ratio{" + MODEL + ", " + feature + "}");
        assertRecordedPsiIsThePooledPsi(prometheus, "ml_fleet_prediction_psi{" + MODEL + "}",
            "ml_prediction_score_bin_total{" + MODEL + "}", "ml_prediction_score_reference_ratio{" + MODEL + "}");
      }
    } finally {
      replicas.forEach(DemoApp::close);
    }
  }

  /**
   * Recomputes the PSI the rules recorded at their last evaluation T: the pooled per-bin counts
   * are, for every replica's series, its last raw sample in (T − 1m, T] minus its first, summed
   * over replicas; then drift-report's PSI (proportions of 0 replaced by 0.0001). The rule's
   * increase() extrapolates each series to the window's edges, hence the 3 % tolerance.
   */
  private static void assertRecordedPsiIsThePooledPsi(PrometheusServer prometheus, String recorded, String bins,
      String reference) throws Exception {
    JsonNode at = prometheus.query("timestamp(" + recorded + ")");
    assertThat(at).as(recorded).singleElement();
    double t = value(at.get(0));
    double psi = value(prometheus.query(recorded, t).get(0));

    Map<String, Double> pooled = new TreeMap<>();
    for (JsonNode series : prometheus.query(bins + "[1m]", t)) {
      JsonNode values = series.path("values");
      assertThat(values.size()).as("samples of %s", series.path("metric")).isGreaterThan(30);
      double delta = values.get(values.size() - 1).get(1).asDouble() - values.get(0).get(1).asDouble();
      pooled.merge(series.path("metric").path("bin").asText(), delta, Double::sum);
    }
    Map<String, Double> shares = new TreeMap<>();
    for (JsonNode series : prometheus.query(reference, t)) {
      shares.put(series.path("metric").path("bin").asText(), value(series)); // the same on every replica
    }
    assertThat(pooled.keySet()).isEqualTo(shares.keySet());
    double total = pooled.values().stream().mapToDouble(Double::doubleValue).sum();
    assertThat(total).isGreaterThanOrEqualTo(500);
    double expected = 0;
    for (Map.Entry<String, Double> e : shares.entrySet()) {
      double c = pooled.get(e.getKey()) / total;
      c = c == 0 ? 0.0001 : c;
      double r = e.getValue() == 0 ? 0.0001 : e.getValue();
      expected += (c - r) * Math.log(c / r);
    }
    System.out.printf("%s = %.5f; recomputed from %d pooled values: %.5f%n", recorded, psi, (long) total, expected);
    assertThat(psi).as(recorded).isCloseTo(expected, within(Math.max(0.03 * expected, 0.005)));
  }

  /** The shipped fleet group: from its header to the next group or the end of the file. */
  static String fleetGroup(String alerts) {
    int start = alerts.indexOf(GROUP);
    assertThat(start).as("group infersight-fleet-drift in alerts.yml").isNotNegative();
    int next = alerts.indexOf("\n  - name: ", start + GROUP.length());
    return next < 0 ? alerts.substring(start) : alerts.substring(start, next + 1);
  }

  private static double value(JsonNode sample) {
    return sample.path("value").get(1).asDouble();
  }

  private static double maxValue(JsonNode result) {
    double max = Double.NEGATIVE_INFINITY;
    for (JsonNode s : result) {
      max = Math.max(max, value(s));
    }
    return max;
  }
}
