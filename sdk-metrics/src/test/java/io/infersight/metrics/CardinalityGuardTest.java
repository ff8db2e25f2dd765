package io.infersight.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersight.core.SelfMetricNames;
import io.infersight.core.BoundedLabel;
import io.infersight.core.Inference;
import io.infersight.core.InferenceObserver;
import io.infersight.core.LabelPolicy;
import io.infersight.core.Stage;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CardinalityGuardTest {
  private final PrometheusMeterRegistry registry = Registries.prometheus();

  @Test
  void aMillionDistinctSubStagesLeaveTheSeriesCountBounded() {
    InferenceObserver observer = InferenceObserver.builder().model("fraud", "1")
        .addListener(InfersightMetrics.listener(registry)).build();
    int n = 1_000_000;
    try (Inference inf = observer.start()) {
      for (int i = 0; i < n; i++) {
        inf.stage(Stage.FEATURES, "group-" + i, () -> null);
      }
    }
    var timers = registry.find(MeterNames.SUBSTAGE_DURATION).timers();
    int limit = LabelPolicy.DEFAULT_MAX_VALUES_PER_LABEL;
    assertThat(timers).hasSize(limit + 1);
    assertThat(timers.stream().mapToLong(Timer::count).sum()).isEqualTo(n);
    assertThat(registry.get(MeterNames.SUBSTAGE_DURATION).tag("sub_stage", LabelPolicy.OTHER).timer().count())
        .isEqualTo(n - limit);
    assertThat(registry.get(SelfMetricNames.LABEL_OVERFLOW).tags("label", "sub_stage", "model_name", "fraud")
        .functionCounter().count()).isEqualTo(n - limit);
    assertThat(registry.scrape()).contains(
        "infersight_label_overflow_total{label=\"sub_stage\",model_name=\"fraud\"} " + (n - limit) + ".0");
  }

  @Test
  void aTighterBuilderLimitAppliesToSubStages() {
    InferenceObserver observer = InferenceObserver.builder().model("fraud", "1")
        .addListener(InfersightMetrics.listenerBuilder(registry).maxLabelValues(5).build()).build();
    try (Inference inf = observer.start()) {
      for (int i = 0; i < 50; i++) {
        inf.stage(Stage.FORWARD, "layer-" + i, () -> null);
      }
    }
    assertThat(registry.find(MeterNames.SUBSTAGE_DURATION).timers()).hasSize(6);
  }

  @Test
  void declaredValuesPassBeyondTheLimit() {
    LabelPolicy policy = LabelPolicy.builder().maxValues("sub_stage", 1).declare("sub_stage", "users").build();
    InferenceObserver observer = InferenceObserver.builder().model("fraud", "1").labelPolicy(policy)
        .addListener(InfersightMetrics.listener(registry)).build();
    try (Inference inf = observer.start()) {
      inf.stage(Stage.FEATURES, "items", () -> null);
      inf.stage(Stage.FEATURES, "prices", () -> null);
      inf.stage(Stage.FEATURES, "users", () -> null);
    }
    Set<String> values = registry.find(MeterNames.SUBSTAGE_DURATION).timers().stream()
        .map(t -> t.getId().getTag("sub_stage")).collect(Collectors.toSet());
    assertThat(values).containsExactlyInAnyOrder("items", "users", LabelPolicy.OTHER);
  }

  @Test
  void modelVersionsAcrossObserversOfOneRegistryFoldIntoOther() {
    for (int v = 0; v < 10; v++) {
      InferenceObserver observer = InferenceObserver.builder().model("fraud", "v" + v)
          .addListener(InfersightMetrics.listenerBuilder(registry).maxLabelValues(3).build()).build();
      observer.start().close();
    }
    Scraped scraped = Scraped.of(registry);
    Set<String> versions = scraped.find("ml_inference_requests_total").stream()
        .map(s -> s.labels.get("model_version")).collect(Collectors.toSet());
    assertThat(versions).containsExactlyInAnyOrder("v0", "v1", "v2", LabelPolicy.OTHER);
    assertThat(scraped.value("ml_inference_requests_total", "model_version", LabelPolicy.OTHER, "status", "success"))
        .isEqualTo(7);
    assertThat(scraped.value("ml_inference_duration_seconds_count", "model_version", LabelPolicy.OTHER))
        .isEqualTo(7);
  }
}
