package io.infersight.spring.boot.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.status.Status;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import net.logstash.logback.argument.StructuredArguments;
import net.logstash.logback.marker.Markers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.core.env.Environment;
import org.springframework.mock.env.MockEnvironment;

/** Boot's structured formats through the starter's encoder: masked, with Infersight's fields. */
class InfersightBootEncoderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Passes the Luhn check, as a card number must to be masked. */
  private static final String CARD = "4111 1111 1111 1111";

  @ParameterizedTest
  @ValueSource(strings = {"ecs", "logstash", "gelf"})
  void aStructuredLineIsMaskedAndCarriesTheIdsAndEventFields(String format) throws Exception {
    String prefix = "gelf".equals(format) ? "_" : "";
    LoggerContext context = new LoggerContext();
    MockEnvironment env = new MockEnvironment().withProperty("spring.application.name", "fraud-api");
    context.putObject(Environment.class.getName(), env);
    InfersightBootEncoder encoder = new InfersightBootEncoder();
    encoder.setContext(context);
    encoder.setStructuredFormat(format);
    encoder.start();
    assertThat(encoder.isStarted()).isTrue();

    LoggingEvent event = new LoggingEvent("x", context.getLogger("io.infersight.inference"), Level.INFO,
        "scored transaction of bob@example.com card " + CARD + " for user {}", null,
        new Object[] {StructuredArguments.kv("email", "ann@example.com")});
    // A hexadecimal trace ID whose digit run passes the card-number check stays as it is.
    String traceId = "4111111111111111aaaaaaaaaaaaaaaa";
    event.setMDCPropertyMap(Map.of("correlation_id", "order-4711", "trace_id", traceId, "phone", "+49 170 1234567"));
    event.addMarker(Markers.append("event", "inference_complete").and(Markers.append("total_ms", 12.5)));

    String line = new String(encoder.encode(event), StandardCharsets.UTF_8);
    assertThat(line).endsWith("\n").doesNotContain("bob@example.com", "ann@example.com", CARD, "1234567");
    assertThat(line.trim().lines()).hasSize(1);
    JsonNode json = JSON.readTree(line);
    String message = "gelf".equals(format) ? json.path("short_message").asText() : json.path("message").asText();
    assertThat(message).isEqualTo("scored transaction of **** card **** for user email=****");
    assertThat(json.path(prefix + "correlation_id").asText()).isEqualTo("order-4711");
    assertThat(json.path(prefix + "trace_id").asText()).isEqualTo(traceId);
    assertThat(json.path(prefix + "phone").asText()).isEqualTo("****");
    assertThat(json.path(prefix + "event").asText()).isEqualTo("inference_complete");
    assertThat(json.path(prefix + "total_ms").asDouble()).isEqualTo(12.5);
    assertThat(json.path(prefix + "email").asText()).isEqualTo("****");
    encoder.stop();
  }

  @Test
  void anUnknownStructuredFormatIsAConfigurationErrorNamingTheSetting() {
    LoggerContext context = new LoggerContext();
    context.putObject(Environment.class.getName(), new MockEnvironment());
    InfersightBootEncoder encoder = new InfersightBootEncoder();
    encoder.setContext(context);
    encoder.setStructuredFormat("no-such-format");
    encoder.start();
    assertThat(encoder.isStarted()).isFalse();
    assertThat(context.getStatusManager().getCopyOfStatusList())
        .anyMatch(st -> st.getLevel() == Status.ERROR
            && st.getMessage().contains("logging.structured.format.console 'no-such-format'"));
  }
}
