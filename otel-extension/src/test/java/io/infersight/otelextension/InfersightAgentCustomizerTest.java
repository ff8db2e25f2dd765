package io.infersight.otelextension;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The extension as autoconfigure finds it (its service file), outside the agent. */
class InfersightAgentCustomizerTest {

  private static String tracerProvider(Map<String, String> settings) {
    try (OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
        .addPropertiesCustomizer(config -> settings)
        .disableShutdownHook().build().getOpenTelemetrySdk()) {
      return sdk.getSdkTracerProvider().toString();
    }
  }

  @Test
  void wrapsTheDefaultRatioSamplerAndLeavesTheUsersSamplerInCharge() {
    Map<String, String> none = Map.of("otel.traces.exporter", "none", "otel.metrics.exporter", "none",
        "otel.logs.exporter", "none");
    assertThat(tracerProvider(none)).contains("InfersightSampler{ParentBased{root:TraceIdRatioBased{0.100000}");

    Map<String, String> users = new java.util.HashMap<>(none);
    users.put("otel.traces.sampler", "always_off");
    assertThat(tracerProvider(users)).contains("InfersightSampler{AlwaysOffSampler}");
  }

  @Test
  void defaultsSwitchTheAgentsLogAndMicrometerCaptureOff() {
    assertThat(InfersightAgentCustomizer.defaults())
        .containsEntry("otel.instrumentation.logback-appender.enabled", "false")
        .containsEntry("otel.instrumentation.micrometer.enabled", "false")
        .containsEntry("otel.traces.sampler.arg", InfersightAgentCustomizer.DEFAULT_RATIO);
  }
}
