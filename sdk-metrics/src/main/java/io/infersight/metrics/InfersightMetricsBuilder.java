package io.infersight.metrics;

import java.time.Duration;

/**
 * The metrics listener's builder under its former name: every method forwards to a {@link
 * MetricsListenerBuilder}.
 *
 * @since 0.1.0
 * @deprecated use {@link InfersightMetrics#listenerBuilder} and {@link MetricsListenerBuilder}
 */
@Deprecated
public final class InfersightMetricsBuilder {
  /** As {@link MetricsListenerBuilder#DEFAULT_MAX_DURATION_SECONDS}. */
  public static final long DEFAULT_MAX_DURATION_SECONDS = MetricsListenerBuilder.DEFAULT_MAX_DURATION_SECONDS;
  /** As {@link MetricsListenerBuilder#MAX_BUCKETS}. */
  public static final int MAX_BUCKETS = MetricsListenerBuilder.MAX_BUCKETS;
  /** As {@link MetricsListenerBuilder#DEFAULT_NATIVE_SCHEMA}. */
  public static final int DEFAULT_NATIVE_SCHEMA = MetricsListenerBuilder.DEFAULT_NATIVE_SCHEMA;
  /** As {@link MetricsListenerBuilder#DEFAULT_NATIVE_MAX_BUCKETS}. */
  public static final int DEFAULT_NATIVE_MAX_BUCKETS = MetricsListenerBuilder.DEFAULT_NATIVE_MAX_BUCKETS;

  private final MetricsListenerBuilder builder;

  InfersightMetricsBuilder(MetricsListenerBuilder builder) {
    this.builder = builder;
  }

  /** As {@link MetricsListenerBuilder#maxLabelValues}. */
  public InfersightMetricsBuilder maxLabelValues(int limit) {
    builder.maxLabelValues(limit);
    return this;
  }

  /** As {@link MetricsListenerBuilder#buckets}. */
  public InfersightMetricsBuilder buckets(String meterName, double... upperBounds) {
    builder.buckets(meterName, upperBounds);
    return this;
  }

  /** As {@link MetricsListenerBuilder#constantLabel}. */
  public InfersightMetricsBuilder constantLabel(String key, String value) {
    builder.constantLabel(key, value);
    return this;
  }

  /** As {@link MetricsListenerBuilder#subStageMetrics}. */
  public InfersightMetricsBuilder subStageMetrics(boolean enabled) {
    builder.subStageMetrics(enabled);
    return this;
  }

  /** As {@link MetricsListenerBuilder#maxDuration}. */
  public InfersightMetricsBuilder maxDuration(Duration max) {
    builder.maxDuration(max);
    return this;
  }

  /** As {@link MetricsListenerBuilder#nativeHistograms}. */
  public InfersightMetricsBuilder nativeHistograms(boolean enabled) {
    builder.nativeHistograms(enabled);
    return this;
  }

  /** As {@link MetricsListenerBuilder#nativeHistogramSchema}. */
  public InfersightMetricsBuilder nativeHistogramSchema(int schema) {
    builder.nativeHistogramSchema(schema);
    return this;
  }

  /** As {@link MetricsListenerBuilder#nativeHistogramMaxBuckets}. */
  public InfersightMetricsBuilder nativeHistogramMaxBuckets(int maxBuckets) {
    builder.nativeHistogramMaxBuckets(maxBuckets);
    return this;
  }

  /** As {@link MetricsListenerBuilder#build}. */
  public MetricsListener build() {
    return builder.build();
  }
}
