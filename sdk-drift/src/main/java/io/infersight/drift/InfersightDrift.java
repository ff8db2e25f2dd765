package io.infersight.drift;

import io.infersight.core.internal.RuntimeLibraries;
import io.infersight.core.internal.RuntimeLibraries.Library;
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
    return listenerBuilder(profile, meterRegistry).build();
  }

  /** A builder of a monitor, for the window, recompute interval and thresholds. */
  public static FeatureDriftMonitorBuilder listenerBuilder(ReferenceProfile profile, MeterRegistry meterRegistry) {
    String problems = Libraries.PROBLEMS;
    if (problems != null) {
      throw new IllegalStateException(problems);
    }
    return new FeatureDriftMonitorBuilder(profile, meterRegistry);
  }

  /**
   * A builder of a monitor.
   *
   * @deprecated use {@link #listenerBuilder(ReferenceProfile, MeterRegistry)}
   */
  @Deprecated
  public static FeatureDriftMonitorBuilder builder(ReferenceProfile profile, MeterRegistry meterRegistry) {
    return listenerBuilder(profile, meterRegistry);
  }

  /**
   * The start-up check of Micrometer and Jackson against the supported range: one line naming a
   * library, the version found and the version needed, instead of a linkage error later.
   */
  private static final class Libraries {
    static final String PROBLEMS = RuntimeLibraries.problems("Infersight drift",
        InfersightDrift.class, Library.MICROMETER, Library.JACKSON_CORE, Library.JACKSON_DATABIND);
  }
}
