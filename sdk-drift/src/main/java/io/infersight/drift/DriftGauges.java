package io.infersight.drift;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** Registers the drift gauges of a tracker; they read the values its last recomputation published. */
final class DriftGauges {
  private DriftGauges() {}

  static void registerFeature(MeterRegistry registry, String model, FeatureTracker t) {
    for (DriftMethod m : DriftMethod.values()) {
      if (m.appliesTo(t.profile.kind())) {
        Gauge.builder("ml.feature.drift", t, x -> x.value(m))
            .description("Drift of a feature's recent values from its reference profile")
            .tags("model_name", model, "feature", t.name(), "method", m.label())
            .strongReference(true)
            .register(registry);
      }
    }
    Gauge.builder("ml.feature.drift.state", t, x -> x.state().level())
        .description("Drift state of a feature: 0 ok, 1 warn, 2 drift")
        .tags("model_name", model, "feature", t.name())
        .strongReference(true)
        .register(registry);
  }

  static void registerPrediction(MeterRegistry registry, String model, FeatureTracker t) {
    for (DriftMethod m : DriftMethod.values()) {
      if (m.appliesTo(FeatureKind.NUMERIC)) {
        Gauge.builder("ml.prediction.drift", t, x -> x.value(m))
            .description("Drift of recent prediction scores from the reference profile")
            .tags("model_name", model, "method", m.label())
            .strongReference(true)
            .register(registry);
      }
    }
    Gauge.builder("ml.prediction.drift.state", t, x -> x.state().level())
        .description("Drift state of the prediction score: 0 ok, 1 warn, 2 drift")
        .tags("model_name", model)
        .strongReference(true)
        .register(registry);
  }
}
