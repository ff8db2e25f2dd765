package io.infersight.logging;

import io.infersight.testing.FakeClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import io.infersight.core.Inference;
import io.infersight.core.InferenceView;
import io.infersight.core.InferenceListener;
import io.infersight.core.InferenceObserver;
import io.infersight.core.Stage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.fasterxml.jackson.databind.JsonNode;

class InferenceEventsTest {
  private static final Logger APP = LoggerFactory.getLogger("app.server");
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN = "00f067aa0ba902b7";

  private final LogPipeline.JsonCapture json = new LogPipeline.JsonCapture();
  private final FakeClock clock = FakeClock.create();

  @AfterEach
  void tearDown() {
    LogPipeline.reset();
    assertThat(org.slf4j.MDC.getCopyOfContextMap()).as("MDC after the test").isNullOrEmpty();
  }

  private InferenceObserver observer(InferenceListener... before) {
    InferenceObserver.Builder b = InferenceObserver.builder().model("fraud-detector", "2.1.0").clock(clock);
    for (InferenceListener l : before) {
      b.addListener(l);
    }
    return b.addListener(InfersightLogging.listenerBuilder().sampleRate(1.0).build()).build();
  }

  private static InferenceListener tracing(boolean sampled) {
    return new InferenceListener() {
      @Override
      public void onStart(InferenceView inf) {
        inf.setTrace(TRACE, SPAN, sampled);
      }
    };
  }

  @Test
  void aGenerativeRequestsEventCarriesTimeToFirstTokenAndTokenCounts() {
    LogPipeline.route(Level.INFO, json);
    InferenceObserver observer = observer();
    try (Inference inf = observer.start("gen-1")) {
      io.infersight.core.Generation gen = io.infersight.core.Generation.of(inf).inputTokens(17);
      clock.advanceMillis(40);
      gen.output(1).output(4);
    }
    try (Inference inf = observer.start("plain-1")) {
      inf.stage(Stage.FORWARD, () -> clock.advanceMillis(1));
    }
    List<JsonNode> done = json.events("inference_complete");
    assertThat(done).hasSize(2);
    JsonNode gen = done.get(0);
    assertThat(gen.get("ttft_ms").asDouble()).isEqualTo(40.0);
    assertThat(gen.get("input_tokens").asLong()).isEqualTo(17);
    assertThat(gen.get("output_tokens").asLong()).isEqualTo(5);
    assertThat(done.get(1).has("ttft_ms")).isFalse();
    assertThat(done.get(1).has("output_tokens")).isFalse();
  }

  @Test
  void aRejectedRequestIsAnInfoEventSampledLikeASuccessNotAFailure() {
    LogPipeline.route(Level.INFO, json);
    for (double rate : new double[] {1.0, 0.0}) {
      InferenceObserver observer = InferenceObserver.builder().model("fraud-detector", "2.1.0").clock(clock)
          .rejectOn(IllegalArgumentException.class)
          .addListener(InfersightLogging.listenerBuilder().sampleRate(rate).build()).build();
      try (Inference inf = observer.start("bad-" + rate)) {
        assertThatThrownBy(() -> inf.stage(Stage.PREPROCESS, () -> {
          throw new IllegalArgumentException("amount must be positive");
        })).isInstanceOf(IllegalArgumentException.class);
      }
    }

    assertThat(json.events("inference_failed")).isEmpty();
    List<JsonNode> rejected = json.events("inference_rejected");
    assertThat(rejected).hasSize(1); // the rate-0 one is sampled out: errors-only keeping skips it
    JsonNode e = rejected.get(0);
    assertThat(e.get("level").asText()).isEqualTo("INFO");
    assertThat(e.get("correlation_id").asText()).isEqualTo("bad-1.0");
    assertThat(e.get("status").asText()).isEqualTo("rejected");
    assertThat(e.get("error_type").asText()).isEqualTo("java.lang.IllegalArgumentException");
    assertThat(e.get("kept_by").asText()).isEqualTo("rate");
  }

  @Test
  void emitsInferenceCompleteWithTypedFields() {
    LogPipeline.route(Level.INFO, json);
    InferenceObserver observer = observer();
    try (Inference inf = observer.start("req-42")) {
      inf.stage(Stage.PREPROCESS, () -> clock.advance(Duration.ofMillis(2)));
      inf.stage(Stage.FEATURES, () -> clock.advance(Duration.ofMillis(3)));
      inf.cacheHit(true).featureAge(Duration.ofSeconds(90)).batchSize(8);
      inf.features(Map.of("amount", 1234.5));
      inf.stage(Stage.FORWARD, () -> clock.advance(Duration.ofMillis(5)));
      inf.stage(Stage.POSTPROCESS, () -> clock.advance(Duration.ofMillis(1)));
    }

    List<JsonNode> complete = json.events("inference_complete");
    assertThat(complete).hasSize(1);
    JsonNode e = complete.get(0);
    assertThat(e.get("message").asText()).isEqualTo("inference_complete");
    assertThat(e.get("level").asText()).isEqualTo("INFO");
    assertThat(e.get("correlation_id").asText()).isEqualTo("req-42");
    assertThat(e.get("model_name").asText()).isEqualTo("fraud-detector");
    assertThat(e.get("model_version").asText()).isEqualTo("2.1.0");
    assertThat(e.get("status").asText()).isEqualTo("success");
    assertThat(e.get("total_ms").isNumber()).isTrue();
    assertThat(e.get("total_ms").asDouble()).isEqualTo(11.0);
    assertThat(e.get("preprocess_ms").asDouble()).isEqualTo(2.0);
    assertThat(e.get("features_ms").asDouble()).isEqualTo(3.0);
    assertThat(e.get("forward_ms").asDouble()).isEqualTo(5.0);
    assertThat(e.get("postprocess_ms").asDouble()).isEqualTo(1.0);
    assertThat(e.get("cache_hit").isBoolean()).isTrue();
    assertThat(e.get("cache_hit").asBoolean()).isTrue();
    assertThat(e.get("feature_age_ms").asDouble()).isEqualTo(90_000.0);
    assertThat(e.get("batch_size").isInt()).isTrue();
    assertThat(e.get("batch_size").asInt()).isEqualTo(8);
    assertThat(e.get("slow").asBoolean()).isFalse();
    assertThat(e.has("error_type")).isFalse();
    assertThat(e.has("trace_id")).isFalse();
    assertThat(json.lines().get(0)).doesNotContain("1234.5").doesNotContain("amount");
  }

  @Test
  void theQueueWaitIsQueueMsBesideATotalThatLeavesItOut() {
    LogPipeline.route(Level.INFO, json);
    InferenceObserver observer = observer();
    long enqueuedAt = observer.enqueued();
    clock.advance(Duration.ofMillis(25));
    observer.dequeued();
    try (Inference inf = observer.start("req-q", enqueuedAt)) {
      inf.stage(Stage.FORWARD, () -> clock.advance(Duration.ofMillis(5)));
    }

    JsonNode e = json.events("inference_complete").get(0);
    assertThat(e.get("queue_ms").asDouble()).isEqualTo(25.0);
    assertThat(e.get("total_ms").asDouble()).isEqualTo(5.0);
    assertThat(e.has("preprocess_ms")).isFalse();
  }

  @Test
  void everyLineIsOneJsonObjectWithoutDuplicateKeys() throws Exception {
    LogPipeline.route(Level.DEBUG, json);
    InferenceObserver observer = observer(tracing(true));
    try (Inference inf = observer.start("req-1")) {
      APP.info("scoring user {}", 7);
      inf.stage(Stage.FEATURES, () -> APP.debug("fetching"));
    }
    List<String> lines = json.lines();
    assertThat(lines).hasSize(5);
    com.fasterxml.jackson.databind.ObjectMapper strict = com.fasterxml.jackson.databind.json.JsonMapper
        .builder()
        .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    for (String line : lines) {
      assertThat(line).doesNotContain("\n");
      JsonNode n = strict.readTree(line);
      assertThat(n.isObject()).isTrue();
      assertThat(n.get("correlation_id").asText()).isEqualTo("req-1");
      assertThat(n.get("trace_id").asText()).isEqualTo(TRACE);
      assertThat(n.get("span_id").asText()).isEqualTo(SPAN);
    }
  }

  @Test
  void emitsDebugEventsForRequestAndFeatures() {
    LogPipeline.route(Level.DEBUG, json);
    InferenceObserver observer = observer();
    try (Inference inf = observer.start("req-2")) {
      inf.stage(Stage.FEATURES, () -> clock.advance(Duration.ofMillis(4)));
    }
    List<JsonNode> nodes = json.nodes();
    assertThat(nodes).extracting(n -> n.get("event").asText())
        .containsExactly("inference_request_received", "features_retrieved", "inference_complete");
    JsonNode received = nodes.get(0);
    assertThat(received.get("level").asText()).isEqualTo("DEBUG");
    assertThat(received.get("correlation_id").asText()).isEqualTo("req-2");
    JsonNode features = nodes.get(1);
    assertThat(features.get("level").asText()).isEqualTo("DEBUG");
    assertThat(features.get("features_ms").asDouble()).isEqualTo(4.0);
    assertThat(features.get("model_name").asText()).isEqualTo("fraud-detector");
  }

  @Test
  void emitsInferenceFailedWithErrorType() {
    LogPipeline.route(Level.INFO, json);
    InferenceObserver observer = observer();
    assertThatThrownBy(() -> {
      try (Inference inf = observer.start("req-3")) {
        inf.stage(Stage.FORWARD, () -> {
          throw new IllegalStateException("model not loaded");
        });
      }
    }).isInstanceOf(IllegalStateException.class);
    List<JsonNode> failed = json.events("inference_failed");
    assertThat(failed).hasSize(1);
    JsonNode e = failed.get(0);
    assertThat(e.get("level").asText()).isEqualTo("WARN");
    assertThat(e.get("status").asText()).isEqualTo("error");
    assertThat(e.get("error_type").asText()).isEqualTo("java.lang.IllegalStateException");
    assertThat(e.get("kept_by").asText()).isEqualTo("error");
    assertThat(e.has("forward_ms")).isTrue();
    assertThat(json.events("inference_complete")).isEmpty();
  }

  @Test
  void appLinesOnTheRequestThreadCarryTheCorrelationId() {
    LogPipeline.route(Level.INFO, json);
    InferenceObserver observer = observer();
    APP.info("before");
    try (Inference inf = observer.start("req-4")) {
      APP.info("inside");
    }
    APP.info("after");
    assertThat(json.messages("before").get(0).has("correlation_id")).isFalse();
    assertThat(json.messages("inside").get(0).get("correlation_id").asText()).isEqualTo("req-4");
    assertThat(json.messages("after").get(0).has("correlation_id")).isFalse();
  }

  @Test
  void closingOnAnotherThreadStillLogsTheRightIds() throws Exception {
    LogPipeline.route(Level.INFO, json);
    InferenceObserver observer = observer();
    Inference inf = observer.start("req-5");
    Thread t = new Thread(inf::close);
    t.start();
    t.join();
    inf.close();
    assertThat(json.events("inference_complete")).singleElement()
        .satisfies(e -> assertThat(e.get("correlation_id").asText()).isEqualTo("req-5"));
    // Core detaches only when close() runs on the starting thread: this thread keeps the ID
    // (reported as a needed core change), so the test cleans up after itself.
    org.slf4j.MDC.clear();
  }

  @Test
  void oneListenerServesOneObserver() {
    LoggingListener listener = InfersightLogging.listener();
    InferenceObserver.builder().model("a", "1").addListener(listener).build();
    assertThatThrownBy(() -> InferenceObserver.builder().model("b", "1").addListener(listener).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("one listener per observer");
  }

  @Test
  void builderRejectsInvalidSettingsByName() {
    assertThatThrownBy(() -> InfersightLogging.listenerBuilder().sampleRate(1.5))
        .hasMessageContaining("sampleRate");
    assertThatThrownBy(() -> InfersightLogging.listenerBuilder().sampleRate(Double.NaN))
        .hasMessageContaining("sampleRate");
    assertThatThrownBy(() -> InfersightLogging.listenerBuilder().requestBufferSize(0))
        .hasMessageContaining("requestBufferSize");
    assertThatThrownBy(() -> InfersightLogging.listenerBuilder().eventLogger(" "))
        .hasMessageContaining("eventLogger");
  }
}
