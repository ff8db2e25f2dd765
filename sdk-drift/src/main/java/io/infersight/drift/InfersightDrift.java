package io.infersight.drift;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Entry point of the drift module: a listener that computes streaming input and prediction drift
 * against a {@link ReferenceProfile} and publishes it to Micrometer.
 *
 * <pre>{@code
 * InferenceObserver observer = InferenceObserver.builder()
 *     .model("fraud-detector", "2.1.0")
 *     .addListener(InfersightDrift.listener(ReferenceProfile.load(profilePath), meterRegistry))
 *     .build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class InfersightDrift {
  private InfersightDrift() {}

  /** A monitor with the defaults: the last hour in 12 × 5-minute sub-windows, PSI thresholds 0.1 / 0.2. */
  public static FeatureDriftMonitor listener(ReferenceProfile profile, MeterRegistry meterRegistry) {
    return builder(profile, meterRegistry).build();
  }

  /** A builder to configure the window, recompute interval and thresholds. */
  public static FeatureDriftMonitorBuilder builder(ReferenceProfile profile, MeterRegistry meterRegistry) {
    return new FeatureDriftMonitorBuilder(profile, meterRegistry);
  }
}
