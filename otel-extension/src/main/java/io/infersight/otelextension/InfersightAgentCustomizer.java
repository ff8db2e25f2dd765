package io.infersight.otelextension;

import io.infersight.tracing.InfersightSampler;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizer;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;
import java.util.HashMap;
import java.util.Map;

/**
 * Infersight inside the OpenTelemetry Java agent, loaded with {@code
 * -Dotel.javaagent.extensions=infersight-otel-extension.jar}:
 *
 * <ul>
 *   <li>wraps whatever sampler the agent is configured with in {@link InfersightSampler}, so a
 *       failed or slow request that head sampling dropped is still exported when the tracing
 *       listener keeps it after the fact, and every other span follows the configured sampler;
 *   <li>sets defaults under every setting of the user's: the sampler is {@code
 *       parentbased_traceidratio} with Infersight's ratio 0.1 (the agent's own default, {@code
 *       parentbased_always_on}, would trace every request), and the agent's logback capture and
 *       Micrometer bridge are off, since Infersight's log events and meters already have their
 *       own outlets (stdout for promtail, the Prometheus registry) and would be exported twice,
 *       the logs without Infersight's sampling.
 * </ul>
 *
 * <p>Every default is an ordinary agent setting: {@code OTEL_TRACES_SAMPLER(_ARG)}, {@code
 * OTEL_INSTRUMENTATION_LOGBACK_APPENDER_ENABLED}, {@code OTEL_INSTRUMENTATION_MICROMETER_ENABLED}
 * set by the user win.
 *
 * @since 0.1.0
 */
public final class InfersightAgentCustomizer implements AutoConfigurationCustomizerProvider {
  /** The default head-sampling ratio, as the tracing listener's. */
  static final String DEFAULT_RATIO = "0.1";

  @Override
  public void customize(AutoConfigurationCustomizer customizer) {
    customizer.addPropertiesSupplier(InfersightAgentCustomizer::defaults);
    customizer.addSamplerCustomizer((sampler, config) -> InfersightSampler.create(sampler));
  }

  static Map<String, String> defaults() {
    Map<String, String> d = new HashMap<>();
    d.put("otel.traces.sampler", "parentbased_traceidratio");
    d.put("otel.traces.sampler.arg", DEFAULT_RATIO);
    d.put("otel.instrumentation.logback-appender.enabled", "false");
    d.put("otel.instrumentation.micrometer.enabled", "false");
    return d;
  }

  @Override
  public String toString() {
    return "InfersightAgentCustomizer";
  }
}
