package io.infersight.metrics;

import io.infersight.core.LabelPolicy;
import io.infersight.metrics.internal.MetricsSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Options of a {@link MetricsListener}. Obtain it from {@link
 * InfersightMetrics#listenerBuilder(MeterRegistry)}. Each setter checks its value; {@link #build()}
 * checks them together and copies them into the listener, so changing or reusing the builder
 * afterwards leaves built listeners alone.
 *
 * <pre>{@code
 * MetricsListener metrics = InfersightMetrics.listenerBuilder(registry)
 *     .maxLabelValues(50)
 *     .buckets(MeterNames.FORWARD_DURATION, 0.0005, 0.001, 0.002, 0.005, 0.01)
 *     .constantLabel("region", "eu-west-1")
 *     .build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class MetricsListenerBuilder {
  /** Durations above this many seconds are refused as absurd by default (one hour). */
  public static final long DEFAULT_MAX_DURATION_SECONDS = 3600;
  /** The most buckets one histogram may have. */
  public static final int MAX_BUCKETS = 64;
  /** The schema native buckets are recorded at by default: 8 buckets per power of two, about 9% wide. */
  public static final int DEFAULT_NATIVE_SCHEMA = 3;
  /** The most native buckets one series exports by default (client_java's default too). */
  public static final int DEFAULT_NATIVE_MAX_BUCKETS = 160;

  private static final Pattern LABEL_KEY = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Set<String> RESERVED_KEYS = Set.of(MeterNames.MODEL_NAME,
      MeterNames.MODEL_VERSION, MeterNames.GIT_COMMIT, MeterNames.STATUS, MeterNames.STAGE,
      MeterNames.SUB_STAGE, MeterNames.CACHE_HIT, "kind", "label", "listener", "le", "quantile");

  private final MeterRegistry registry;
  private int maxLabelValues;
  private final Map<String, double[]> buckets = new HashMap<>();
  private final Map<String, String> constantLabels = new LinkedHashMap<>();
  private boolean subStageMetrics = true;
  private Duration maxDuration = Duration.ofSeconds(DEFAULT_MAX_DURATION_SECONDS);
  private boolean nativeHistograms;
  private int nativeSchema = DEFAULT_NATIVE_SCHEMA;
  private int nativeMaxBuckets = DEFAULT_NATIVE_MAX_BUCKETS;

  MetricsListenerBuilder(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /**
   * The limit on distinct values of each label this listener bounds: {@code model_name},
   * {@code model_version} and {@code git_commit} across every observer on the registry,
   * {@code sub_stage}, and the labels of exported self-metrics. Values past it fold into {@value
   * LabelPolicy#OTHER}. Default: the observer's {@link LabelPolicy} limit for that label (100 unless
   * configured there). Allowed 1 to 10000.
   */
  public MetricsListenerBuilder maxLabelValues(int limit) {
    if (limit < 1 || limit > 10_000) {
      throw new IllegalArgumentException("maxLabelValues must be between 1 and 10000, was " + limit);
    }
    this.maxLabelValues = limit;
    return this;
  }

  /**
   * Replaces the buckets of one histogram: strictly increasing, finite, positive upper bounds, in
   * seconds for durations. {@code +Inf} is always added. See {@link MeterNames#defaultBuckets}.
   */
  public MetricsListenerBuilder buckets(String meterName, double... upperBounds) {
    if (!MeterNames.isHistogram(meterName)) {
      throw new IllegalArgumentException("buckets: meterName '" + meterName + "' is not an Infersight"
          + " histogram (for example " + MeterNames.REQUEST_DURATION + ")");
    }
    Objects.requireNonNull(upperBounds, "buckets(" + meterName + ")");
    if (upperBounds.length == 0 || upperBounds.length > MAX_BUCKETS) {
      throw new IllegalArgumentException("buckets(" + meterName + ") must have 1 to " + MAX_BUCKETS
          + " upper bounds, had " + upperBounds.length);
    }
    for (int i = 0; i < upperBounds.length; i++) {
      double b = upperBounds[i];
      if (!(b > 0) || Double.isInfinite(b)) {
        throw new IllegalArgumentException("buckets(" + meterName + ") must be finite and positive,"
            + " was " + b + " at index " + i);
      }
      if (i > 0 && b <= upperBounds[i - 1]) {
        throw new IllegalArgumentException("buckets(" + meterName + ") must be strictly increasing,"
            + " but " + b + " follows " + upperBounds[i - 1]);
      }
    }
    buckets.put(meterName, upperBounds.clone());
    return this;
  }

  /**
   * Adds a label with a fixed value to every meter of this listener (for example a region). Every
   * listener on one registry must use the same constant label keys, as Prometheus requires one
   * set of label keys per metric name. Keys that name identifiers are refused at {@link #build()}.
   */
  public MetricsListenerBuilder constantLabel(String key, String value) {
    Objects.requireNonNull(key, "constantLabel key");
    Objects.requireNonNull(value, "constantLabel value of " + key);
    constantLabels.put(key, value);
    return this;
  }

  /** Whether named sub-stages get {@value MeterNames#SUBSTAGE_DURATION}; default true. */
  public MetricsListenerBuilder subStageMetrics(boolean enabled) {
    this.subStageMetrics = enabled;
    return this;
  }

  /**
   * Durations above this are refused as absurd and counted under {@code
   * infersight.invalid.observations{kind="absurd_duration"}}. Default {@value
   * #DEFAULT_MAX_DURATION_SECONDS} s; must be positive.
   */
  public MetricsListenerBuilder maxDuration(Duration max) {
    Objects.requireNonNull(max, "maxDuration");
    if (max.isNegative() || max.isZero()) {
      throw new IllegalArgumentException("maxDuration must be positive, was " + max);
    }
    this.maxDuration = max;
    return this;
  }

  /**
   * Whether the latency histograms ({@value MeterNames#REQUEST_DURATION}, {@value
   * MeterNames#STAGE_DURATION}, {@value MeterNames#FORWARD_DURATION}, {@value
   * MeterNames#FEATURE_RETRIEVAL_DURATION}) also keep Prometheus native histogram buckets, beside
   * their classic buckets. Applies on Prometheus registries (also inside a composite); the native
   * buckets are exported only in the protobuf format, which Prometheus asks for when started with
   * {@code --enable-feature=native-histograms}. Default false: such a Prometheus then stores these
   * series as native histograms only, and queries on their {@code _bucket} series (the shipped
   * dashboard and alert rules) find nothing; see docs/metrics.md.
   */
  public MetricsListenerBuilder nativeHistograms(boolean enabled) {
    this.nativeHistograms = enabled;
    return this;
  }

  /**
   * The schema native buckets are recorded at: each power of two is split into 2^schema buckets.
   * 0 to 5; default {@value #DEFAULT_NATIVE_SCHEMA}. Memory per series grows with it (2^schema
   * cells per power of two between about 1 µs and {@link #maxDuration}, per stripe).
   */
  public MetricsListenerBuilder nativeHistogramSchema(int schema) {
    if (schema < 0 || schema > 5) {
      throw new IllegalArgumentException("nativeHistogramSchema must be 0 to 5, was " + schema);
    }
    this.nativeSchema = schema;
    return this;
  }

  /**
   * The most native buckets one series exports; past it, neighbouring buckets are merged (the
   * schema lowered) at the scrape. 8 to 10000; default {@value #DEFAULT_NATIVE_MAX_BUCKETS}.
   */
  public MetricsListenerBuilder nativeHistogramMaxBuckets(int maxBuckets) {
    if (maxBuckets < 8 || maxBuckets > 10_000) {
      throw new IllegalArgumentException("nativeHistogramMaxBuckets must be 8 to 10000, was " + maxBuckets);
    }
    this.nativeMaxBuckets = maxBuckets;
    return this;
  }

  /**
   * Builds the listener from a copy of the settings. Register it on exactly one observer.
   *
   * @throws IllegalArgumentException when a constant label key is refused or malformed
   */
  public MetricsListener build() {
    Tags tags = Tags.empty();
    for (Map.Entry<String, String> e : constantLabels.entrySet()) {
      String key = e.getKey();
      if (LabelPolicy.isForbiddenKey(key)) {
        throw new IllegalArgumentException("constantLabel: " + LabelPolicy.whyForbidden(key));
      }
      if (!LABEL_KEY.matcher(key).matches()) {
        throw new IllegalArgumentException("constantLabel: key '" + key + "' must match "
            + LABEL_KEY.pattern());
      }
      if (RESERVED_KEYS.contains(key)) {
        throw new IllegalArgumentException("constantLabel: key '" + key + "' is used by Infersight's"
            + " own meters; reserved keys are " + RESERVED_KEYS);
      }
      if (e.getValue().length() > 128) {
        throw new IllegalArgumentException("constantLabel: value of '" + key + "' must be at most 128"
            + " characters, was " + e.getValue().length());
      }
      tags = tags.and(key, e.getValue());
    }
    long maxNanos;
    try {
      maxNanos = maxDuration.toNanos();
    } catch (ArithmeticException e) {
      maxNanos = Long.MAX_VALUE;
    }
    return new MetricsListener(new MetricsSettings(registry, maxLabelValues, buckets, tags,
        subStageMetrics, maxNanos, nativeHistograms ? nativeSchema : MetricsSettings.NO_NATIVE,
        nativeMaxBuckets));
  }
}
