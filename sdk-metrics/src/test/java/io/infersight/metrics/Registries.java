package io.infersight.metrics;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** Registries that fail loudly on any registration problem, as the issue asks. */
final class Registries {
  private Registries() {}

  static PrometheusMeterRegistry prometheus() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT).throwExceptionOnRegistrationFailure();
  }

  static PrometheusMeterRegistry prometheusWithExemplars() {
    return InfersightMetrics.prometheusRegistry().throwExceptionOnRegistrationFailure();
  }

  static SimpleMeterRegistry simple() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    registry.config().onMeterRegistrationFailed((id, reason) -> {
      throw new IllegalStateException("registration failed for " + id + ": " + reason);
    });
    return registry;
  }
}
