package io.infersight.metrics.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The validated, immutable options of one metrics listener, handed from the public builder to the
 * listener. Internal.
 */
public final class MetricsSettings {
  final MeterRegistry registry;
  /** 0 means: the observer's label policy decides. */
  final int maxLabelValues;
  final Map<String, double[]> buckets;
  final Tags constantTags;
  final boolean subStageMetrics;
  final long maxDurationNanos;
  /** The native buckets of the duration series on Prometheus registries, or null for none. */
  final @Nullable NativeLayout nativeLayout;

  /**
   * @param nativeSchema the schema native buckets are recorded at, or {@link #NO_NATIVE} for none
   * @param nativeMaxBuckets the most native buckets one series exports
   */
  public MetricsSettings(MeterRegistry registry, int maxLabelValues, Map<String, double[]> buckets,
      Tags constantTags, boolean subStageMetrics, long maxDurationNanos, int nativeSchema,
      int nativeMaxBuckets) {
    this.registry = registry;
    this.maxLabelValues = maxLabelValues;
    this.buckets = Map.copyOf(buckets);
    this.constantTags = constantTags;
    this.subStageMetrics = subStageMetrics;
    this.maxDurationNanos = maxDurationNanos;
    this.nativeLayout = nativeSchema == NO_NATIVE ? null
        : new NativeLayout(nativeSchema, nativeMaxBuckets, maxDurationNanos);
  }

  /** The {@code nativeSchema} that turns native buckets off. */
  public static final int NO_NATIVE = Integer.MIN_VALUE;
}
