package io.infersight.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.joran.JoranConfigurator;
import io.infersight.core.Inference;
import io.infersight.core.InferenceView;
import io.infersight.core.InferenceListener;
import io.infersight.core.InferenceObserver;
import io.infersight.core.Stage;
import io.infersight.testsupport.OtlpHttpReceiver;
import io.infersight.testsupport.OtlpReceiver;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shipped OTLP wiring (infersight-appenders-otlp.xml) against a real OTLP/HTTP receiver on
 * loopback, decoded with the OTLP protobuf classes: only the events sampling kept arrive, masked,
 * each with the trace context of its request.
 */
class OtlpLogsTest {
  private static final Logger APP = LoggerFactory.getLogger("app.server");
  private static final String USER_CONFIG = "<configuration>"
      + "<include resource=\"io/infersight/logging/infersight-appenders-otlp.xml\"/>"
      + "<root level=\"INFO\"><appender-ref ref=\"INFERSIGHT\"/></root>"
      + "</configuration>";

  private final PrintStream realOut = System.out;

  @AfterEach
  void tearDown() {
    LogPipeline.reset();
    System.setOut(realOut);
  }

  private static void configure(String xml) throws Exception {
    LogPipeline.reset();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(LogPipeline.context());
    configurator.doConfigure(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void onlyKeptEventsArriveMaskedWithTheTraceContextOfTheirRequest() throws Exception {
    System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start()) {
      configure(USER_CONFIG);
      SdkLoggerProvider logs = SdkLoggerProvider.builder()
          .addLogRecordProcessor(BatchLogRecordProcessor.builder(OtlpHttpLogRecordExporter.builder()
              .setEndpoint(receiver.logsEndpoint()).build()).setScheduleDelay(Duration.ofMillis(50)).build())
          .build();
      OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setLoggerProvider(logs).build();
      InfersightLogging.otlp(sdk);

      // As the tracing listener does for requests head sampling dropped: IDs drawn at the start.
      AtomicLong next = new AtomicLong();
      Set<String> failedTraces = new HashSet<>();
      InferenceListener ids = new InferenceListener() {
        @Override
        public void onStart(InferenceView inf) {
          long n = next.incrementAndGet();
          inf.setTrace(0x4bf92f3577b34da6L, n, 0x00f067aa00000000L | n, false);
        }
      };
      InferenceObserver observer = InferenceObserver.builder().model("fraud", "2.1.0")
          .addListener(ids).addListener(InfersightLogging.listenerBuilder().sampleRate(0).build()).build();
      for (int i = 0; i < 20; i++) {
        try (Inference inf = observer.start()) {
          APP.info("healthy step password=hunter2");
        }
      }
      for (int i = 0; i < 3; i++) {
        try (Inference inf = observer.start()) {
          APP.info("scoring for jane@example.org with token=abc123");
          APP.warn("lookup failed", new IllegalStateException("card 4111 1111 1111 1111 declined"));
          inf.stage(Stage.FORWARD, () -> {
            throw new IllegalStateException("model down");
          });
        } catch (IllegalStateException expected) {
          // the failed request
        }
        failedTraces.add(String.format("4bf92f3577b34da6%016x", next.get()));
      }
      observer.close();
      assertThat(NonBlockingAsyncAppender.flushAll(5_000)).isTrue();
      logs.forceFlush().join(10, TimeUnit.SECONDS);

      await().atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(receiver.logRecords()).hasSize(9));
      List<LogRecord> records = receiver.logRecords();
      List<String> bodies = records.stream().map(r -> r.getBody().getStringValue()).collect(Collectors.toList());
      assertThat(bodies).as("the sampled-out healthy requests send nothing").noneMatch(b -> b.contains("healthy"));
      assertThat(bodies).filteredOn(b -> b.startsWith("scoring for")).hasSize(3)
          .allSatisfy(b -> assertThat(b).doesNotContain("jane@example.org", "abc123"));
      assertThat(bodies).filteredOn("inference_failed"::equals).hasSize(3);
      for (LogRecord r : records) {
        String trace = OtlpReceiver.hex(r.getTraceId());
        assertThat(trace).as("trace of %s", r.getBody()).isIn(failedTraces);
        assertThat(OtlpReceiver.hex(r.getSpanId())).isEqualTo("00f067aa" + trace.substring(24));
        Map<String, String> attributes = OtlpReceiver.strings(r.getAttributesList());
        assertThat(attributes.values()).noneMatch(v -> v.contains("4111 1111") || v.contains("abc123")
            || v.contains("jane@example.org") || v.contains("hunter2"));
        assertThat(attributes).containsKey("correlation_id");
      }
      LogRecord failed = records.stream().filter(r -> r.getBody().getStringValue().equals("inference_failed"))
          .findFirst().orElseThrow();
      Map<String, String> fields = OtlpReceiver.strings(failed.getAttributesList());
      assertThat(fields).containsEntry("event", "inference_failed").containsEntry("model_name", "fraud")
          .containsEntry("status", "error").containsEntry("error_type", IllegalStateException.class.getName())
          .containsKey("total_ms").containsKey("forward_ms");
      assertThat(failed.getAttributesList()).filteredOn(kv -> kv.getKey().equals("total_ms"))
          .allSatisfy(kv -> assertThat(kv.getValue().hasDoubleValue()).isTrue());
      LogRecord warn = records.stream().filter(r -> r.getBody().getStringValue().equals("lookup failed"))
          .findFirst().orElseThrow();
      Map<String, String> exception = OtlpReceiver.strings(warn.getAttributesList());
      assertThat(exception).containsEntry("exception.type", IllegalStateException.class.getName());
      assertThat(exception.get("exception.message")).contains("declined").doesNotContain("4111");
      assertThat(exception.get("exception.stacktrace")).contains("OtlpLogsTest").doesNotContain("4111");
      sdk.close();
    }
  }

  @Test
  void otlpWithoutTheOtlpWiringFailsNamingTheIncludeFile() throws Exception {
    System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    configure("<configuration><include resource=\"io/infersight/logging/infersight-appenders.xml\"/>"
        + "<root level=\"INFO\"><appender-ref ref=\"INFERSIGHT\"/></root></configuration>");
    try (OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().build()) {
      assertThatThrownBy(() -> InfersightLogging.otlp(sdk))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("otlp:").hasMessageContaining("infersight-appenders-otlp.xml");
    }
  }
}
