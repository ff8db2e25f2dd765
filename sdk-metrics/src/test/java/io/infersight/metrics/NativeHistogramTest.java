package io.infersight.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.infersight.core.Inference;
import io.infersight.core.InferenceObserver;
import io.infersight.core.Stage;
import io.infersight.testing.FakeClock;
import io.infersight.testsupport.PrometheusServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.NativeHistogramBucket;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Native histograms of the latency series: bucket layout, bounded size, the formats, a real Prometheus. */
class NativeHistogramTest {
  private static final String DURATION = "ml_inference_duration_seconds";

  private static InferenceObserver observer(PrometheusMeterRegistry registry, FakeClock clock,
      boolean nativeOn) {
    return InferenceObserver.builder().model("fraud", "2.1.0").clock(clock)
        .addListener(InfersightMetrics.listenerBuilder(registry).nativeHistograms(nativeOn).build()).build();
  }

  /** One request: features for {@code featureMillis}, forward for {@code forwardMillis}. */
  private static void request(InferenceObserver observer, FakeClock clock, long featureMillis,
      long forwardMillis) {
    try (Inference inf = observer.start()) {
      inf.stage(Stage.FEATURES, () -> clock.advanceMillis(featureMillis));
      inf.cacheHit(true);
      inf.stage(Stage.FORWARD, () -> clock.advanceMillis(forwardMillis));
    }
  }

  private static HistogramDataPointSnapshot point(PrometheusMeterRegistry registry, String name) {
    return point(registry, name, null);
  }

  /** The data point of histogram {@code name}, of the given {@code stage} label when not null. */
  private static HistogramDataPointSnapshot point(PrometheusMeterRegistry registry, String name,
      String stage) {
    for (MetricSnapshot s : registry.getPrometheusRegistry().scrape()) {
      if (s.getMetadata().getPrometheusName().equals(name) && s instanceof HistogramSnapshot h) {
        for (HistogramDataPointSnapshot p : h.getDataPoints()) {
          if (stage == null || stage.equals(p.getLabels().get("stage"))) {
            return p;
          }
        }
      }
    }
    throw new AssertionError("no histogram " + name + " " + stage);
  }

  @Test
  void bucketsFollowPrometheusExponentialBoundsAtSchemaThree() {
    PrometheusMeterRegistry registry = Registries.prometheusWithExemplars();
    FakeClock clock = FakeClock.create();
    InferenceObserver observer = observer(registry, clock, true);
    request(observer, clock, 0, 1_000);   // total 1 s: exactly 2^0, the upper bound of bucket 0
    request(observer, clock, 0, 500);     // 0.5 s = 2^-1: bucket -8
    request(observer, clock, 10, 20);     // 0.03 s: log2 = -5.06, times 8 = -40.47: bucket -40
    HistogramDataPointSnapshot p = point(registry, DURATION);
    assertThat(p.hasNativeHistogramData()).isTrue();
    assertThat(p.hasClassicHistogramData()).isTrue();
    assertThat(p.getNativeSchema()).isEqualTo(3);
    assertThat(p.getNativeBucketsForPositiveValues().stream().map(NativeHistogramBucket::getBucketIndex))
        .containsExactly(-40, -8, 0);
    assertThat(p.getNativeBucketsForPositiveValues().stream().map(NativeHistogramBucket::getCount))
        .containsExactly(1L, 1L, 1L);
    assertThat(p.getNativeZeroCount()).isZero();
    assertThat(p.getCount()).isEqualTo(3);
    // A stage that took no time at all lands in the zero bucket: the two 0 ms feature stages above.
    HistogramDataPointSnapshot features = point(registry, "ml_stage_duration_seconds", "features");
    assertThat(features.getNativeZeroCount()).isEqualTo(2);
    assertThat(features.getNativeZeroThreshold()).isEqualTo(Math.scalb(1.0, -20));
  }

  @Test
  void bucketCountIsBoundedByMergingNeighboursAtTheScrape() {
    PrometheusMeterRegistry registry = Registries.prometheusWithExemplars();
    FakeClock clock = FakeClock.create();
    InferenceObserver observer = InferenceObserver.builder().model("fraud", "2.1.0").clock(clock)
        .addListener(InfersightMetrics.listenerBuilder(registry).nativeHistograms(true)
            .nativeHistogramMaxBuckets(8).build()).build();
    // 1 ms to 2 s in 2% steps: about 380 values over 11 powers of two, 88 buckets at schema 3.
    int n = 0;
    for (double ms = 1; ms < 2_000; ms *= 1.02) {
      long micros = (long) (ms * 1000);
      try (Inference inf = observer.start()) {
        inf.stage(Stage.FORWARD, () -> clock.advance(Duration.ofNanos(micros * 1000)));
      }
      n++;
    }
    HistogramDataPointSnapshot p = point(registry, DURATION);
    assertThat(p.getNativeBucketsForPositiveValues().size()).isLessThanOrEqualTo(8);
    assertThat(p.getNativeSchema()).isLessThan(3);
    assertThat(p.getCount()).isEqualTo(n);
    long nativeTotal = p.getNativeZeroCount();
    for (NativeHistogramBucket b : p.getNativeBucketsForPositiveValues()) {
      nativeTotal += b.getCount();
    }
    assertThat(nativeTotal).isEqualTo(n);
  }

  @Test
  void scrapesDuringConcurrentRecordingAreAcceptedAndNeverGoBackwards() throws Exception {
    PrometheusMeterRegistry registry = InfersightMetrics.prometheusRegistry();
    InferenceObserver observer = InferenceObserver.builder().model("fraud", "2.1.0")
        .addListener(InfersightMetrics.listenerBuilder(registry).nativeHistograms(true).build()).build();
    AtomicBoolean running = new AtomicBoolean(true);
    Runnable work = () -> {
      while (running.get()) {
        try (Inference inf = observer.start()) {
          inf.stage(Stage.FORWARD, () -> { });
        }
      }
    };
    Thread a = new Thread(work, "native-writer-a");
    Thread b = new Thread(work, "native-writer-b");
    a.start();
    b.start();
    long last = 0;
    try {
      for (int i = 0; i < 200; i++) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        registry.scrape(out, MetricsServer.PROTOBUF);   // throws if classic and native counts differ
        HistogramDataPointSnapshot p = point(registry, DURATION);
        assertThat(p.getCount()).isGreaterThanOrEqualTo(last);
        last = p.getCount();
      }
    } finally {
      running.set(false);
      a.join(5_000);
      b.join(5_000);
    }
    assertThat(last).isPositive();
  }

  @Test
  void settingsAreValidatedWithTheirNames() {
    PrometheusMeterRegistry registry = Registries.prometheus();
    assertThatThrownBy(() -> InfersightMetrics.listenerBuilder(registry).nativeHistogramSchema(6))
        .hasMessageContaining("nativeHistogramSchema");
    assertThatThrownBy(() -> InfersightMetrics.listenerBuilder(registry).nativeHistogramMaxBuckets(2))
        .hasMessageContaining("nativeHistogramMaxBuckets");
  }

  @Test
  void textAndOpenMetricsScrapesAreTheSameWithNativeBucketsOnAndPromtoolAcceptsThem() throws Exception {
    PrometheusMeterRegistry classic = Registries.prometheus();
    PrometheusMeterRegistry both = Registries.prometheus();
    FakeClock c1 = FakeClock.create();
    FakeClock c2 = FakeClock.create();
    InferenceObserver o1 = observer(classic, c1, false);
    InferenceObserver o2 = observer(both, c2, true);
    for (int i = 0; i < 50; i++) {
      request(o1, c1, i % 7, 3 + i);
      request(o2, c2, i % 7, 3 + i);
    }
    assertThat(both.scrape()).isEqualTo(classic.scrape());
    String openMetrics = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    assertThat(both.scrape(openMetrics)).isEqualTo(classic.scrape(openMetrics));
    assertThat(both.scrape()).contains(DURATION + "_bucket{");

    RealPrometheusTest.assertPromtoolAccepts(both.scrape());
  }

  @Test
  void theEndpointAnswersProtobufWhenAskedForIt() throws Exception {
    PrometheusMeterRegistry registry = InfersightMetrics.prometheusRegistry();
    FakeClock clock = FakeClock.create();
    request(observer(registry, clock, true), clock, 5, 25);
    try (MetricsServer server = InfersightMetrics.serve(registry,
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
          .header("Accept", "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;"
              + "encoding=delimited;q=0.5,application/openmetrics-text;version=1.0.0;q=0.4")
          .build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type").orElse(""))
          .startsWith("application/vnd.google.protobuf").contains("encoding=delimited");
      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      registry.scrape(expected, MetricsServer.PROTOBUF);
      assertThat(r.body()).isEqualTo(expected.toByteArray());
      assertThat(new String(r.body(), StandardCharsets.ISO_8859_1)).contains(DURATION);
    }
  }

  @Test
  void prometheusWithNativeHistogramsStoresTheRequestLatencyAsOneNativeSeries(@TempDir Path dir)
      throws Exception {
    Path binary = RealPrometheusTest.requireTool("prometheus");
    PrometheusMeterRegistry registry = InfersightMetrics.prometheusRegistry();
    FakeClock clock = FakeClock.create();
    // Traced requests: the protobuf scrape carries exemplars too, which Prometheus must accept.
    InferenceObserver observer = InferenceObserver.builder().model("fraud", "2.1.0").clock(clock)
        .addListener(new ExemplarTest.TraceStub(true))
        .addListener(InfersightMetrics.listenerBuilder(registry).nativeHistograms(true).build()).build();
    AtomicBoolean running = new AtomicBoolean(true);
    // Requests keep arriving, so rate() over the scrapes sees them: every one takes 30 ms.
    Thread traffic = new Thread(() -> {
      while (running.get()) {
        request(observer, clock, 10, 20);
        try {
          Thread.sleep(5); // pacing of the generated traffic, not a wait for a result
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "native-histogram-traffic");
    traffic.setDaemon(true);
    try (MetricsServer server = InfersightMetrics.serve(registry,
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      traffic.start();
      try (PrometheusServer prometheus = PrometheusServer.start(binary,
          List.of("127.0.0.1:" + server.port()), null, dir, List.of("--enable-feature=native-histograms"))) {
        String q99 = "histogram_quantile(0.99, rate(" + DURATION + "{model_name=\"fraud\"}[1m]))";
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
            .untilAsserted(() -> {
              JsonNode result = prometheus.query(q99);
              assertThat(result.size()).as(q99 + " " + prometheus.logTail()).isEqualTo(1);
              // 30 ms lies in the schema-3 bucket (0.02866, 0.03125] s.
              assertThat(result.get(0).path("value").get(1).asDouble()).isBetween(0.0286, 0.0313);
            });
        // The shipped dashboard's native panel (docs/grafana/ml-inference.json), as Grafana sends it.
        JsonNode dashboard = prometheus.query("histogram_quantile(0.99, sum by (model_name) (rate("
            + DURATION + "{model_name=~\".*\"}[1m]))) or histogram_quantile(0.99, sum by (model_name, le)"
            + " (rate(" + DURATION + "_bucket{model_name=~\".*\"}[1m])))");
        assertThat(dashboard.get(0).path("value").get(1).asDouble()).isBetween(0.0286, 0.0313);
        JsonNode count = prometheus.query("histogram_count(rate(" + DURATION + "{model_name=\"fraud\"}[1m]))");
        assertThat(count.get(0).path("value").get(1).asDouble()).isPositive();
        JsonNode stage = prometheus.query("histogram_quantile(0.5, rate(ml_stage_duration_seconds"
            + "{model_name=\"fraud\",stage=\"forward\"}[1m]))");
        assertThat(stage.get(0).path("value").get(1).asDouble()).isBetween(0.0185, 0.0203);
        // The target is healthy: the protobuf scrape was accepted.
        assertThat(prometheus.query("up").get(0).path("value").get(1).asText()).isEqualTo("1");
      }
    } finally {
      running.set(false);
      traffic.join(5_000);
    }
  }
}
