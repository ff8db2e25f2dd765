package io.infersight.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersight.core.Inference;
import io.infersight.core.InferenceObserver;
import io.infersight.core.Stage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Micrometer common tags reach the per-request series, which the Prometheus path records itself. */
class CommonTagsTest {
  private final PrometheusMeterRegistry registry = Registries.prometheus();

  private static void serveOne(MeterRegistry r, MetricsListenerBuilder builder) {
    InferenceObserver observer = InferenceObserver.builder().model("fraud", "1")
        .addListener(builder.build()).build();
    try (Inference inf = observer.start()) {
      inf.stage(Stage.FORWARD, () -> null);
      inf.batchSize(3);
    }
  }

  private static void assertEverySeriesCarries(PrometheusMeterRegistry r, Map<String, String> tags) {
    Scraped scraped = Scraped.of(r);
    for (String name : new String[] {"ml_inference_requests_total", "ml_inference_samples_total",
        "ml_inference_duration_seconds_bucket", "ml_inference_duration_seconds_count",
        "ml_stage_duration_seconds_sum", "ml_model_forward_duration_seconds_bucket",
        "ml_feature_retrieval_duration_seconds_count", "ml_feature_age_seconds_count",
        "ml_inference_batch_size_bucket", "ml_model_info", "ml_inference_active_requests"}) {
      assertThat(scraped.find(name)).as(name).isNotEmpty()
          .allSatisfy(s -> assertThat(s.labels).as(name).containsAllEntriesOf(tags));
    }
    assertThat(scraped.value("ml_inference_requests_total", "status", "success")).isEqualTo(1);
    assertThat(scraped.value("ml_inference_batch_size_sum")).isEqualTo(3);
  }

  @Test
  void commonTagsOfAPrometheusRegistryLabelEverySeries() {
    registry.config().commonTags("app", "shop", "env", "prod");
    serveOne(registry, InfersightMetrics.listenerBuilder(registry));
    assertEverySeriesCarries(registry, Map.of("app", "shop", "env", "prod"));
  }

  @Test
  void commonTagsAndConstantLabelsAddUp() {
    registry.config().commonTags("app", "shop");
    serveOne(registry, InfersightMetrics.listenerBuilder(registry).constantLabel("region", "eu"));
    assertEverySeriesCarries(registry, Map.of("app", "shop", "region", "eu"));
  }

  @Test
  void tagKeysAreNamedAsTheRegistryNamesThem() {
    registry.config().meterFilter(MeterFilter.commonTags(java.util.List.of(
        io.micrometer.core.instrument.Tag.of("app.name", "shop"))));
    serveOne(registry, InfersightMetrics.listenerBuilder(registry));
    assertEverySeriesCarries(registry, Map.of("app_name", "shop"));
  }

  @Test
  void commonTagsOfACompositeAndItsPrometheusChildBothApply() {
    CompositeMeterRegistry composite = new CompositeMeterRegistry();
    SimpleMeterRegistry simple = Registries.simple();
    composite.add(registry);
    composite.add(simple);
    composite.config().commonTags("tier", "online");
    registry.config().commonTags("scraped_by", "prometheus");
    serveOne(composite, InfersightMetrics.listenerBuilder(composite));
    assertEverySeriesCarries(registry, Map.of("tier", "online", "scraped_by", "prometheus"));
    assertThat(simple.get(MeterNames.REQUESTS).tags("tier", "online", "status", "success").counter().count())
        .isEqualTo(1);
    assertThat(simple.get(MeterNames.STAGE_DURATION).tags("tier", "online", "stage", "forward").timer().count())
        .isEqualTo(1);
    assertThat(simple.find(MeterNames.REQUEST_DURATION).timers()).singleElement()
        .satisfies(t -> assertThat(t.getId().getTag("scraped_by")).isNull());
  }
}
