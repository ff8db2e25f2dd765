package io.infersight.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.infersight.core.SelfMetricNames;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infersight.core.InferenceObserver;
import io.infersight.core.Stage;
import io.infersight.testing.RecordedInference;
import io.infersight.testing.RecordedStage;
import io.infersight.testing.RecordingListener;
import io.infersight.testsupport.Required;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The fraud application on a real Tomcat, over real HTTP, with the starter's defaults. */
@FraudAppTest
@ExtendWith(OutputCaptureExtension.class)
class FraudApplicationTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Value("${local.server.port}")
  int port;
  @Autowired
  RecordingListener recorded;
  @Autowired
  InferenceObserver observer;

  private Http http;

  @BeforeEach
  void setUp() {
    http = new Http(port);
  }

  @Test
  void aRequestRecordsAllFourSelfCalledStagesAndEchoesTheHeader() throws Exception {
    HttpResponse<String> r = http.predict("order-4711", "u1", 42.5);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-Correlation-ID")).hasValue("order-4711");
    assertThat(JSON.readTree(r.body()).path("correlationId").asText()).isEqualTo("order-4711");
    RecordedInference last = lastWith("order-4711");
    assertThat(last.stages().stream().map(RecordedStage::stage).collect(Collectors.toList()))
        .containsExactly(Stage.PREPROCESS, Stage.FEATURES, Stage.FORWARD, Stage.POSTPROCESS);
    assertThat(last.model().name()).isEqualTo("fraud-detector");
    assertThat(last.traceId()).isNotNull();
  }

  @Test
  void anInvalidHeaderIsReplacedAndCounted() throws Exception {
    long before = rejected();
    HttpResponse<String> r = http.predict("bad id; rm -rf", "u2", 10);
    assertThat(r.statusCode()).isEqualTo(200);
    String id = r.headers().firstValue("X-Correlation-ID").orElseThrow();
    assertThat(id).matches("[0-9a-f]{16}");
    assertThat(lastWith(id).correlationId()).isEqualTo(id);
    assertThat(rejected()).isEqualTo(before + 1);
  }

  @Test
  void everyLogLineOfTheExchangeCarriesTheIdsAsJsonEvenTheContainersErrorLog(CapturedOutput output)
      throws Exception {
    HttpResponse<String> ok = http.predict("trace-me-1", "u3", 20);
    assertThat(ok.statusCode()).isEqualTo(200);
    HttpResponse<String> failed = http.predict("fail-me-1", "u3", -1);
    assertThat(failed.statusCode()).isEqualTo(500);
    assertThat(failed.headers().firstValue("X-Correlation-ID")).hasValue("fail-me-1");
    String failedTrace = lastWith("fail-me-1").traceId();

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(linesWith(output, "fail-me-1")).anyMatch(l -> l.path("message").asText()
            .contains("Servlet.service()")));
    for (JsonNode line : linesWith(output, "trace-me-1")) {
      assertThat(line.path("correlation_id").asText()).isEqualTo("trace-me-1");
    }
    assertThat(linesWith(output, "trace-me-1")).anyMatch(l -> l.path("message").asText().contains("scored transaction"));
    // The controller logs on the request thread after the inference ended: the trace is still there.
    String okTrace = lastWith("trace-me-1").traceId();
    JsonNode answered = linesWith(output, "trace-me-1").stream()
        .filter(l -> l.path("message").asText().equals("answered /predict")).findFirst().orElseThrow();
    assertThat(answered.path("trace_id").asText()).isEqualTo(okTrace);
    // The container logs the exception after the request ended: the request's IDs are still there.
    JsonNode containerLine = linesWith(output, "fail-me-1").stream()
        .filter(l -> l.path("message").asText().contains("Servlet.service()")).findFirst().orElseThrow();
    assertThat(containerLine.path("correlation_id").asText()).isEqualTo("fail-me-1");
    assertThat(containerLine.path("trace_id").asText()).isEqualTo(failedTrace);

    // One JSON stream: no banner, no plain-text line, no line twice.
    List<String> lines = output.getOut().lines().filter(l -> !l.isBlank()).collect(Collectors.toList());
    Set<String> seen = new HashSet<>();
    for (String l : lines) {
      assertThat(l).as("stdout line").startsWith("{");
      JsonNode node = JSON.readTree(l);
      assertThat(node.has("INFERSIGHT_FORMAT")).as("configuration variable in a log line: %s", l).isFalse();
      assertThat(seen.add(l)).as("line written twice: %s", l).isTrue();
    }
  }

  @Test
  void theActuatorEndpointShowsModelListenersCountersDriftGpuAndTraces() throws Exception {
    http.predict("endpoint-1", "u4", 30);
    http.predict("endpoint-2", "u4", -5);
    lastWith("endpoint-2");
    JsonNode body = JSON.readTree(http.get("/actuator/infersight", "application/json").body());
    assertThat(body.path("model").path("name").asText()).isEqualTo("fraud-detector");
    assertThat(body.path("model").path("version").asText()).isEqualTo("2.1.0");
    List<String> listeners = new ArrayList<>();
    body.path("listeners").forEach(n -> listeners.add(n.asText()));
    assertThat(listeners.get(0)).startsWith("tracing");
    assertThat(listeners.get(1)).startsWith("metrics");
    assertThat(listeners.get(2)).isEqualTo("logging");
    assertThat(listeners.get(3)).startsWith("drift");
    assertThat(listeners.get(4)).isEqualTo("gpu");
    assertThat(body.path("selfMetrics").isArray()).isTrue();
    assertThat(body.path("drift").path("features").has("amount")).isTrue();
    assertThat(body.path("drift").path("features").path("amount").path("state").asText()).isIn("OK", "WARN", "DRIFT");
    assertThat(body.path("gpu").path("enabled").asBoolean()).isTrue();
    assertThat(body.path("gpu").has("available")).isTrue();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      JsonNode traces = JSON.readTree(http.get("/actuator/infersight", "application/json").body()).path("traces");
      assertThat(traces.path("store").asBoolean()).isTrue();
      assertThat(traces.path("recent").size()).isPositive();
      assertThat(traces.path("failed").size()).isPositive();
      assertThat(traces.path("slowest").size()).isPositive();
    });
  }

  @Test
  void theMlSeriesOfActuatorPrometheusPassPromtoolAndCarryExemplarsOffCount() throws Exception {
    for (int i = 0; i < 5; i++) {
      assertThat(http.predict("prom-" + i, "u5", 12 + i).statusCode()).isEqualTo(200);
    }
    lastWith("prom-4");
    HttpResponse<String> om = http.get("/actuator/prometheus",
        "application/openmetrics-text;version=1.0.0;q=0.9,text/plain;q=0.5");
    assertThat(om.statusCode()).isEqualTo(200);
    List<String> ml = om.body().lines().filter(l -> l.startsWith("ml_")).collect(Collectors.toList());
    assertThat(ml).anyMatch(l -> l.startsWith("ml_inference_duration_seconds_bucket") && l.contains("# {"));
    assertThat(ml).filteredOn(l -> l.contains("_count{") || l.contains("_count ")).noneMatch(l -> l.contains("# {"));

    Path promtool = Required.tool("promtool", "install Debian's 'prometheus' package");
    String text = http.get("/actuator/prometheus", "text/plain").body();
    String mlOnly = text.lines().filter(l -> l.startsWith("ml_") || l.startsWith("# HELP ml_")
        || l.startsWith("# TYPE ml_")).collect(Collectors.joining("\n", "", "\n"));
    assertThat(mlOnly).contains("ml_inference_requests_total");
    Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
    p.getOutputStream().write(mlOnly.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(out).as("promtool output").isBlank();
    assertThat(p.exitValue()).isZero();
  }

  private RecordedInference lastWith(String correlationId) {
    RecordedInference[] found = new RecordedInference[1];
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      found[0] = recorded.inferences().stream().filter(r -> correlationId.equals(r.correlationId()))
          .reduce((a, b) -> b).orElse(null);
      assertThat(found[0]).as("recorded request " + correlationId).isNotNull();
    });
    return found[0];
  }

  private long rejected() {
    return observer.selfMetrics().count(SelfMetricNames.CORRELATION_REJECTED, null, null);
  }

  private static List<JsonNode> linesWith(CapturedOutput output, String correlationId) {
    List<JsonNode> out = new ArrayList<>();
    for (String l : output.getOut().lines().collect(Collectors.toList())) {
      if (!l.contains(correlationId)) {
        continue;
      }
      try {
        out.add(JSON.readTree(l));
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + l, e);
      }
    }
    return out;
  }
}
