package io.infersight.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fraud application started as a user starts it, in its own JVM, once with Boot's structured
 * console logging ({@code logging.structured.format.console=ecs}) and once with the development
 * profile (Infersight's readable console format); both are read from the process's real stdout. A
 * request whose user ID is an e-mail address and a card number shows the masking.
 */
class LogFormatsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Passes the Luhn check, so the masker treats it as a card number. */
  private static final String CARD = "4111 1111 1111 1111";
  private static final String EMAIL = "bob@example.com";
  private static final String USER = EMAIL + " " + CARD;

  private static AppProcess ecs;
  private static AppProcess dev;

  @BeforeAll
  static void start() throws IOException {
    List<String> jvm = List.of();
    // Both start at once; each is read from its own stdout.
    ecs = AppProcess.start(FraudApplication.class, jvm, "--logging.structured.format.console=ecs",
        "--infersight.tracing.sampling-ratio=1.0", "--infersight.logging.sample-rate=1.0");
    dev = AppProcess.start(FraudApplication.class, jvm, "--spring.profiles.active=dev",
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
