package io.infersight.tracing;

import io.infersight.testsupport.OtlpHttpReceiver;
import io.infersight.testsupport.OtlpReceiver;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.infersight.core.Inference;
import io.infersight.core.InferenceObserver;
import io.infersight.core.Stage;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The convenience builder configured the OpenTelemetry way: {@code otel.*} system properties in
 * this JVM, {@code OTEL_*} variables in a child JVM, each against a real loopback OTLP receiver.
 */
class OtelConfigurationTest {
  private final Map<String, String> saved = new HashMap<>();

  private void property(String name, String value) {
    if (!saved.containsKey(name)) { // putIfAbsent would overwrite a saved null
      saved.put(name, System.getProperty(name));
    }
    System.setProperty(name, value);
  }

  @AfterEach
  void restoreProperties() {
    saved.forEach((k, v) -> {
      if (v == null) {
        System.clearProperty(k);
      } else {
        System.setProperty(k, v);
      }
    });
  }

  private static void healthyAndFailed(InfersightTracing tracing) {
    try (InferenceObserver observer = InferenceObserver.builder().model("fraud-detector", "2.1.0")
        .addListener(tracing.listener()).build()) {
      try (Inference inf = observer.start("healthy-1")) {
        inf.stage(Stage.FORWARD, () -> { });
      }
      try (Inference inf = observer.start("failed-1")) {
        inf.fail(new IllegalStateException("feature store timeout"));
      }
    } // closing flushes
  }

  private static List<String> rootCorrelationIds(OtlpReceiver receiver) {
    return receiver.spans().stream().filter(s -> s.getName().equals(InferenceSpans.ROOT_SPAN_NAME))
        .map(s -> OtlpReceiver.strings(s.getAttributesList()).get("correlation_id"))
        .collect(Collectors.toList());
  }

  @Test
  void httpProtocolServiceResourceHeadersAndSamplerFromSystemProperties() throws Exception {
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start()) {
      // The case: the protocol from the environment, the endpoint a full /v1/traces URL.
      property("otel.exporter.otlp.protocol", "http/protobuf");
      property("otel.service.name", "fraud-api-sysprop");
      property("otel.resource.attributes", "deployment.environment=ci,team=ml%20platform");
      property("otel.exporter.otlp.headers", "authorization=Bearer%20abc%3D%3D");
      property("otel.traces.sampler", "parentbased_traceidratio");
      property("otel.traces.sampler.arg", "0");
      property("otel.bsp.schedule.delay", "50");
      InfersightTracing tracing = InfersightTracing.sdkBuilder().model("fraud-detector", "2.1.0")
          .endpoint(receiver.endpoint()).build();
      assertThat(tracing.listener().samplingRatio()).isEqualTo(0.0);
      io.opentelemetry.api.trace.Span app = tracing.openTelemetry().getTracer("app").spanBuilder("GET /x").startSpan();
      assertThat(app.getSpanContext().isSampled()).as("the app's own root spans follow the same ratio").isFalse();
      app.end();

      healthyAndFailed(tracing);

      await().atMost(Duration.ofSeconds(10)).until(() -> !rootCorrelationIds(receiver).isEmpty());
      assertThat(rootCorrelationIds(receiver)).as("ratio 0: only the failed request, kept after the fact")
          .containsExactly("failed-1");
      assertThat(receiver.resource())
          .containsEntry("service.name", "fraud-api-sysprop")
          .containsEntry("deployment.environment", "ci")
          .containsEntry("team", "ml platform")
          .containsEntry("ml.model_name", "fraud-detector");
      assertThat(receiver.headers).containsEntry("authorization", "Bearer abc==");
    }
  }

  @Test
  void baseEndpointAloneGetsTheSignalPathOverHttp() throws Exception {
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start()) {
      String base = receiver.endpoint().replace("/v1/traces", "");
      property("otel.exporter.otlp.endpoint", base);
      property("otel.exporter.otlp.protocol", "http/protobuf");
      property("otel.traces.sampler", "always_on");
      InfersightTracing tracing = InfersightTracing.sdkBuilder().model("ranker", "7").build();
      assertThat(tracing.listener().samplingRatio()).isEqualTo(1.0);
      healthyAndFailed(tracing);

      await().atMost(Duration.ofSeconds(10)).until(() -> rootCorrelationIds(receiver).size() == 2);
      assertThat(receiver.resource()).as("no service name anywhere: the model's")
          .containsEntry("service.name", "ranker");
    }
  }

  @Test
  void explicitBuilderSettingsWinOverTheEnvironment() throws Exception {
    try (OtlpGrpcReceiver receiver = OtlpGrpcReceiver.start()) {
      property("otel.exporter.otlp.protocol", "http/protobuf");
      property("otel.exporter.otlp.endpoint", "http://127.0.0.1:1");
      property("otel.service.name", "from-the-environment");
      property("otel.exporter.otlp.headers", "x-tenant=env,x-region=eu");
      property("otel.traces.sampler", "always_off");
      InfersightTracing tracing = InfersightTracing.sdkBuilder().serviceName("from-the-builder")
          .protocol(OtlpProtocol.GRPC).endpoint(receiver.endpoint()).addHeader("x-tenant", "builder, 1")
          .samplingRatio(1.0).scheduleDelay(Duration.ofMillis(50)).build();
      assertThat(tracing.listener().samplingRatio()).isEqualTo(1.0);
      healthyAndFailed(tracing);

      await().atMost(Duration.ofSeconds(10)).until(() -> rootCorrelationIds(receiver).size() == 2);
      assertThat(receiver.resource()).containsEntry("service.name", "from-the-builder");
      assertThat(receiver.headers).containsEntry("x-tenant", "builder, 1").containsEntry("x-region", "eu");
    }
  }

  @Test
  void exporterNoneWithAStoreExportsNothingAndBadSettingsNameThemselves() {
    property("otel.traces.exporter", "none");
    TraceStore store = TraceStore.create();
    InfersightTracing tracing = InfersightTracing.sdkBuilder().traceStore(store).samplingRatio(1.0).build();
    healthyAndFailed(tracing);
    assertThat(store.recent()).hasSize(2);

    property("otel.traces.exporter", "zipkin-that-is-not-here");
    assertThatThrownBy(() -> InfersightTracing.sdkBuilder().build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("otel.traces.exporter");
    property("otel.traces.exporter", "otlp");
    property("otel.traces.sampler.arg", "1.5");
    property("otel.traces.sampler", "traceidratio");
    assertThatThrownBy(() -> InfersightTracing.sdkBuilder().build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("otel.traces.sampler.arg");
  }

  @Test
  void grpcServiceResourceHeadersAndSamplerFromEnvironmentVariables() throws Exception {
    try (OtlpGrpcReceiver receiver = OtlpGrpcReceiver.start()) {
      ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), EnvConfiguredApp.class.getName());
      Map<String, String> env = pb.environment();
      env.keySet().removeIf(k -> k.startsWith("OTEL_"));
      env.put("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint());
      env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc");
      env.put("OTEL_SERVICE_NAME", "fraud-api-env");
      env.put("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment=staging,k8s.namespace.name=ml");
      env.put("OTEL_EXPORTER_OTLP_HEADERS", "x-api-key=s3cr%2Ct");
      env.put("OTEL_EXPORTER_OTLP_COMPRESSION", "gzip");
      env.put("OTEL_TRACES_SAMPLER", "traceidratio");
      env.put("OTEL_TRACES_SAMPLER_ARG", "1.0");
      pb.redirectErrorStream(true);
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(out).isZero();
      assertThat(out).contains("samplingRatio=1.0");

      await().atMost(Duration.ofSeconds(10)).until(() -> rootCorrelationIds(receiver).size() == 2);
      assertThat(rootCorrelationIds(receiver)).containsExactlyInAnyOrder("env-healthy", "env-failed");
      assertThat(receiver.spans()).extracting(Span::getAttributesList)
          .allSatisfy(a -> assertThat(OtlpReceiver.strings(a)).doesNotContainKey("infersight.kept_after_the_fact"));
      assertThat(receiver.resource())
          .containsEntry("service.name", "fraud-api-env")
          .containsEntry("deployment.environment", "staging")
          .containsEntry("k8s.namespace.name", "ml");
      assertThat(receiver.headers).containsEntry("x-api-key", "s3cr,t").containsEntry("grpc-encoding", "gzip");
    }
  }

}
