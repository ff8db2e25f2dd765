package io.infersight.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import io.infersight.core.Inference;
import io.infersight.core.InferenceObserver;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.fasterxml.jackson.databind.JsonNode;

/** The includable configuration, as a user's logback.xml would use it. */
class ShippedConfigurationTest {
  private static final Logger APP = LoggerFactory.getLogger("app.server");
  private static final String USER_CONFIG = "<configuration>"
      + "<include resource=\"io/infersight/logging/infersight-appenders.xml\"/>"
      + "<root level=\"INFO\"><appender-ref ref=\"INFERSIGHT\"/></root>"
      + "</configuration>";

  private final PrintStream realOut = System.out;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  @AfterEach
  void tearDown() {
    LogPipeline.reset();
    System.setOut(realOut);
    System.clearProperty("infersight.log.format");
  }

  private void configure(String format) throws JoranException {
    if (format != null) {
      System.setProperty("infersight.log.format", format);
    }
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    LogPipeline.reset();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(LogPipeline.context());
    configurator.doConfigure(new ByteArrayInputStream(USER_CONFIG.getBytes(StandardCharsets.UTF_8)));
  }

  private List<String> lines() {
    return Arrays.stream(out.toString(StandardCharsets.UTF_8).split("\n"))
        .filter(l -> !l.isBlank()).collect(Collectors.toList());
  }

  private static void serveOneRequest() {
    InferenceObserver observer = InferenceObserver.builder().model("fraud", "3")
        .addListener(InfersightLogging.listenerBuilder().sampleRate(1).build()).build();
    try (Inference inf = observer.start("shipped-1")) {
      APP.info("scoring for jane@example.org");
    }
    APP.info("outside");
    observer.close();
  }

  @Test
  void jsonIsTheDefaultAndWritesOneMaskedObjectPerLineThroughTheQueue() throws Exception {
    configure(null);
    assertThat(LogPipeline.context().getLogger("ROOT").getAppender("INFERSIGHT")).isNotNull();
    serveOneRequest();
    List<String> lines = lines();
    assertThat(lines).hasSize(3);
    List<JsonNode> nodes = lines.stream().map(LogPipeline::parse).collect(Collectors.toList());
    assertThat(nodes.get(0).get("message").asText()).isEqualTo("scoring for ****");
    assertThat(nodes.get(0).get("correlation_id").asText()).isEqualTo("shipped-1");
    assertThat(nodes.get(1).get("event").asText()).isEqualTo("inference_complete");
    assertThat(nodes.get(1).get("total_ms").isNumber()).isTrue();
    assertThat(nodes.get(2).get("message").asText()).isEqualTo("outside");
    assertThat(nodes.get(2).has("correlation_id")).isFalse();
  }

  @Test
  void consoleFormatIsReadableAndMasked() throws Exception {
    configure("console");
    serveOneRequest();
    List<String> lines = lines();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).contains("[shipped-1]").contains("scoring for ****").doesNotStartWith("{");
    assertThat(lines.get(1)).contains("inference_complete").contains("status=success");
  }

  @Test
  void shipsNoRootLogbackConfiguration() {
    assertThat(getClass().getClassLoader().getResource("logback.xml")).isNull();
    assertThat(getClass().getClassLoader().getResource("io/infersight/logging/infersight-appenders.xml")).isNotNull();
  }
}
