package io.infersight.examples.reactive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.infersight.core.Stage;
import io.infersight.spring.boot.test.RecordInferences;
import io.infersight.testing.RecordedInference;
import io.infersight.testing.RecordedStage;
import io.infersight.testing.RecordingListener;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.web.server.WebFilter;

/**
 * A WebFlux application (Netty, over real HTTP): the WebFilter, {@code @CorrelationId} resolution,
 * and the correlation ID in the MDC of every log line of an exchange, whichever thread writes it.
 */
@SpringBootTest(classes = ReactiveApp.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.main.web-application-type=reactive", "infersight.model.name=reactive-model",
        "infersight.logging.sample-rate=1.0", "infersight.tracing.sampling-ratio=1.0"})
@RecordInferences
@ExtendWith(OutputCaptureExtension.class)
class WebFluxApplicationTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Value("${local.server.port}")
  int port;
  @Autowired
  RecordingListener recorded;
  @Autowired
  WebFilter[] filters;

  @Test
  void theHeaderIsEchoedAndResolvedAndTheRequestRecorded() throws Exception {
    assertThat(filters).anyMatch(f -> f.getClass().getSimpleName().equals("CorrelationIdWebFilter"));
    HttpResponse<String> r = get("/score", "flux-42");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-Correlation-ID")).hasValue("flux-42");
    assertThat(r.body()).isEqualTo("flux-42:approve");
    RecordedInference[] found = new RecordedInference[1];
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      found[0] = recorded.inferences().stream().filter(i -> "flux-42".equals(i.correlationId()))
          .findFirst().orElse(null);
      assertThat(found[0]).isNotNull();
    });
    assertThat(found[0].stages().stream().map(RecordedStage::stage).collect(Collectors.toList()))
        .containsExactly(Stage.FEATURES, Stage.FORWARD);

    HttpResponse<String> fresh = get("/score", "not valid!");
    String id = fresh.headers().firstValue("X-Correlation-ID").orElseThrow();
    assertThat(id).matches("[0-9a-f]{16}");
    assertThat(fresh.body()).isEqualTo(id + ":approve");
  }

  @Test
  void everyLogLineOfTheExchangeCarriesItsIdOnEveryThread(CapturedOutput output) throws Exception {
    HttpResponse<String> r = get("/score?tag=tagalpha", "flux-mdc-1");
    assertThat(r.statusCode()).isEqualTo(200);

    List<JsonNode> lines = awaitLines(output, "tagalpha", "controller received tagalpha",
        "worker scoring tagalpha", "service scoring tagalpha", "mapped tagalpha");
    assertThat(lines).allSatisfy(l ->
        assertThat(l.path("correlation_id").asText()).as("correlation_id of %s", l).isEqualTo("flux-mdc-1"));
    String controllerThread = threadOf(lines, "controller received tagalpha");
    String workerThread = threadOf(lines, "worker scoring tagalpha");
    assertThat(workerThread).startsWith("boundedElastic").isNotEqualTo(controllerThread);
    assertThat(threadOf(lines, "service scoring tagalpha")).isEqualTo(workerThread);
    // Inside the inference the line also carries the inference's trace.
    RecordedInference inference = recorded.inferences().stream()
        .filter(i -> "flux-mdc-1".equals(i.correlationId())).findFirst().orElseThrow();
    JsonNode serviceLine = lines.stream()
        .filter(l -> l.path("message").asText().equals("service scoring tagalpha")).findFirst().orElseThrow();
    assertThat(inference.traceId()).isNotNull();
    assertThat(serviceLine.path("trace_id").asText()).isEqualTo(inference.traceId());
  }

  @Test
  void linesAfterTheInferenceEndedKeepItsTraceForTheRestOfTheExchange(CapturedOutput output) throws Exception {
    HttpResponse<String> r = get("/score-then-hop?tag=tagdelta", "flux-after-1");
    assertThat(r.statusCode()).isEqualTo(200);
    List<JsonNode> lines = awaitLines(output, "tagdelta", "service scoring tagdelta", "after the inference tagdelta");
    String traceId = recorded.inferences().stream().filter(i -> "flux-after-1".equals(i.correlationId()))
        .findFirst().orElseThrow().traceId();
    assertThat(traceId).isNotNull();
    JsonNode after = lines.stream().filter(l -> l.path("message").asText().equals("after the inference tagdelta"))
        .findFirst().orElseThrow();
    assertThat(after.path("thread_name").asText()).startsWith("parallel");
    assertThat(after.path("correlation_id").asText()).isEqualTo("flux-after-1");
    assertThat(after.path("trace_id").asText()).isEqualTo(traceId);
    // The next exchange on the same threads starts without that trace.
    assertThat(get("/score?tag=tagecho", "flux-after-2").statusCode()).isEqualTo(200);
    JsonNode controller = awaitLines(output, "tagecho", "controller received tagecho").stream()
        .filter(l -> l.path("message").asText().equals("controller received tagecho")).findFirst().orElseThrow();
    assertThat(controller.path("trace_id").isMissingNode()).as("trace_id of %s", controller).isTrue();
  }

  @Test
  void anInferenceWithoutACorrelationParameterTakesTheExchangesIdOnAWorkerThread(CapturedOutput output)
      throws Exception {
    HttpResponse<String> r = get("/score-implicit?tag=tagbravo", "flux-mdc-2");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("approve");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(recorded.inferences()).anyMatch(i -> "flux-mdc-2".equals(i.correlationId())));
    List<JsonNode> lines = linesWith(output, "tagbravo");
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0).path("correlation_id").asText()).isEqualTo("flux-mdc-2");
    assertThat(lines.get(0).path("thread_name").asText()).startsWith("boundedElastic");
  }

  /** {@code GET path} with the correlation header. */
  private HttpResponse<String> get(String path, String correlationId) throws IOException, InterruptedException {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("X-Correlation-ID", correlationId).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The JSON lines mentioning {@code tag}, once they hold a line with each message. */
  private static List<JsonNode> awaitLines(CapturedOutput output, String tag, String... messages) {
    List<JsonNode> lines = new ArrayList<>();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      lines.clear();
      lines.addAll(linesWith(output, tag));
      assertThat(lines).extracting(l -> l.path("message").asText()).contains(messages);
    });
    return lines;
  }

  private static String threadOf(List<JsonNode> lines, String message) {
    return lines.stream().filter(l -> l.path("message").asText().equals(message)).findFirst()
        .orElseThrow().path("thread_name").asText();
  }

  private static List<JsonNode> linesWith(CapturedOutput output, String text) {
    List<JsonNode> out = new ArrayList<>();
    for (String l : output.getOut().lines().collect(Collectors.toList())) {
      if (l.contains(text)) {
        try {
          out.add(JSON.readTree(l));
        } catch (IOException e) {
          throw new AssertionError("not JSON: " + l, e);
        }
      }
    }
    return out;
  }
}
