package io.infersight.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infersight.core.Inference;
import io.infersight.core.InferenceListener;
import io.infersight.core.InferenceObserver;
import io.infersight.core.Stage;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MetricsListenerBuilderTest {
  private final SimpleMeterRegistry registry = Registries.simple();

  @Test
  void refusesIdentifierLabelKeysAtBuildWithTheReason() {
    MetricsListenerBuilder b = InfersightMetrics.listenerBuilder(registry).constantLabel("user_id", "u1");
    assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("constantLabel")
        .hasMessageContaining("label key 'user_id' is refused")
        .hasMessageContaining("one time series per value");
  }

  @Test
  void refusesLabelKeysOfItsOwnMeters() {
    assertThatThrownBy(() -> InfersightMetrics.listenerBuilder(registry).constantLabel("stage", "x").build())
        .hasMessageContaining("constantLabel").hasMessageContaining("'stage'");
  }

  @Test
  void refusesMalformedLabelKeys() {
    assertThatThrownBy(() -> InfersightMetrics.listenerBuilder(registry).constantLabel("1region", "x").build())
        .hasMessageContaining("constantLabel").hasMessageContaining("must match");
  }

  @Test
  void aConstantLabelIsOnEveryMeterItRecords() {
    InferenceListener listener = InfersightMetrics.listenerBuilder(registry).constantLabel("region", "eu").build();
    InferenceObserver observer = InferenceObserver.builder().model("m", "1").addListener(listener).build();
    observer.start().close();
    observer.close();
    assertThat(registry.get(MeterNames.REQUESTS).tags("region", "eu", "model_name", "m", "status", "success").counter().count())
        .isEqualTo(1.0);
    assertThat(registry.get(MeterNames.REQUEST_DURATION).tags("region", "eu", "model_name", "m").timer().count())
        .isEqualTo(1);
    assertThat(registry.getMeters()).as("meters without the constant label")
        .filteredOn(m -> m.getId().getName().startsWith("ml.") && m.getId().getTag("region") == null)
        .isEmpty();
  }

  @Test
  void refusesOutOfRangeLabelLimits() {
    assertThatThrownBy(() -> InfersightMetrics.listenerBuilder(registry).maxLabelValues(0))
        .hasMessageContaining("maxLabelValues must be between 1 and 10000, was 0");
  }

  @Test
  void refusesBucketsOfUnknownMeters() {
    assertThatThrownBy(() -> InfersightMetrics.listenerBuilder(registry).buckets("ml.inference.requests", 1))
        .hasMessageContaining("buckets").hasMessageContaining("not an Infersight histogram");
  }

  @Test
  void refusesUnorderedOrNonFiniteBuckets() {
    MetricsListenerBuilder b = InfersightMetrics.listenerBuilder(registry);
    assertThatThrownBy(() -> b.buckets(MeterNames.REQUEST_DURATION, 0.1, 0.1))
        .hasMessageContaining("strictly increasing");
    assertThatThrownBy(() -> b.buckets(MeterNames.REQUEST_DURATION, Double.NaN))
        .hasMessageContaining("finite and positive");
    assertThatThrownBy(() -> b.buckets(MeterNames.REQUEST_DURATION))
        .hasMessageContaining("1 to 64 upper bounds");
  }

  @Test
  void refusesANonPositiveMaxDuration() {
    assertThatThrownBy(() -> InfersightMetrics.listenerBuilder(registry).maxDuration(Duration.ZERO))
        .hasMessageContaining("maxDuration must be positive");
  }

  @Test
  void refusesANullRegistry() {
    assertThatThrownBy(() -> InfersightMetrics.listener(null)).hasMessageContaining("registry");
  }

  @Test
  void refusesToServeTwoObservers() {
    InferenceListener listener = InfersightMetrics.listener(registry);
    InferenceObserver.builder().model("a", "1").addListener(listener).build();
    assertThatThrownBy(() -> InferenceObserver.builder().model("b", "1").addListener(listener).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("one listener per observer");
  }

  @Test
  void theBuiltListenerKeepsTheSettingsOfItsBuildWhateverTheBuilderDoesLater() {
    MetricsListenerBuilder b = InfersightMetrics.listenerBuilder(registry)
        .constantLabel("region", "eu")
        .buckets(MeterNames.FORWARD_DURATION, 0.002, 0.004)
        .subStageMetrics(false);
    MetricsListener listener = b.build();
    b.constantLabel("region", "us").constantLabel("zone", "a")
        .buckets(MeterNames.FORWARD_DURATION, 0.5)
        .subStageMetrics(true);

    InferenceObserver observer = InferenceObserver.builder().model("m", "1").addListener(listener).build();
    try (Inference inf = observer.start()) {
      inf.stage(Stage.FORWARD, () -> null);
      inf.stage(Stage.FEATURES, "user_features", () -> null);
    }
    observer.close();

    Timer forward = registry.get(MeterNames.FORWARD_DURATION).timer();
    assertThat(forward.getId().getTag("region")).isEqualTo("eu");
    assertThat(forward.getId().getTag("zone")).isNull();
    assertThat(Arrays.stream(forward.takeSnapshot().histogramCounts())
        .mapToDouble(c -> c.bucket(TimeUnit.SECONDS)).toArray()).containsExactly(0.002, 0.004);
    assertThat(registry.find(MeterNames.SUBSTAGE_DURATION).timers()).isEmpty();
  }

  @Test
  @SuppressWarnings("deprecation")
  void theFormerBuilderNameBuildsTheSameListener() {
    MetricsListener listener = InfersightMetrics.builder(registry).constantLabel("region", "eu")
        .maxLabelValues(5).subStageMetrics(false).maxDuration(Duration.ofMinutes(1))
        .buckets(MeterNames.FORWARD_DURATION, 0.002).nativeHistograms(false)
        .nativeHistogramSchema(3).nativeHistogramMaxBuckets(160).build();
    InferenceObserver observer = InferenceObserver.builder().model("m", "1").addListener(listener).build();
    observer.start().close();
    observer.close();
    assertThat(registry.get(MeterNames.REQUESTS).tags("region", "eu", "model_name", "m", "status", "success")
        .counter().count()).isEqualTo(1.0);
    assertThatThrownBy(() -> InfersightMetrics.builder(registry).maxLabelValues(0))
        .hasMessageContaining("maxLabelValues");
  }
}
