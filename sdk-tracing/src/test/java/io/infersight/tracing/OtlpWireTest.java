package io.infersight.tracing;

import io.infersight.testsupport.OtlpHttpReceiver;
import io.infersight.testsupport.OtlpReceiver;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.infersight.core.Inference;
import io.infersight.core.InferenceObserver;
import io.infersight.core.ModelId;
import io.infersight.core.Stage;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The convenience builder's SDK, exporting over a real socket to a loopback OTLP receiver. */
class OtlpWireTest {

  private static OtlpReceiver receiver(OtlpProtocol protocol) throws Exception {
    return protocol == OtlpProtocol.GRPC ? OtlpGrpcReceiver.start() : OtlpHttpReceiver.start();
  }

  @ParameterizedTest
  @EnumSource(OtlpProtocol.class)
  void spanTreeAndResourceArriveOverTheWire(OtlpProtocol protocol) throws Exception {
    try (OtlpReceiver receiver = receiver(protocol)) {
      InfersightTracing tracing = InfersightTracing.sdkBuilder()
          .serviceName("fraud-api").serviceVersion("1.4.0")
          .model(ModelId.of("fraud-detector", "2.1.0", "3f2a9c1"))
          .protocol(protocol).endpoint(receiver.endpoint())
          .samplingRatio(1.0)
          .scheduleDelay(Duration.ofMillis(50))
          .build();
      try (InferenceObserver observer = InferenceObserver.builder().model("fraud-detector", "2.1.0")
          .addListener(tracing.listener()).build()) {
        try (Inference inf = observer.start("wire-1")) {
          inf.stage(Stage.PREPROCESS, () -> { });
          inf.stage(Stage.FEATURES, () -> {
            inf.stage(Stage.FEATURES, "user_profile", () -> null);
          });
          inf.cacheHit(true);
          inf.stage(Stage.FORWARD, () -> { });
          inf.scores(0.93).batchSize(1);
          inf.stage(Stage.POSTPROCESS, () -> {
            throw new IllegalArgumentException("threshold missing");
          });
        } catch (IllegalArgumentException expected) {
          // rethrown by the stage
        }
      } // closing the observer flushes and shuts the SDK down

      await().atMost(Duration.ofSeconds(10)).until(() -> receiver.spans().size() == 6);
      Map<String, String> resource = receiver.resource();
      assertThat(resource).containsEntry("service.name", "fraud-api")
          .containsEntry("service.version", "1.4.0")
          .containsEntry("ml.model_name", "fraud-detector")
          .containsEntry("ml.model_version", "2.1.0")
          .containsEntry("ml.model_git_commit", "3f2a9c1")
          .containsKey("telemetry.sdk.version");
      assertThat(receiver.scopeNames()).allMatch(s -> s.equals("io.infersight.tracing:" + InfersightTracing.VERSION));

      Span root = receiver.span("ml.inference");
      assertThat(root.getParentSpanId().isEmpty()).isTrue();
      for (String child : new String[] {"ml.preprocess", "feature_store.get", "model.forward", "ml.postprocess"}) {
        Span s = receiver.span(child);
        assertThat(s.getParentSpanId()).as(child).isEqualTo(root.getSpanId());
        assertThat(s.getTraceId()).isEqualTo(root.getTraceId());
        assertThat(s.getStartTimeUnixNano()).isGreaterThanOrEqualTo(root.getStartTimeUnixNano());
        assertThat(s.getEndTimeUnixNano()).isLessThanOrEqualTo(root.getEndTimeUnixNano());
      }
      assertThat(receiver.span("user_profile").getParentSpanId()).isEqualTo(receiver.span("feature_store.get").getSpanId());
      assertThat(OtlpReceiver.strings(root.getAttributesList()))
          .containsEntry("ml.model_name", "fraud-detector")
          .containsEntry("correlation_id", "wire-1")
          .containsEntry("feature_store.cache_hit", "true")
          .containsEntry("model.top_score", "0.93")
          .containsEntry("ml.batch_size", "1");
      assertThat(root.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
      Span post = receiver.span("ml.postprocess");
      assertThat(post.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
      assertThat(post.getEventsList()).extracting(e -> e.getName()).containsExactly("exception");
    }
  }
}
