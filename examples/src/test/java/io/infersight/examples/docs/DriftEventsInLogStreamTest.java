package io.infersight.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infersight.core.Inference;
import io.infersight.core.InferenceObserver;
import io.infersight.drift.FeatureDriftMonitor;
import io.infersight.drift.InfersightDrift;
import io.infersight.drift.ReferenceProfile;
import io.infersight.logging.InfersightEncoder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The drift module and the logging module together, as an app runs them: a drift state change
 * comes out of the logging module's JSON encoder as one JSON event with its fields.
 */
class DriftEventsInLogStreamTest {

  @Test
  void aDriftStateChangeIsOneJsonEventOfTheLoggingModulesStream() throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    InfersightEncoder encoder = new InfersightEncoder();
    encoder.setContext(context);
    encoder.setFormat(InfersightEncoder.JSON);
    encoder.start();
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setEncoder(encoder);
    appender.setOutputStream(out);
    appender.start();
    Logger drift = context.getLogger("io.infersight.drift");
    drift.addAppender(appender);
    drift.setAdditive(false);
    Random random = new Random(5);
    double[] reference = new double[20_000];
    for (int i = 0; i < reference.length; i++) {
      reference[i] = 100 + 15 * random.nextGaussian();
    }
    FeatureDriftMonitor monitor = InfersightDrift.listenerBuilder(
        ReferenceProfile.builder().numeric("amount", reference).build(), new SimpleMeterRegistry()).build();
    InferenceObserver observer = InferenceObserver.builder().model("fraud-detector", "2.1.0")
        .featureSchema("amount").addListener(monitor).build();
    try {
      for (int i = 0; i < 2_000; i++) {
        try (Inference inf = observer.start()) {
          inf.features(new double[] {130 + 15 * random.nextGaussian()});
        }
      }
      monitor.recomputeNow();
    } finally {
      observer.close();
      drift.detachAppender(appender);
      drift.setAdditive(true);
      appender.stop();
    }

    List<JsonNode> events = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
      events.add(json.readTree(line)); // every line of the stream is one JSON object
    }
    assertThat(events).hasSize(1);
    JsonNode e = events.get(0);
    assertThat(e.path("event").asText()).isEqualTo("feature_drift_detected");
    assertThat(e.path("level").asText()).isEqualTo("WARN");
    assertThat(e.path("model_name").asText()).isEqualTo("fraud-detector");
    assertThat(e.path("feature").asText()).isEqualTo("amount");
    assertThat(e.path("state").asText()).isEqualTo("drift");
    assertThat(e.path("previous_state").asText()).isEqualTo("ok");
    assertThat(e.path("method").asText()).isEqualTo("psi");
    assertThat(e.path("psi").isNumber()).isTrue();
    assertThat(e.path("psi").asDouble()).isGreaterThan(0.2);
  }
}
