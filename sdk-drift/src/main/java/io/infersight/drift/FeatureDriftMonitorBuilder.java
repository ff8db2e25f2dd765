package io.infersight.drift;

import io.infersight.core.internal.Stripes;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Configures a {@link FeatureDriftMonitor}: the sliding window (by time or by request count), how
 * often drift is recomputed, the minimum window size, and the warn/drift thresholds per method.
 * Obtain it from {@link InfersightDrift#listenerBuilder}. Each setter checks its value; {@link
 * #build()} copies them into the monitor, so changing or reusing the builder afterwards leaves
 * built monitors alone.
 *
 * <pre>{@code
 * FeatureDriftMonitor drift = InfersightDrift.listenerBuilder(profile, registry)
 *     .windowByTime(Duration.ofMinutes(5), 12)      // the last hour, sliding every 5 minutes
 *     .recomputeInterval(Duration.ofSeconds(30))
 *     .threshold(DriftMethod.PSI, 0.1, 0.2)
 *     .threshold(DriftMethod.KS, 0.1, 0.2)
 *     .build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class FeatureDriftMonitorBuilder {
  /** Default number of sub-windows in the sliding window. */
  public static final int DEFAULT_SUB_WINDOWS = 12;
  /** Default sub-window length, in seconds (12 × 5 minutes = the last hour). */
  public static final long DEFAULT_SUB_WINDOW_SECONDS = 300;
  /** Default interval between two recomputations, in seconds. */
  public static final long DEFAULT_RECOMPUTE_INTERVAL_SECONDS = 30;
  /** Default minimum values in the window before a feature gets drift values and a state. */
  public static final int DEFAULT_MIN_SAMPLES = 100;
  /** Default PSI level of the warn state. */
  public static final double DEFAULT_PSI_WARN = 0.1;
  /** Default PSI level of the drift state. */
  public static final double DEFAULT_PSI_DRIFT = 0.2;
  /** Most sub-windows allowed. */
  public static final int MAX_SUB_WINDOWS = 1_000;

  final ReferenceProfile profile;
  final MeterRegistry registry;
  Duration subWindow = Duration.ofSeconds(DEFAULT_SUB_WINDOW_SECONDS);
  long requestsPerSubWindow;
  int subWindows = DEFAULT_SUB_WINDOWS;
  Duration recomputeInterval = Duration.ofSeconds(DEFAULT_RECOMPUTE_INTERVAL_SECONDS);
  int minSamples = DEFAULT_MIN_SAMPLES;
  int stripes = Stripes.defaultCount();
  final Map<DriftMethod, DriftThreshold> thresholds = new EnumMap<>(DriftMethod.class);
  boolean binCounters = true;
  boolean sampleWideVectors = true;
  final Set<String> binCountersExcluded = new LinkedHashSet<>();

  FeatureDriftMonitorBuilder(ReferenceProfile profile, MeterRegistry registry) {
    this.profile = Objects.requireNonNull(profile, "profile");
    this.registry = Objects.requireNonNull(registry, "meterRegistry");
    thresholds.put(DriftMethod.PSI,
        new DriftThreshold(DriftMethod.PSI, DEFAULT_PSI_WARN, DEFAULT_PSI_DRIFT));
  }

  /**
   * A window of the last {@code subWindows × subWindow} of time, sliding by one sub-window.
   *
   * @throws IllegalArgumentException when {@code subWindow} is not positive or {@code subWindows}
   *     is outside 1 … {@value #MAX_SUB_WINDOWS}
   */
  public FeatureDriftMonitorBuilder windowByTime(Duration subWindow, int subWindows) {
    Objects.requireNonNull(subWindow, "subWindow");
    if (subWindow.isNegative() || subWindow.isZero()) {
      throw new IllegalArgumentException("windowByTime: subWindow must be positive, was " + subWindow);
    }
    checkSubWindows("windowByTime", subWindows);
    this.subWindow = subWindow;
    this.requestsPerSubWindow = 0;
    this.subWindows = subWindows;
    return this;
  }

  /**
   * A window of about the last {@code subWindows × requestsPerSubWindow} requests, sliding by one
   * sub-window. The background thread checks the count at most every second, so a sub-window
   * may hold more requests than asked under heavy traffic.
   *
   * @throws IllegalArgumentException when a value is not positive or {@code subWindows} exceeds
   *     {@value #MAX_SUB_WINDOWS}
   */
  public FeatureDriftMonitorBuilder windowByCount(long requestsPerSubWindow, int subWindows) {
    if (requestsPerSubWindow <= 0) {
      throw new IllegalArgumentException(
          "windowByCount: requestsPerSubWindow must be positive, was " + requestsPerSubWindow);
    }
    checkSubWindows("windowByCount", subWindows);
    this.requestsPerSubWindow = requestsPerSubWindow;
    this.subWindow = null;
    this.subWindows = subWindows;
    return this;
  }

  private static void checkSubWindows(String setting, int n) {
    if (n < 1 || n > MAX_SUB_WINDOWS) {
      throw new IllegalArgumentException(setting + ": subWindows must be in 1.." + MAX_SUB_WINDOWS
          + ", was " + n);
    }
  }

  /**
   * How often the background thread recomputes drift (default {@value
   * #DEFAULT_RECOMPUTE_INTERVAL_SECONDS} s).
   *
   * @throws IllegalArgumentException when not positive
   */
  public FeatureDriftMonitorBuilder recomputeInterval(Duration interval) {
    Objects.requireNonNull(interval, "recomputeInterval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("recomputeInterval must be positive, was " + interval);
    }
    this.recomputeInterval = interval;
    return this;
  }

  /**
   * Values a feature needs in the window before its drift values are published and its state
   * may change (default {@value #DEFAULT_MIN_SAMPLES}); below, its gauges read NaN.
   *
   * @throws IllegalArgumentException when below 1
   */
  public FeatureDriftMonitorBuilder minSamples(int minSamples) {
    if (minSamples < 1) {
      throw new IllegalArgumentException("minSamples must be >= 1, was " + minSamples);
    }
    this.minSamples = minSamples;
    return this;
  }

  /**
   * Sets the levels at which {@code method} puts a feature in the warn and drift states. For
   * {@link DriftMethod#CHI2_P}, lower is worse: the state is drift when p ≤ {@code drift}, so
   * {@code drift ≤ warn}. Default: PSI {@value #DEFAULT_PSI_WARN} / {@value #DEFAULT_PSI_DRIFT}.
   *
   * @throws IllegalArgumentException when a level is not finite and non-negative, or the two are
   *     in the wrong order
   */
  public FeatureDriftMonitorBuilder threshold(DriftMethod method, double warn, double drift) {
    Objects.requireNonNull(method, "method");
    String setting = "threshold(" + method.label() + ")";
    if (!Double.isFinite(warn) || !Double.isFinite(drift) || warn < 0 || drift < 0) {
      throw new IllegalArgumentException(setting + ": warn and drift must be finite and >= 0, were "
          + warn + " and " + drift);
    }
    if (method.higherIsWorse() && warn > drift) {
      throw new IllegalArgumentException(setting + ": warn (" + warn + ") must be <= drift (" + drift + ")");
    }
    if (!method.higherIsWorse() && (drift > warn || warn > 1)) {
      throw new IllegalArgumentException(setting + ": p-value levels need drift (" + drift
          + ") <= warn (" + warn + ") <= 1");
    }
    thresholds.put(method, new DriftThreshold(method, warn, drift));
    return this;
  }

  /** Removes the thresholds of {@code method} (for example the default PSI ones). */
  public FeatureDriftMonitorBuilder noThreshold(DriftMethod method) {
    thresholds.remove(Objects.requireNonNull(method, "method"));
    return this;
  }

  /**
   * Whether to export every feature's and the score's counts per PSI bin (default on): the
   * counters {@code ml.feature.bin{model_name,feature,bin}} and {@code
   * ml.prediction.score.bin{model_name,bin}} and the reference shares {@code
   * ml.feature.reference.ratio} and {@code ml.prediction.score.reference.ratio}, from which the
   * shipped Prometheus rules compute the fleet's drift over every replica (docs/drift.md, "Fleet
   * drift"). Each numeric feature adds 10 counters and 10 gauges, each categorical one one per
   * reference category plus one.
   */
  public FeatureDriftMonitorBuilder binCounters(boolean enabled) {
    this.binCounters = enabled;
    return this;
  }

  /**
   * Leaves these features out of the per-bin export of {@link #binCounters(boolean)}, for
   * example wide embeddings whose fleet drift nobody alerts on.
   *
   * @throws IllegalArgumentException when a name is not a feature of the profile
   */
  public FeatureDriftMonitorBuilder binCountersExclude(String... features) {
    Objects.requireNonNull(features, "features");
    for (String f : features) {
      if (f == null || profile.features().stream().noneMatch(p -> p.name().equals(f))) {
        throw new IllegalArgumentException("binCountersExclude: '" + f
            + "' is not a feature of the reference profile");
      }
      binCountersExcluded.add(f);
    }
    return this;
  }

  /**
   * Whether wide feature vectors may be sampled (default on): for a {@code double[]} vector of
   * more than 64 numeric features, while the traffic projects at least {@code k × 10 000}
   * requests in the window, the window bins about 1 request in {@code k = ceil(features / 64)},
   * chosen deterministically, so binning costs per request what a 64-feature vector does. The
   * data-quality counters ({@code ml.feature.missing}, {@code ml.feature.out.of.range}) still
   * see every request; the window, its drift values and the per-bin counters see the sampled
   * ones. docs/drift.md, "The sampling rule for wide vectors", gives the rule and its error
   * bound. Turn it off when every value must be binned, whatever it costs.
   */
  public FeatureDriftMonitorBuilder sampleWideVectors(boolean enabled) {
    this.sampleWideVectors = enabled;
    return this;
  }

  /**
   * Count stripes (a power of two; default: processors rounded up, at most {@value
   * Stripes#MAX_DEFAULT_STRIPES}). Package-private: tests use 1 to force the shared stripe.
   */
  FeatureDriftMonitorBuilder stripes(int count) {
    if (count < 1 || count > Stripes.MAX_STRIPES || Integer.bitCount(count) != 1) {
      throw new IllegalArgumentException("stripes must be a power of two in 1.." + Stripes.MAX_STRIPES
          + ", was " + count);
    }
    this.stripes = count;
    return this;
  }

  /** Builds the monitor; register it with {@code InferenceObserver.Builder#addListener}. */
  public FeatureDriftMonitor build() {
    return new FeatureDriftMonitor(this);
  }
}
