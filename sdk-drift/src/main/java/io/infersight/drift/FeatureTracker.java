package io.infersight.drift;

import io.infersight.drift.internal.BinnedStatistics;
import io.infersight.drift.internal.StripedCounts;
import io.micrometer.core.instrument.Counter;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Live state of one profiled feature (or the prediction score): window counts written on the
 * request thread, drift values and state published by the recompute thread. A record call takes
 * the ring slot the request saw (for per-sub-window side sums) and the stripe the request owns
 * (for the bin counts, see {@link StripedCounts}).
 */
abstract class FeatureTracker {
  private static final int METHODS = DriftMethod.values().length;

  final FeatureProfile profile;
  final @Nullable Counter missing;
  final @Nullable Counter outOfRange;
  final @Nullable Counter unknownCategory;
  final @Nullable Counter invalidType;
  /** Cumulative bin counts per stripe, and their value at the start of each ring slot. */
  final StripedCounts counts;
  /** Missing values of binned requests per ring slot, cleared when the slot leaves the window. */
  private final LongAdder[] missingBySlot;
  private volatile double[] published = nanValues();
  private volatile DriftState state = DriftState.OK;

  FeatureTracker(FeatureProfile profile, int slots, StripedCounts counts, @Nullable Counter missing,
      @Nullable Counter outOfRange, @Nullable Counter unknownCategory, @Nullable Counter invalidType) {
    this.profile = profile;
    this.counts = counts;
    this.missingBySlot = new LongAdder[slots];
    for (int i = 0; i < slots; i++) {
      missingBySlot[i] = new LongAdder();
    }
    this.missing = missing;
    this.outOfRange = outOfRange;
    this.unknownCategory = unknownCategory;
    this.invalidType = invalidType;
  }

  static double[] nanValues() {
    double[] v = new double[METHODS];
    Arrays.fill(v, Double.NaN);
    return v;
  }

  /** Records a value from a primitive feature array; NaN is missing. Never throws. */
  abstract void recordDouble(int slot, int stripe, double v);

  /** Records a value from a feature map; {@code null} is missing. Never throws. */
  abstract void recordObject(int slot, int stripe, @Nullable Object v);

  /**
   * The ring has just made {@code active} the active slot and {@code cleared} the spare: the
   * oldest sub-window, which left the window.
   */
  void roll(int active, int cleared) {
    counts.startSlot(active);
    missingBySlot[cleared].reset();
  }

  /**
   * Counts a missing value (null, NaN, absent) of a request in ring {@code slot}: the {@code
   * ml.feature.missing} counter and the window's missing values, which the live report shows.
   */
  final void missing(int slot) {
    increment(missing);
    missingBySlot[slot].increment();
  }

  /** Missing values in the window (every slot but {@code spare}; all slots when -1). */
  final long windowMissing(int spare) {
    long n = 0;
    for (int i = 0; i < missingBySlot.length; i++) {
      if (i != spare) {
        n += missingBySlot[i].sum();
      }
    }
    return n;
  }

  /** Values in the window (every slot but {@code spare}; all values since start when -1). */
  final long windowCount(int spare) {
    return BinnedStatistics.sum(counts.window(spare));
  }

  /** Values counted since creation, in the window or gone from it. */
  final long totalCounted() {
    return counts.total();
  }

  /** Every method's value on the window (NaN where it does not apply), indexed by ordinal. */
  abstract double[] compute(int spare);

  /** The window's counts next to the reference's in the bins PSI uses. */
  abstract DriftHistogram histogram(int spare);

  final void publish(double[] values) {
    published = values;
  }

  final double value(DriftMethod method) {
    return published[method.ordinal()];
  }

  final DriftState state() {
    return state;
  }

  final void state(DriftState s) {
    state = s;
  }

  final String name() {
    return profile.name();
  }

  static void increment(@Nullable Counter c) {
    if (c != null) {
      c.increment();
    }
  }
}
