package io.infersight.metrics;

import io.infersight.core.SelfMetricNames;
import io.infersight.testing.FakeClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.infersight.core.Inference;
import io.infersight.core.InferenceObserver;
import io.infersight.core.Stage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InvalidObservationTest {
  private final FakeClock clock = FakeClock.create();
  private final SimpleMeterRegistry registry = Registries.simple();
  private final InferenceObserver observer = InferenceObserver.builder().model("fraud", "1")
      .clock(clock).addListener(InfersightMetrics.listener(registry)).build();

  private double exported(String kind) {
    return registry.get(SelfMetricNames.INVALID_OBSERVATIONS).tags("kind", kind, "model_name", "fraud")
        .functionCounter().count();
  }

  @Test
  void refusesNegativeDurationsFromAClockThatWentBackwards() {
    try (Inference inf = observer.start()) {
      inf.stage(Stage.FORWARD, () -> clock.rewind(java.time.Duration.ofMillis(5)));
    }
    assertThat(exported(MeterNames.KIND_NEGATIVE_DURATION)).isEqualTo(2); // the stage and the request
    assertThat(registry.get(MeterNames.STAGE_DURATION).tag("stage", "forward").timer().count()).isZero();
    assertThat(registry.get(MeterNames.FORWARD_DURATION).timer().count()).isZero();
    assertThat(registry.get(MeterNames.REQUEST_DURATION).timer().count()).isZero();
    assertThat(registry.get(MeterNames.REQUESTS).tag("status", "success").counter().count()).isEqualTo(1);
  }

  @Test
  void refusesNegativeDurationsOnAPrometheusRegistryToo() {
    var prometheus = Registries.prometheus();
    InferenceObserver obs = InferenceObserver.builder().model("fraud", "1").clock(clock)
        .addListener(InfersightMetrics.listener(prometheus)).build();
    try (Inference inf = obs.start()) {
      inf.stage(Stage.FEATURES, () -> clock.rewind(Duration.ofMillis(5)));
    }
    Scraped scraped = Scraped.of(prometheus);
    // the stage, its feature retrieval and the request
    assertThat(scraped.value("infersight_invalid_observations_total", "kind", MeterNames.KIND_NEGATIVE_DURATION))
        .isEqualTo(3);
    assertThat(scraped.value("ml_stage_duration_seconds_count", "stage", "features")).isZero();
    assertThat(scraped.find("ml_feature_retrieval_duration_seconds_count"))
        .allSatisfy(s -> assertThat(s.value).isZero());
    assertThat(scraped.value("ml_inference_duration_seconds_count")).isZero();
    assertThat(scraped.value("ml_inference_requests_total", "status", "success")).isEqualTo(1);
  }

  @Test
  void refusesAbsurdDurations() {
    try (Inference inf = observer.start()) {
      inf.stage(Stage.FEATURES, () -> clock.advance(Duration.ofHours(2)));
    }
    assertThat(exported(MeterNames.KIND_ABSURD_DURATION)).isEqualTo(3); // stage, retrieval, request
    assertThat(registry.get(MeterNames.REQUEST_DURATION).timer().count()).isZero();
    assertThat(registry.get(MeterNames.FEATURE_RETRIEVAL_DURATION).tag("cache_hit", "unknown").timer().count()).isZero();
  }

  @Test
  void honoursTheConfiguredMaxDuration() {
    SimpleMeterRegistry r = Registries.simple();
    InferenceObserver obs = InferenceObserver.builder().model("fraud", "1").clock(clock)
        .addListener(InfersightMetrics.listenerBuilder(r).maxDuration(Duration.ofMillis(10)).build()).build();
    Inference inf = obs.start();
    clock.advanceMillis(11);
    inf.close();
    assertThat(r.get(MeterNames.REQUEST_DURATION).timer().count()).isZero();
    assertThat(obs.selfMetrics().count(SelfMetricNames.INVALID_OBSERVATIONS, "kind", MeterNames.KIND_ABSURD_DURATION)).isEqualTo(1);
  }

  @Test
  void refusesNanAndInfiniteScoresButKeepsTheOthers() {
    try (Inference inf = observer.start()) {
      inf.scores(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.5);
    }
    assertThat(exported(MeterNames.KIND_NON_FINITE_SCORE)).isEqualTo(3);
    assertThat(registry.get(MeterNames.PREDICTION_SCORE).summary().count()).isEqualTo(1);
  }

  @Test
  void refusesNegativeScores() {
    try (Inference inf = observer.start()) {
      inf.scores(-0.1);
    }
    assertThat(exported(MeterNames.KIND_NEGATIVE_SCORE)).isEqualTo(1);
    assertThat(registry.get(MeterNames.PREDICTION_SCORE).summary().count()).isZero();
  }

  @Test
  void negativeBatchSizeIsCountedAndNotObserved() {
    try (Inference inf = observer.start()) {
      inf.batchSize(-3);
    }
    assertThat(exported("negative_batch_size")).isEqualTo(1);
    assertThat(registry.get(MeterNames.BATCH_SIZE).summary().count()).isZero();
    assertThat(registry.get(MeterNames.SAMPLES).counter().count()).isEqualTo(1);
  }

  @Test
  void negativeFeatureAgeIsCountedAndNotObserved() {
    try (Inference inf = observer.start()) {
      inf.featureAge(Duration.ofSeconds(-1));
    }
    assertThat(exported("feature_age")).isEqualTo(1);
    assertThat(registry.get(MeterNames.FEATURE_AGE).timer().count()).isZero();
  }
}
