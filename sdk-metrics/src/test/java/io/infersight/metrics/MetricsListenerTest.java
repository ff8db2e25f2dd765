package io.infersight.metrics;

import io.infersight.testing.FakeClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infersight.core.Inference;
import io.infersight.core.InferenceObserver;
import io.infersight.core.Stage;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MetricsListenerTest {
  private final FakeClock clock = FakeClock.create();
  private final SimpleMeterRegistry registry = Registries.simple();

  private InferenceObserver observer(MeterRegistry r) {
    return InferenceObserver.builder().model("fraud", "2.1.0", "abc123").clock(clock)
        .addListener(InfersightMetrics.listener(r)).build();
  }

  private static double[] seconds(Timer t) {
    return Arrays.stream(t.takeSnapshot().histogramCounts())
        .mapToDouble(b -> b.bucket(TimeUnit.SECONDS)).toArray();
  }

  private static double[] bounds(DistributionSummary s) {
    return Arrays.stream(s.takeSnapshot().histogramCounts()).mapToDouble(CountAtBucket::bucket).toArray();
  }

  @Test
  void countsRequestsByStatus() {
    InferenceObserver obs = observer(registry);
    for (int i = 0; i < 2; i++) {
      try (Inference inf = obs.start()) {
        inf.stage(Stage.FORWARD, () -> clock.advanceMillis(1));
      }
    }
    try (Inference inf = obs.start()) {
      assertThatThrownBy(() -> inf.stage(Stage.FORWARD, () -> {
        throw new IllegalStateException("boom");
      })).isInstanceOf(IllegalStateException.class);
    }
    assertThat(registry.get(MeterNames.REQUESTS).tags("model_name", "fraud", "model_version", "2.1.0",
        "status", "success").counter().count()).isEqualTo(2);
    assertThat(registry.get(MeterNames.REQUESTS).tag("status", "error").counter().count()).isEqualTo(1);
  }

  @Test
  void countsRejectedRequestsApartFromErrorsOnBothRegistries() {
    for (MeterRegistry r : List.of(registry, Registries.prometheus())) {
      InferenceObserver obs = InferenceObserver.builder().model("fraud", "2.1.0").clock(clock)
          .rejectOn(IllegalArgumentException.class).addListener(InfersightMetrics.listener(r)).build();
      for (int i = 0; i < 3; i++) {
        try (Inference inf = obs.start()) {
          assertThatThrownBy(() -> inf.stage(Stage.PREPROCESS, () -> {
            throw new IllegalArgumentException("amount must be positive");
          })).isInstanceOf(IllegalArgumentException.class);
        }
      }
      try (Inference inf = obs.start()) {
        inf.fail(new IllegalStateException("model down"));
      }
      if (r instanceof io.micrometer.prometheusmetrics.PrometheusMeterRegistry p) {
        String model = "model_name=\"fraud\",model_version=\"2.1.0\"";
        assertThat(p.scrape()).contains("ml_inference_requests_total{" + model + ",status=\"rejected\"} 3.0")
            .contains("ml_inference_requests_total{" + model + ",status=\"error\"} 1.0");
      } else {
        assertThat(r.get(MeterNames.REQUESTS).tag("status", "rejected").counter().count()).isEqualTo(3);
        assertThat(r.get(MeterNames.REQUESTS).tag("status", "error").counter().count()).isEqualTo(1);
      }
    }
  }

  @Test
  void recordsRequestDurationIntoTheSeedBuckets() {
    InferenceObserver obs = observer(registry);
    Inference inf = obs.start();
    clock.advanceMillis(30);
    inf.close();
    Timer t = registry.get(MeterNames.REQUEST_DURATION).tags("model_name", "fraud", "model_version", "2.1.0").timer();
    assertThat(t.count()).isEqualTo(1);
    assertThat(t.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(30.0);
    assertThat(seconds(t)).containsExactly(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5);
  }

  @Test
  void recordsEachStageAndTheForwardPass() {
    InferenceObserver obs = observer(registry);
    try (Inference inf = obs.start()) {
      inf.stage(Stage.PREPROCESS, () -> clock.advanceMillis(1));
      inf.stage(Stage.FEATURES, () -> clock.advanceMillis(2));
      inf.stage(Stage.FORWARD, () -> clock.advanceMillis(3));
      inf.stage(Stage.POSTPROCESS, () -> clock.advanceMillis(4));
    }
    Stage[] ran = {Stage.PREPROCESS, Stage.FEATURES, Stage.FORWARD, Stage.POSTPROCESS};
    for (int i = 0; i < ran.length; i++) {
      Stage s = ran[i];
      Timer t = registry.get(MeterNames.STAGE_DURATION).tags("model_name", "fraud", "stage", s.label()).timer();
      assertThat(t.totalTime(TimeUnit.MILLISECONDS)).as(s.label()).isEqualTo(i + 1.0);
    }
    Timer forward = registry.get(MeterNames.FORWARD_DURATION).tags("model_name", "fraud", "model_version", "2.1.0").timer();
    assertThat(forward.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(3.0);
    assertThat(seconds(forward)).startsWith(0.0001, 0.00025, 0.0005, 0.001);
  }

  @Test
  void recordsOneObservationPerStagePerRequestWithTheStageTotal() {
    var prometheus = Registries.prometheus();
    for (MeterRegistry r : new MeterRegistry[] {registry, prometheus}) {
      InferenceObserver obs = observer(r);
      try (Inference inf = obs.start()) {
        inf.stage(Stage.FORWARD, () -> clock.advanceMillis(2));
        inf.stage(Stage.FORWARD, () -> clock.advanceMillis(3));
      }
    }
    Timer forward = registry.get(MeterNames.STAGE_DURATION).tags("model_name", "fraud", "stage", "forward").timer();
    assertThat(forward.count()).isEqualTo(1);
    assertThat(forward.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(5.0);
    assertThat(registry.get(MeterNames.FORWARD_DURATION).timer().count()).isEqualTo(1);
    Scraped scraped = Scraped.of(prometheus);
    assertThat(scraped.value("ml_stage_duration_seconds_count", "stage", "forward")).isEqualTo(1);
    assertThat(scraped.value("ml_stage_duration_seconds_sum", "stage", "forward")).isEqualTo(0.005);
    assertThat(scraped.value("ml_model_forward_duration_seconds_count")).isEqualTo(1);
  }

  @Test
  void recordsFeatureRetrievalByCacheHit() {
    InferenceObserver obs = observer(registry);
    try (Inference inf = obs.start()) {
      inf.stage(Stage.FEATURES, () -> clock.advanceMillis(1));
      inf.cacheHit(true);
    }
    try (Inference inf = obs.start()) {
      inf.stage(Stage.FEATURES, () -> clock.advanceMillis(40));
      inf.cacheHit(false);
    }
    try (Inference inf = obs.start()) {
      inf.stage(Stage.FEATURES, () -> clock.advanceMillis(5));
    }
    assertThat(retrieval("true").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1.0);
    assertThat(retrieval("false").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(40.0);
    assertThat(retrieval("unknown").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(5.0);
  }

  private Timer retrieval(String cacheHit) {
    return registry.get(MeterNames.FEATURE_RETRIEVAL_DURATION).tags("model_name", "fraud", "cache_hit", cacheHit).timer();
  }

  @Test
  void recordsFeatureAgeInSeconds() {
    InferenceObserver obs = observer(registry);
    try (Inference inf = obs.start()) {
      inf.featureAge(Duration.ofHours(6));
    }
    try (Inference inf = obs.start()) {
      inf.featureAgeMillis(2_000);
    }
    Timer age = registry.get(MeterNames.FEATURE_AGE).tag("model_name", "fraud").timer();
    assertThat(age.count()).isEqualTo(2);
    assertThat(age.totalTime(TimeUnit.SECONDS)).isEqualTo(6 * 3600 + 2.0);
    assertThat(seconds(age)).contains(1, 60, 3600, 21600, 86400);
  }

  @Test
  void recordsBatchSizeAndCountsSamples() {
    InferenceObserver obs = observer(registry);
    try (Inference inf = obs.start()) {
      inf.batchSize(8);
    }
    obs.start().close(); // no batch size: one sample
    DistributionSummary batch = registry.get(MeterNames.BATCH_SIZE).tag("model_name", "fraud").summary();
    assertThat(batch.count()).isEqualTo(1);
    assertThat(batch.totalAmount()).isEqualTo(8);
    assertThat(bounds(batch)).containsExactly(1, 2, 4, 8, 16, 32, 64, 128, 256);
    assertThat(registry.get(MeterNames.SAMPLES).tags("model_name", "fraud", "model_version", "2.1.0")
        .counter().count()).isEqualTo(9);
  }

  @Test
  void recordsEveryPredictionScore() {
    InferenceObserver obs = observer(registry);
    try (Inference inf = obs.start()) {
      inf.scores(0.15, 0.93, 0.991);
    }
    DistributionSummary score = registry.get(MeterNames.PREDICTION_SCORE)
        .tags("model_name", "fraud", "model_version", "2.1.0").summary();
    assertThat(score.count()).isEqualTo(3);
    assertThat(bounds(score)).containsExactly(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99);
  }

  @Test
  void tracksRequestsInFlight() {
    InferenceObserver obs = observer(registry);
    Inference first = obs.start();
    Inference second = obs.start();
    assertThat(registry.get(MeterNames.ACTIVE_REQUESTS).tag("model_name", "fraud").gauge().value()).isEqualTo(2);
    second.close();
    first.close();
    first.close();
    assertThat(registry.get(MeterNames.ACTIVE_REQUESTS).tag("model_name", "fraud").gauge().value()).isZero();
  }

  @Test
  void exportsModelInfoWithGitCommit() {
    observer(registry);
    assertThat(registry.get(MeterNames.MODEL_INFO)
        .tags("model_name", "fraud", "model_version", "2.1.0", "git_commit", "abc123").gauge().value())
        .isEqualTo(1);
  }

  @Test
  void recordsNamedSubStagesSeparatelyFromTheirStage() {
    InferenceObserver obs = observer(registry);
    try (Inference inf = obs.start()) {
      inf.stage(Stage.FEATURES, "user_features", () -> {
        clock.advanceMillis(7);
        return null;
      });
    }
    Timer sub = registry.get(MeterNames.SUBSTAGE_DURATION)
        .tags("model_name", "fraud", "stage", "features", "sub_stage", "user_features").timer();
    assertThat(sub.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(7.0);
    assertThat(registry.get(MeterNames.STAGE_DURATION).tag("stage", "features").timer().count()).isZero();
  }

  @Test
  void omitsSubStagesWhenDisabled() {
    InferenceObserver obs = InferenceObserver.builder().model("fraud", "2.1.0").clock(clock)
        .addListener(InfersightMetrics.listenerBuilder(registry).subStageMetrics(false).build()).build();
    try (Inference inf = obs.start()) {
      inf.stage(Stage.FEATURES, "user_features", () -> null);
    }
    assertThat(registry.find(MeterNames.SUBSTAGE_DURATION).timers()).isEmpty();
  }

  @Test
  void usesBucketsSetInTheBuilder() {
    InferenceObserver obs = InferenceObserver.builder().model("fraud", "2.1.0").clock(clock)
        .addListener(InfersightMetrics.listenerBuilder(registry)
            .buckets(MeterNames.FORWARD_DURATION, 0.002, 0.004)
            .buckets(MeterNames.PREDICTION_SCORE, 0.5).build())
        .build();
    try (Inference inf = obs.start()) {
      inf.stage(Stage.FORWARD, () -> clock.advanceMillis(3));
    }
    assertThat(seconds(registry.get(MeterNames.FORWARD_DURATION).timer())).containsExactly(0.002, 0.004);
    assertThat(bounds(registry.get(MeterNames.PREDICTION_SCORE).summary())).containsExactly(0.5);
  }

  @Test
  void rendersTheContractNamesInPrometheus() {
    var prometheus = Registries.prometheus();
    InferenceObserver obs = observer(prometheus);
    try (Inference inf = obs.start()) {
      inf.stage(Stage.FEATURES, () -> clock.advanceMillis(2));
      inf.cacheHit(true).featureAgeMillis(1500).batchSize(4).scores(0.7);
      inf.stage(Stage.FORWARD, () -> clock.advanceMillis(3));
    }
    String text = prometheus.scrape();
    String model = "model_name=\"fraud\",model_version=\"2.1.0\"";
    assertThat(text)
        .contains("ml_inference_requests_total{" + model + ",status=\"success\"} 1.0")
        .contains("ml_inference_duration_seconds_bucket{" + model + ",le=\"0.005\"} 1")
        .contains("ml_stage_duration_seconds_bucket{model_name=\"fraud\",stage=\"forward\",le=\"0.005\"} 1")
        .contains("ml_feature_retrieval_duration_seconds_bucket{cache_hit=\"true\",model_name=\"fraud\",le=")
        .contains("ml_feature_age_seconds_bucket{model_name=\"fraud\",le=\"5.0\"} 1")
        .contains("ml_model_forward_duration_seconds_bucket{" + model + ",le=\"0.0025\"} 0")
        .contains("ml_inference_batch_size_bucket{model_name=\"fraud\",le=\"4.0\"} 1")
        .contains("ml_inference_samples_total{" + model + "} 4.0")
        .contains("ml_inference_active_requests{model_name=\"fraud\"} 0")
        .contains("ml_prediction_score_bucket{" + model + ",le=\"0.7\"} 1")
        .contains("ml_model_info{git_commit=\"abc123\"," + model + "} 1");
    long requestBuckets = text.lines().filter(l -> l.startsWith("ml_inference_duration_seconds_bucket{")).count();
    assertThat(requestBuckets).as("11 seed buckets + Inf, no percentile histogram").isEqualTo(12);
  }
}
