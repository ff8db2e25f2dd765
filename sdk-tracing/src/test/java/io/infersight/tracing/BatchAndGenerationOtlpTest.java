package io.infersight.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.infersight.core.Generation;
import io.infersight.core.Inference;
import io.infersight.core.InferenceBatch;
import io.infersight.core.InferenceObserver;
import io.infersight.core.Stage;
import io.infersight.testsupport.OtlpReceiver;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The batch span and its members' spans point at each other over real OTLP. */
class BatchAndGenerationOtlpTest {

  private static InfersightTracing tracing(OtlpReceiver receiver, double ratio) {
    return InfersightTracing.sdkBuilder().serviceName("ranker").protocol(OtlpProtocol.GRPC)
        .endpoint(receiver.endpoint()).samplingRatio(ratio).scheduleDelay(Duration.ofMillis(50)).build();
  }

  private static List<Span> named(OtlpReceiver receiver, String name) {
    return receiver.spans().stream().filter(s -> s.getSpanId() != null && s.getName().equals(name))
        .collect(Collectors.toList());
  }

  @Test
  void theBatchSpanLinksEveryMemberAndEveryMembersForwardLinksTheBatch() throws Exception {
    int members = 4;
    try (OtlpReceiver receiver = OtlpGrpcReceiver.start()) {
      InfersightTracing tracing = tracing(receiver, 1.0);
      ExecutorService pool = Executors.newFixedThreadPool(members);
      try (InferenceObserver observer = InferenceObserver.builder().model("ranker", "3")
          .addListener(tracing.listener()).build()) {
        ExecutorService wrapped = observer.wrap(pool);
        List<Inference> started = new ArrayList<>();
        CountDownLatch queued = new CountDownLatch(members);
        CountDownLatch batchDone = new CountDownLatch(1);
        for (int i = 0; i < members; i++) {
          String id = "member-" + i;
          wrapped.submit(() -> {
            Inference inf = observer.start(id);
            inf.stage(Stage.PREPROCESS, () -> { });
            synchronized (started) {
              started.add(inf);
            }
            queued.countDown();
            batchDone.await(10, TimeUnit.SECONDS); // the member's thread waits for the batch
            inf.stage(Stage.POSTPROCESS, () -> { });
            inf.close();
            return null;
          });
        }
        assertThat(queued.await(10, TimeUnit.SECONDS)).isTrue();
        InferenceBatch.of(started).forward(() -> { });
        batchDone.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
      }

      await().atMost(Duration.ofSeconds(10)).until(() -> receiver.spans().size() == 1 + members * 4);
      Span batch = receiver.span("ml.batch");
      assertThat(OtlpReceiver.strings(batch.getAttributesList())).containsEntry("ml.batch.members", "4")
          .containsEntry("ml.model_name", "ranker");
      List<Span> roots = named(receiver, "ml.inference");
      assertThat(roots).hasSize(members);
      Set<String> linked = batch.getLinksList().stream()
          .map(l -> OtlpReceiver.hex(l.getTraceId()) + "/" + OtlpReceiver.hex(l.getSpanId()))
          .collect(Collectors.toSet());
      assertThat(linked).isEqualTo(roots.stream()
          .map(r -> OtlpReceiver.hex(r.getTraceId()) + "/" + OtlpReceiver.hex(r.getSpanId()))
          .collect(Collectors.toSet()));
      // Each member keeps its own trace; the batch hangs under the first sampled member's root.
      assertThat(roots.stream().map(r -> OtlpReceiver.hex(r.getTraceId())).distinct()).hasSize(members);
      assertThat(roots.stream().map(Span::getSpanId)).contains(batch.getParentSpanId());
      List<Span> forwards = named(receiver, "model.forward");
      assertThat(forwards).hasSize(members).allSatisfy(f -> {
        assertThat(f.getLinksList()).hasSize(1);
        assertThat(f.getLinks(0).getSpanId()).isEqualTo(batch.getSpanId());
        assertThat(f.getLinks(0).getTraceId()).isEqualTo(batch.getTraceId());
        assertThat(f.getStartTimeUnixNano()).isEqualTo(batch.getStartTimeUnixNano());
        assertThat(f.getEndTimeUnixNano()).isEqualTo(batch.getEndTimeUnixNano());
      });
    }
  }

  @Test
  void aBatchWithoutASampledMemberHasNoSpan() throws Exception {
    try (OtlpReceiver receiver = OtlpGrpcReceiver.start()) {
      InfersightTracing tracing = tracing(receiver, 0.0);
      try (InferenceObserver observer = InferenceObserver.builder().model("ranker", "3")
          .addListener(tracing.listener()).build()) {
        List<Inference> members = List.of(observer.start(), observer.start());
        InferenceBatch.of(members).forward(() -> { });
        members.get(0).close();
        members.get(1).fail(new IllegalStateException("kept after the fact")).close();
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> receiver.spans().size() >= 2);
      assertThat(receiver.names()).doesNotContain("ml.batch").contains("ml.inference", "model.forward");
      assertThat(receiver.span("model.forward").getLinksList()).isEmpty();
    }
  }

  @Test
  void aGenerativeRequestCarriesTheGenAiAttributes() throws Exception {
    try (OtlpReceiver receiver = OtlpGrpcReceiver.start()) {
      InfersightTracing tracing = tracing(receiver, 1.0);
      try (InferenceObserver observer = InferenceObserver.builder().model("tiny-lm", "1")
          .addListener(tracing.listener()).build()) {
        try (Inference inf = observer.start()) {
          Generation.of(inf).operation("chat").inputTokens(9).output(1).output(2).end();
        }
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.spans().isEmpty());
      assertThat(OtlpReceiver.strings(receiver.span("ml.inference").getAttributesList()))
          .containsEntry("gen_ai.operation.name", "chat")
          .containsEntry("gen_ai.request.model", "tiny-lm")
          .containsEntry("gen_ai.usage.input_tokens", "9")
          .containsEntry("gen_ai.usage.output_tokens", "3")
          .containsKey("ml.time_to_first_token_ms");
    }
  }
}
