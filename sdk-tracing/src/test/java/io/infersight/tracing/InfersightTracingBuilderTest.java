package io.infersight.tracing;

import io.infersight.testsupport.OtlpHttpReceiver;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.infersight.core.Inference;
import io.infersight.core.InferenceObserver;
import io.infersight.core.Stage;
import io.opentelemetry.api.trace.Span;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InfersightTracingBuilderTest {

  @Test
  void embeddedStoreAloneReceivesTheSpanTreeWithoutACollector() {
    TraceStore store = TraceStore.create();
    try (InfersightTracing tracing = InfersightTracing.sdkBuilder().exportOtlp(false).traceStore(store)
        .samplingRatio(0.0).build();
        InferenceObserver observer = InferenceObserver.builder().model("fraud-detector", "2.1.0")
            .addListener(tracing.listener()).build()) {
      try (Inference inf = observer.start("store-1")) {
        inf.stage(Stage.FEATURES, () -> { });
        inf.fail(new IllegalStateException("feature store timeout"));
      }
      assertThat(tracing.flush(Duration.ofSeconds(10))).isTrue();

      assertThat(store.errors()).hasSize(1);
      StoredTrace t = store.errors().get(0);
      assertThat(t.rootName()).isEqualTo(InferenceSpans.ROOT_SPAN_NAME);
      assertThat(t.keptAfterTheFact()).isEqualTo(InferenceSpans.KEPT_ERROR);
      assertThat(t.spans()).extracting(StoredSpan::name).containsExactly("ml.inference", "feature_store.get");
      assertThat(t.root().attributes()).containsEntry("correlation_id", "store-1");
      assertThat(tracing.traceStore()).isSameAs(store);
    }
  }

  /** 0 and 1 are exact; 0.5 over 4000 trace IDs lands in 2000 +- 200 (more than 6 standard deviations). */
  @ParameterizedTest(name = "ratio {0}")
  @ValueSource(doubles = {0.0, 0.5, 1.0})
  void appSpansOfTheBuiltSdkAreSampledWithTheSameRatio(double ratio) {
    TraceStore store = TraceStore.create();
    int spans = 4_000;
    int sampled = 0;
    try (InfersightTracing tracing = InfersightTracing.sdkBuilder().exportOtlp(false).traceStore(store)
        .samplingRatio(ratio).build()) {
      for (int i = 0; i < spans; i++) {
        Span span = tracing.openTelemetry().getTracer("app").spanBuilder("GET /health").startSpan();
        span.end();
        if (span.getSpanContext().isSampled()) {
          sampled++;
        }
      }
    }
    assertThat(sampled).isCloseTo((int) Math.round(ratio * spans), org.assertj.core.data.Offset.offset(200));
    if (ratio == 0.0 || ratio == 1.0) {
      assertThat(sampled).isEqualTo((int) (ratio * spans));
    }
  }

  @Test
  void closingTwiceIsHarmlessAndListenerClosesTheSdk() {
    InfersightTracing tracing = InfersightTracing.sdkBuilder().exportOtlp(false).traceStore(TraceStore.create()).build();
    InferenceObserver observer = InferenceObserver.builder().model("m", "1").addListener(tracing.listener()).build();
    observer.close();
    tracing.close();

    Span after = tracing.openTelemetry().getTracer("app").spanBuilder("late").startSpan();
    assertThat(after.getSpanContext().isValid()).as("shut down: no-op spans").isFalse();
  }

  @Test
  void httpEndpointWithoutPathGetsTheTracesPath() {
    assertThat(InfersightTracingBuilder.httpTracesUrl("http://tempo:4318")).isEqualTo("http://tempo:4318/v1/traces");
    assertThat(InfersightTracingBuilder.httpTracesUrl("http://tempo:4318/")).isEqualTo("http://tempo:4318/v1/traces");
    assertThat(InfersightTracingBuilder.httpTracesUrl("https://otlp.example.com/otlp/v1/traces"))
        .isEqualTo("https://otlp.example.com/otlp/v1/traces");
  }

  @Test
  void rejectsBadSettingsNamingThem() {
    assertThatThrownBy(() -> InfersightTracing.sdkBuilder().endpoint("localhost:4317")).hasMessageContaining("endpoint");
    assertThatThrownBy(() -> InfersightTracing.sdkBuilder().endpoint("ftp://x")).hasMessageContaining("endpoint");
    assertThatThrownBy(() -> InfersightTracing.sdkBuilder().serviceName(" ")).hasMessageContaining("serviceName");
    assertThatThrownBy(() -> InfersightTracing.sdkBuilder().maxQueueSize(0)).hasMessageContaining("maxQueueSize");
    assertThatThrownBy(() -> InfersightTracing.sdkBuilder().maxExportBatchSize(0)).hasMessageContaining("maxExportBatchSize");
    assertThatThrownBy(() -> InfersightTracing.sdkBuilder().scheduleDelay(Duration.ZERO)).hasMessageContaining("scheduleDelay");
    assertThatThrownBy(() -> InfersightTracing.sdkBuilder().exportTimeout(Duration.ofSeconds(-1))).hasMessageContaining("exportTimeout");
    assertThatThrownBy(() -> InfersightTracing.sdkBuilder().samplingRatio(-0.1)).hasMessageContaining("samplingRatio");
    assertThatThrownBy(() -> InfersightTracing.sdkBuilder().protocol(null)).hasMessageContaining("protocol");
  }

  @Test
  @SuppressWarnings("deprecation")
  void theFormerNameOfTheSdkBuilderIsTheSameBuilder() {
    assertThat(InfersightTracing.builder()).isInstanceOf(InfersightTracingBuilder.class);
    assertThatThrownBy(() -> InfersightTracing.builder().exportOtlp(false).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("exportOtlp");
  }

  @Test
  void rejectsSetUpsThatCannotWorkAtBuild() {
    assertThatThrownBy(() -> InfersightTracing.sdkBuilder().exportOtlp(false).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("exportOtlp");
    assertThatThrownBy(() -> InfersightTracing.sdkBuilder().maxQueueSize(8).maxExportBatchSize(16).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("maxExportBatchSize");
  }

  @Test
  void defaultServiceNameIsTheModelName() throws Exception {
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start();
        InfersightTracing tracing = InfersightTracing.sdkBuilder().model("ranker", "7")
            .protocol(OtlpProtocol.HTTP_PROTOBUF).endpoint(receiver.endpoint()).build()) {
      tracing.openTelemetry().getTracer("app").spanBuilder("ml.inference").startSpan().end();
      tracing.flush(Duration.ofSeconds(10));

      await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.requests.isEmpty());
      assertThat(receiver.resource()).containsEntry("service.name", "ranker")
          .doesNotContainKey("ml.model_git_commit");
    }
  }
}
