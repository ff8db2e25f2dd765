package io.infersight.metrics;

import io.infersight.metrics.internal.MetricsSettings;

/**
 * The metrics pillar's {@link io.infersight.core.InferenceListener}: records every inference into
 * the request, stage, forward, feature and score series of {@link MeterNames}, with meters
 * resolved once at install. Create it with {@link InfersightMetrics#listener} or {@link
 * InfersightMetrics#listenerBuilder}, and register it on exactly one observer.
 *
 * <pre>{@code
 * MetricsListener metrics = InfersightMetrics.listener(registry);
 * InferenceObserver observer = InferenceObserver.builder().model("fraud", "2.1.0")
 *     .addListener(metrics).build();
 * }</pre>
 *
 * <p>The recording itself lives in the module's internal package, with the meters it reads; this
 * type names it in the public API.
 *
 * @since 0.1.0
 */
public final class MetricsListener extends io.infersight.metrics.internal.MetricsListener {
  MetricsListener(MetricsSettings settings) {
    super(settings);
  }
}
