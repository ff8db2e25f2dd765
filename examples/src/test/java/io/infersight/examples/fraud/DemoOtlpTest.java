package io.infersight.examples.fraud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.infersight.logging.InfersightLogging;
import io.infersight.tracing.OtlpGrpcReceiver;
import io.infersight.testsupport.OtlpHttpReceiver;
import io.infersight.testsupport.OtlpReceiver;
import io.infersight.tracing.StoredTrace;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * The demo configured only through {@code otel.*} system properties (no {@code --otlp-endpoint})
 * exports to a loopback OTLP receiver over either protocol; in the errors scenario every {@code
 * inference_failed} line names a trace that arrived over OTLP under those IDs, and the embedded
 * store shows the same IDs.
 */
class DemoOtlpTest {
  private final Map<String, String> saved = new HashMap<>();
  private final List<ILoggingEvent> failed = new CopyOnWriteArrayList<>();
  private final Logger events = (Logger) LoggerFactory.getLogger(InfersightLogging.DEFAULT_EVENT_LOGGER);
  private final AppenderBase<ILoggingEvent> capture = new AppenderBase<>() {
    @Override
    protected void append(ILoggingEvent e) {
      if ("inference_failed".equals(e.getFormattedMessage())) {
        failed.add(e);
      }
    }
  };

  private void property(String name, String value) {
    if (!saved.containsKey(name)) {
      saved.put(name, System.getProperty(name));
    }
    System.setProperty(name, value);
  }

  @AfterEach
  void restore() {
    events.detachAppender(capture);
    capture.stop();
    saved.forEach((k, v) -> {
      if (v == null) {
        System.clearProperty(k);
      } else {
        System.setProperty(k, v);
      }
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"http/protobuf", "grpc"})
  void errorsScenarioEveryFailedLineNamesATraceThatArrivedOverOtlp(String protocol) throws Exception {
    try (OtlpReceiver receiver = protocol.equals("grpc") ? OtlpGrpcReceiver.start() : OtlpHttpReceiver.start()) {
      property("otel.exporter.otlp.endpoint", receiver.endpoint().replace("/v1/traces", ""));
      property("otel.exporter.otlp.protocol", protocol);
      property("otel.resource.attributes", "deployment.environment=demo-test");
      property("otel.exporter.otlp.headers", "x-demo-token=t%201");
      property("otel.bsp.schedule.delay", "100");
      capture.start();
      events.addAppender(capture);

      DemoOptions options = new DemoOptions(0, 50, Scenario.ERRORS, Duration.ZERO, Duration.ZERO, null,
          Duration.ofHours(1));
      DemoApp demo = DemoApp.start(options, new PrintStream(OutputStream.nullOutputStream()));
      try {
        await("20 failed requests").atMost(Duration.ofSeconds(60)).until(() -> failed.size() >= 20);
      } finally {
        demo.close(); // flushes the export
      }

      Map<String, Span> roots = new HashMap<>();
      await("the kept traces arrive").atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        roots.clear();
        for (Span s : receiver.spans()) {
          if (s.getName().equals("ml.inference")) {
            roots.put(OtlpReceiver.hex(s.getTraceId()), s);
          }
        }
        for (ILoggingEvent e : failed) {
          assertThat(roots).containsKey(e.getMDCPropertyMap().get("trace_id"));
        }
      });
      for (ILoggingEvent e : failed) {
        Map<String, String> mdc = e.getMDCPropertyMap();
        String traceId = mdc.get("trace_id");
        assertThat(traceId).as("trace_id of %s", mdc.get("correlation_id")).matches("[0-9a-f]{32}");
        Span root = roots.get(traceId);
        assertThat(OtlpReceiver.hex(root.getSpanId())).isEqualTo(mdc.get("span_id"));
        assertThat(OtlpReceiver.strings(root.getAttributesList()))
            .containsEntry("correlation_id", mdc.get("correlation_id"));
        StoredTrace stored = demo.traceStore().trace(traceId);
        if (stored != null) { // the store keeps the latest 50 errors only
          assertThat(stored.root().spanId()).isEqualTo(mdc.get("span_id"));
        }
      }
      assertThat(demo.traceStore().errors()).isNotEmpty();
      assertThat(receiver.resource()).containsEntry("service.name", "fraud-api")
          .containsEntry("deployment.environment", "demo-test");
      assertThat(receiver.headers).containsEntry("x-demo-token", "t 1");
    }
  }
}
