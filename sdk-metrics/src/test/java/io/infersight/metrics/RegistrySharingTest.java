package io.infersight.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infersight.core.SelfMetricNames;
import io.infersight.core.Inference;
import io.infersight.core.InferenceObserver;
import io.infersight.core.Stage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class RegistrySharingTest {
  private final PrometheusMeterRegistry registry = Registries.prometheus();

  private static InferenceObserver observer(MeterRegistry r, String model, String version) {
    return InferenceObserver.builder().model(model, version).addListener(InfersightMetrics.listener(r)).build();
  }

  private static void serve(InferenceObserver observer) {
    try (Inference inf = observer.start()) {
      inf.stage(Stage.FORWARD, () -> null);
      inf.scores(0.4).batchSize(2).batchSize(-1);
    }
  }

  @Test
  void twoModelsShareOnePrometheusRegistry() {
    serve(observer(registry, "fraud", "2.1.0"));
    serve(observer(registry, "ranker", "7"));
    String text = registry.scrape();
    assertThat(text)
        .contains("ml_inference_requests_total{model_name=\"fraud\",model_version=\"2.1.0\",status=\"success\"} 1.0")
        .contains("ml_inference_requests_total{model_name=\"ranker\",model_version=\"7\",status=\"success\"} 1.0")
        .contains("ml_prediction_score_count{model_name=\"ranker\",model_version=\"7\"} 1")
        .contains("infersight_listener_errors_total{listener=\"MetricsListener\",model_name=\"ranker\"} 0.0");
  }

  @Test
  void theSameModelTwiceSumsIntoOneSeries() {
    InferenceObserver a = observer(registry, "fraud", "1");
    InferenceObserver b = observer(registry, "fraud", "1");
    serve(a);
    serve(b);
    Inference openA = a.start();
    Inference openB = b.start();
    Scraped scraped = Scraped.of(registry);
    assertThat(scraped.value("ml_inference_requests_total", "status", "success")).isEqualTo(2);
    assertThat(scraped.value("ml_inference_duration_seconds_count")).isEqualTo(2);
    assertThat(scraped.value("ml_stage_duration_seconds_count", "stage", "forward")).isEqualTo(2);
    assertThat(registry.get(MeterNames.ACTIVE_REQUESTS).gauge().value()).isEqualTo(2);
    assertThat(registry.get(SelfMetricNames.INVALID_OBSERVATIONS).tag("kind", "negative_batch_size")
        .functionCounter().count()).isEqualTo(2);
    openA.close();
    openB.close();
    assertThat(registry.get(MeterNames.ACTIVE_REQUESTS).gauge().value()).isZero();
  }

  @Test
  void worksThroughACompositeRegistry() {
    CompositeMeterRegistry composite = new CompositeMeterRegistry();
    SimpleMeterRegistry simple = Registries.simple();
    composite.add(simple);
    composite.add(registry);
    serve(observer(composite, "fraud", "1"));
    assertThat(simple.get(MeterNames.REQUESTS).tag("status", "success").counter().count()).isEqualTo(1);
    assertThat(simple.get(MeterNames.STAGE_DURATION).tag("stage", "forward").timer().count()).isEqualTo(1);
    assertThat(simple.get(MeterNames.BATCH_SIZE).summary().totalAmount()).isEqualTo(2); // -1 refused
    Scraped scraped = Scraped.of(registry);
    assertThat(scraped.value("ml_stage_duration_seconds_count", "stage", "forward")).isEqualTo(1);
    assertThat(scraped.value("ml_inference_batch_size_sum")).isEqualTo(2);
    assertThat(registry.scrape())
        .contains("ml_inference_requests_total{model_name=\"fraud\",model_version=\"1\",status=\"success\"} 1.0")
        .contains("ml_prediction_score_bucket{model_name=\"fraud\",model_version=\"1\",le=\"0.5\"} 1");
    assertThat(simple.get(MeterNames.PREDICTION_SCORE).summary().count()).isEqualTo(1);
  }

  @Test
  void differentConstantLabelsOnOneRegistryFailLoudlyAtBuild() {
    InferenceObserver.builder().model("fraud", "1")
        .addListener(InfersightMetrics.listenerBuilder(registry).constantLabel("region", "eu").build()).build();
    assertThatThrownBy(() -> observer(registry, "ranker", "1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("must use the same constant labels");
    assertThat(Scraped.of(registry).find("ml_inference_requests_total", "model_name", "ranker")).isEmpty();
    assertThat(Scraped.of(registry).find("ml_model_info", "model_name", "ranker")).isEmpty();
  }

  @Test
  void identicalConstantLabelsOnOneRegistryWork() {
    InferenceObserver a = InferenceObserver.builder().model("fraud", "1")
        .addListener(InfersightMetrics.listenerBuilder(registry).constantLabel("region", "eu").build()).build();
    InferenceObserver b = InferenceObserver.builder().model("ranker", "1")
        .addListener(InfersightMetrics.listenerBuilder(registry).constantLabel("region", "us").build()).build();
    serve(a);
    serve(b);
    assertThat(registry.scrape())
        .contains("ml_inference_requests_total{model_name=\"ranker\",model_version=\"1\",region=\"us\",status=\"success\"} 1.0")
        .contains("ml_prediction_score_count{model_name=\"fraud\",model_version=\"1\",region=\"eu\"} 1");
  }
}
