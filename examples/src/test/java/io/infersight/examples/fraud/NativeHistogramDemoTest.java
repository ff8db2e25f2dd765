package io.infersight.examples.fraud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.infersight.testsupport.PrometheusServer;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code infersight demo --native-histograms} scraped by a real Prometheus started with {@code
 * --enable-feature=native-histograms}: the request latency arrives as a native histogram that
 * {@code histogram_quantile} and {@code histogram_count} read, while a text scrape of the same
 * {@code /metrics} still has the classic {@code _bucket} lines and passes {@code promtool check metrics}.
 */
@Tag("e2e")
class NativeHistogramDemoTest {
  private static final String SERIES = "ml_inference_duration_seconds{model_name=\"" + DemoApp.MODEL_NAME + "\"}";
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @Test
  void prometheusStoresTheDemoLatencyAsANativeHistogramAndTextScrapesKeepTheClassicBuckets(@TempDir Path work)
      throws Exception {
    Path prometheusBinary = ExternalTool.require("prometheus", "install Debian's 'prometheus' package");
    Path promtool = ExternalTool.require("promtool", "install Debian's 'prometheus' package");
    DemoOptions options = new DemoOptions(0, 50, Scenario.HEALTHY, Duration.ZERO, Duration.ZERO, null,
        Duration.ofMinutes(10)).withNativeHistograms(true);
    assertThat(DemoOptions.defaults().nativeHistograms()).as("off by default").isFalse();

    try (DemoApp demo = DemoApp.start(options, new PrintStream(OutputStream.nullOutputStream()));
        PrometheusServer prometheus = PrometheusServer.start(prometheusBinary,
            List.of("127.0.0.1:" + demo.port()), null, work, List.of("--enable-feature=native-histograms"))) {
      String count = "histogram_count(rate(" + SERIES + "[1m]))";
      String p99 = "histogram_quantile(0.99, rate(" + SERIES + "[1m]))";
      await("native histogram queries return data").atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(500)).ignoreExceptions()
          .untilAsserted(() -> {
            JsonNode rate = prometheus.query(count);
            assertThat(rate.size()).as(count + " " + prometheus.logTail()).isEqualTo(1);
            assertThat(rate.get(0).path("value").get(1).asDouble()).as(count).isPositive();
            JsonNode quantile = prometheus.query(p99);
            assertThat(quantile.size()).as(p99).isEqualTo(1);
            assertThat(quantile.get(0).path("value").get(1).asDouble()).as(p99).isPositive();
          });
      // The stored sample is one native histogram (the query API's "histogram" field), not a float.
      JsonNode raw = prometheus.query(SERIES);
      assertThat(raw.size()).as(SERIES).isEqualTo(1);
      assertThat(raw.get(0).has("histogram")).as(raw.toString()).isTrue();
      assertThat(raw.get(0).path("histogram").get(1).path("buckets").size()).as(raw.toString()).isPositive();
      // The protobuf scrape was accepted: the target is healthy.
      assertThat(prometheus.query("up").get(0).path("value").get(1).asText()).isEqualTo("1");

      // A scraper asking for text gets the classic buckets, in a form promtool accepts.
      HttpResponse<String> text = http.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + demo.port() + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(text.statusCode()).isEqualTo(200);
      assertThat(text.headers().firstValue("Content-Type")).hasValueSatisfying(
          type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
      assertThat(text.body()).contains("ml_inference_duration_seconds_bucket{")
          .contains("le=\"+Inf\"");
      assertThat(ServingWorkloadsEndToEndTest.promtoolCheckMetrics(promtool, text.body()))
          .as("promtool check metrics").isBlank();
    }
  }
}
