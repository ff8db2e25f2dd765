package io.infersight.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infersight.gpu.Nvml;
import io.infersight.testsupport.StandInNvml;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fraud application started as a user starts it, in its own JVM, once with Boot's structured
 * console logging ({@code logging.structured.format.console=ecs}) and once with the development
 * profile (Infersight's readable console format); both are read from the process's real stdout. A
 * request whose user ID is an e-mail address and a card number shows the masking. The development
 * instance also runs over sdk-gpu's stand-in NVML (when gcc is there) for the GPU gauges.
 */
class StartedApplicationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Passes the Luhn check, so the masker treats it as a card number. */
  private static final String CARD = "4111 1111 1111 1111";
  private static final String EMAIL = "bob@example.com";
  private static final String USER = EMAIL + " " + CARD;

  private static final String GPU_NAME = "NVIDIA H100 80GB HBM3";

  private static AppProcess ecs;
  private static AppProcess dev;
  /** Why the stand-in NVML could not be built (no gcc): the GPU test reports it. */
  private static Throwable noStandIn;

  @BeforeAll
  static void start() throws Exception {
    // Both start at once; each is read from its own stdout.
    ecs = AppProcess.start(FraudApplication.class, Map.of(), List.of(),
        "--logging.structured.format.console=ecs",
        "--infersight.tracing.sampling-ratio=1.0", "--infersight.logging.sample-rate=1.0");
    Map<String, String> env = Map.of();
    List<String> jvm = List.of();
    try {
      Path nvml = StandInNvml.library();
      Path scenario = StandInNvml.scenario("count=1", "gpu.0.name=" + GPU_NAME, "gpu.0.util.gpu=87",
          "gpu.0.util.memory=41", "gpu.0.memory.total=85899345920", "gpu.0.memory.used=75161927680",
          "gpu.0.temperature=64", "gpu.0.power=312456");
      env = Map.of("INFERSIGHT_NVML_STUB_CONFIG", scenario.toString());
      jvm = List.of("-D" + Nvml.LIBRARY_PROPERTY + "=" + nvml);
    } catch (Throwable t) {
      noStandIn = t;
    }
    dev = AppProcess.start(FraudApplication.class, env, jvm, "--spring.profiles.active=dev",
        "--infersight.gpu.enabled=true", "--infersight.gpu.interval=1s",
        "--infersight.tracing.sampling-ratio=1.0", "--infersight.logging.sample-rate=1.0");
    ecs.awaitReady();
    dev.awaitReady();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (ecs != null) {
      ecs.close();
    }
    if (dev != null) {
      dev.close();
    }
  }

  @Test
  void bootsEcsFormatIsOneMaskedJsonStreamWithCorrelationAndTraceIds() throws Exception {
    assertThat(ecs.http().predict("ecs-mask-1", USER, 25).statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(linesWith(ecs, "ecs-mask-1"))
        .anyMatch(l -> "inference_complete".equals(l.path("event").asText())));
    List<JsonNode> exchange = linesWith(ecs, "ecs-mask-1");

    JsonNode scored = exchange.stream().filter(l -> l.path("message").asText().startsWith("scored transaction"))
        .findFirst().orElseThrow();
    assertThat(scored.path("message").asText()).isEqualTo("scored transaction of user **** ****");
    assertThat(scored.path("log").path("level").asText()).isEqualTo("INFO");
    JsonNode complete = exchange.stream().filter(l -> "inference_complete".equals(l.path("event").asText()))
        .findFirst().orElseThrow();
    assertThat(complete.path("trace_id").asText()).matches("[0-9a-f]{32}");
    assertThat(complete.path("model_name").asText()).isEqualTo("fraud-detector");
    assertThat(complete.path("status").asText()).isEqualTo("success");
    assertThat(complete.path("total_ms").isNumber()).isTrue();
    for (JsonNode line : exchange) {
      assertThat(line.path("correlation_id").asText()).as("correlation_id of %s", line).isEqualTo("ecs-mask-1");
    }

    // One JSON stream: no banner, no plain-text line, no line twice, nothing unmasked.
    List<String> lines = ecs.stdout().stream().filter(l -> !l.isBlank()).collect(Collectors.toList());
    Set<String> seen = new HashSet<>();
    for (String l : lines) {
      assertThat(l).as("stdout line").startsWith("{").doesNotContain(EMAIL, CARD);
      assertThat(JSON.readTree(l).path("ecs").path("version").isMissingNode()).as("ECS line: %s", l).isFalse();
      assertThat(seen.add(l)).as("line written twice: %s", l).isTrue();
    }
  }

  @Test
  void theDevelopmentProfileWritesReadableMaskedLinesWithTheCorrelationId() throws Exception {
    assertThat(dev.http().predict("dev-mask-1", USER, 25).statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(dev.stdout())
        .anyMatch(l -> l.contains("[dev-mask-1]") && l.contains("event=inference_complete")));
    List<String> exchange = dev.stdout().stream().filter(l -> l.contains("dev-mask-1")).collect(Collectors.toList());
    assertThat(exchange).allMatch(l -> !l.startsWith("{"));
    assertThat(exchange).anyMatch(l -> l.matches(
        "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO .*\\[dev-mask-1\\] scored transaction of user \\*\\*\\*\\* \\*\\*\\*\\* .*"));
    assertThat(dev.stdout()).noneMatch(l -> l.contains(EMAIL) || l.contains(CARD));
    // The development profile keeps the banner (Boot's "spring.main.banner-mode=console").
    assertThat(String.join("\n", dev.stdout())).contains(":: Spring Boot ::");
  }

  @Test
  void withTheStandInNvmlTheGpuGaugesAreOnActuatorPrometheusAndTheEndpointShowsTheGpu() throws Throwable {
    if (noStandIn != null) {
      throw noStandIn;
    }
    Http http = dev.http();
    String labels = "{gpu_index=\"0\",gpu_name=\"" + GPU_NAME + "\"}";
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
        http.get("/actuator/prometheus", "text/plain").body().lines())
        .contains("gpu_available 1.0", "gpu_utilization_percent" + labels + " 87.0",
            "gpu_temperature_celsius" + labels + " 64.0")
        .anyMatch(l -> l.startsWith("gpu_memory_total_bytes" + labels + " "))
        .anyMatch(l -> l.startsWith("gpu_power_usage_watts" + labels + " 312.45")));
    JsonNode gpu = JSON.readTree(http.get("/actuator/infersight", "application/json").body()).path("gpu");
    assertThat(gpu.path("enabled").asBoolean()).isTrue();
    assertThat(gpu.path("available").asBoolean()).isTrue();
  }

  private static List<JsonNode> linesWith(AppProcess app, String correlationId) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String l : app.stdout()) {
      if (l.contains(correlationId)) {
        out.add(JSON.readTree(l));
      }
    }
    return out;
  }
}
