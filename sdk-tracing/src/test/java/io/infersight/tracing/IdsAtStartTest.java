package io.infersight.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersight.core.Inference;
import io.infersight.core.InferenceObserver;
import io.infersight.core.Stage;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A request that head sampling dropped carries trace and span IDs from its start (what its log
 * lines write), and when it fails or is slow its tree is exported under exactly those IDs.
 */
class IdsAtStartTest {

  @Test
  void aFailedRequestIsExportedUnderTheIdsItCarriedWhileRunning() {
    TraceStore store = TraceStore.create();
    String[] during = new String[2];
    try (InfersightTracing tracing = InfersightTracing.sdkBuilder().exportOtlp(false).traceStore(store)
        .samplingRatio(0.0).build();
        InferenceObserver observer = InferenceObserver.builder().model("fraud-detector", "2.1.0")
            .addListener(tracing.listener()).build()) {
      try (Inference inf = observer.start("failed-1")) {
        during[0] = inf.traceId();
        during[1] = inf.spanId();
        assertThat(inf.traceSampled()).isFalse();
        inf.stage(Stage.FEATURES, () -> { });
        inf.fail(new IllegalStateException("feature store timeout"));
      }
      String[] healthy = new String[2];
      Inference ok = observer.start("healthy-1");
      healthy[0] = ok.traceId();
      ok.close();
      assertThat(healthy[0]).as("drawn for every request that may be kept").matches("[0-9a-f]{32}");
      assertThat(ok.traceId()).as("not kept: no trace to name").isNull();
      assertThat(tracing.flush(Duration.ofSeconds(10))).isTrue();

      assertThat(during[0]).matches("[0-9a-f]{32}");
      assertThat(during[1]).matches("[0-9a-f]{16}");
      assertThat(store.errors()).hasSize(1);
      StoredTrace t = store.errors().get(0);
      assertThat(t.traceId()).isEqualTo(during[0]);
      assertThat(t.root().spanId()).isEqualTo(during[1]);
      assertThat(t.spans()).allSatisfy(s -> assertThat(s.traceId()).isEqualTo(during[0]));
      assertThat(store.trace(healthy[0])).isNull();
    }
  }

  @Test
  void anAppSdkWithItsOwnIdGeneratorStillGetsTheExportedIdsOnTheRequest() {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    try (OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
        .setSampler(InfersightTracing.sampler(Sampler.parentBased(Sampler.alwaysOn())))
        .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()).build();
        InferenceObserver observer = InferenceObserver.builder().model("m", "1")
            .addListener(InfersightTracing.listenerBuilder(sdk).samplingRatio(0.0).build()).build()) {
      Inference first = observer.start("failed-1");
      first.fail(new IllegalStateException("boom"));
      first.close();
      SpanData root = exporter.getFinishedSpanItems().stream()
          .filter(s -> s.getName().equals(InferenceSpans.ROOT_SPAN_NAME)).findFirst().orElseThrow();
      assertThat(first.traceId()).isEqualTo(root.getTraceId());
      assertThat(first.spanId()).isEqualTo(root.getSpanId());
      assertThat(first.traceSampled()).as("exported").isTrue();

      // The listener noticed that this SDK draws its own IDs, and stops drawing them at the start.
      Inference second = observer.start("healthy-2");
      assertThat(second.traceId()).isNull();
      second.close();
    }
  }

  @Test
  void theAppSdkWithInfersightsIdGeneratorTakesThePresetIds() {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    try (OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
        .setSampler(InfersightTracing.sampler(Sampler.parentBased(Sampler.alwaysOn())))
        .setIdGenerator(InfersightTracing.idGenerator())
        .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()).build();
        InferenceObserver observer = InferenceObserver.builder().model("m", "1")
            .addListener(InfersightTracing.listenerBuilder(sdk).samplingRatio(0.0).build()).build()) {
      for (int i = 0; i < 3; i++) {
        Inference inf = observer.start("failed-" + i);
        String traceId = inf.traceId();
        inf.fail(new IllegalStateException("boom"));
        inf.close();
        assertThat(inf.traceId()).isEqualTo(traceId);
        assertThat(exporter.getFinishedSpanItems()).filteredOn(s -> s.getTraceId().equals(traceId)).isNotEmpty();
      }
      // Spans of the app's own keep random IDs.
      var app = sdk.getTracer("app").spanBuilder("GET /").startSpan();
      app.end();
      assertThat(app.getSpanContext().getTraceId()).matches("[0-9a-f]{32}");
    }
  }
}
