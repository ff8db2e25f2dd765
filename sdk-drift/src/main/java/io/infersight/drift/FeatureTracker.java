package io.infersight.drift;

import io.infersight.drift.internal.BinnedStatistics;
import io.infersight.drift.internal.SlotCounts;
import io.micrometer.core.instrument.Counter;
import java.util.Arrays;

/**
 * Live state of one profiled feature (or the prediction score): window counts written on the
 * request thread, drift values and state published by the recompute thread.
 */
abstract class FeatureTracker {
  private static final int METHODS = DriftMethod.values().length;

  final FeatureProfile profile;
  final Counter missing;
  final Counter outOfRange;
  final Counter unknownCategory;
  final Counter invalidType;
  /** Window counts per sub-window slot and bin. */
  final SlotCounts counts;
  private volatile double[] published = nanValues();
  private volatile DriftState state = DriftState.OK;

  FeatureTracker(FeatureProfile profile, SlotCounts counts, Counter missing, Counter outOfRange,
      Counter unknownCategory, Counter invalidType) {
    this.profile = profile;
    this.counts = counts;
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
  abstract void recordDouble(int slot, double v);

  /** Records a value from a feature map; {@code null} is missing. Never throws. */
  abstract void recordObject(int slot, Object v);

  /** Empties {@code slot}, which just left the window. */
  void clear(int slot) {
    counts.clear(slot);
  }

  /** Values in the window (every slot but {@code spare}). */
  final long windowCount(int spare) {
    return BinnedStatistics.sum(counts.sumExcept(spare));
  }

  /** Values counted since creation, in the window or retired from it. */
  final long totalCounted() {
    return BinnedStatistics.sum(counts.sumAll()) + counts.retired();
  }

  /** Every method's value on the window (NaN where it does not apply), indexed by ordinal. */
  abstract double[] compute(int spare);

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

  static void increment(Counter c) {
    if (c != null) {
      c.increment();
    }
  }
}
