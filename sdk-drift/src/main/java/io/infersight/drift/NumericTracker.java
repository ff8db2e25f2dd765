package io.infersight.drift;

import io.infersight.drift.internal.BinLookup;
import io.infersight.drift.internal.BinnedStatistics;
import io.infersight.drift.internal.ExactStatistics;
import io.infersight.drift.internal.StripedCounts;
import io.micrometer.core.instrument.Counter;
import java.util.concurrent.atomic.DoubleAdder;
import org.jspecify.annotations.Nullable;

/**
 * A numeric feature's window: an indexed lookup over the reference edges finds the bin, a plain
 * increment in the request's stripe counts it. Out-of-range values (rare) also add their distance
 * to the reference range into the sub-window's adder, which makes the Wasserstein tails exact.
 * Infinite values are counted out of range but kept out of the window (they would make every
 * distance infinite). Values of a feature vector usually skip this class: {@link
 * NumericVectorCounter} counts the in-range ones in this tracker's slice of the shared rows and
 * hands only the rest to {@link #recordDouble}.
 */
final class NumericTracker extends FeatureTracker {
  private final double[] edges;
  private final BinLookup bins;
  private final double min;
  private final double max;
  private final int lastBin;
  private final DoubleAdder[] below;
  private final DoubleAdder[] above;
  private final long[] referenceBins;
  private final long[] referenceDeciles;
  private final int[] fineToDecile;

  NumericTracker(FeatureProfile profile, int slots, int stripes, @Nullable Counter missing,
      @Nullable Counter outOfRange, @Nullable Counter invalidType) {
    this(profile, slots, new StripedCounts(stripes, slots, binCount(profile)), missing, outOfRange,
        invalidType);
  }

  /** A tracker counting into {@code counts}: a slice of {@link StripedCounts#slices} of {@link #binCount} bins. */
  NumericTracker(FeatureProfile profile, int slots, StripedCounts counts, @Nullable Counter missing,
      @Nullable Counter outOfRange, @Nullable Counter invalidType) {
    super(profile, slots, counts, missing, outOfRange, null, invalidType);
    this.edges = profile.edgesView();
    this.bins = new BinLookup(edges);
    this.min = profile.min();
    this.max = profile.max();
    this.lastBin = 2 * edges.length;
    this.below = adders(slots);
    this.above = adders(slots);
    this.referenceBins = profile.binCountsView();
    this.fineToDecile = BinnedStatistics.fineToDecile(edges, profile.decilesView());
    this.referenceDeciles = BinnedStatistics.toDeciles(referenceBins, fineToDecile);
  }

  /** Fine bins of a numeric profile: one per edge and one per interval around them. */
  static int binCount(FeatureProfile profile) {
    return 2 * profile.edgesView().length + 1;
  }

  /** The bin index this tracker counts with; a flattened copy must give the same bins. */
  BinLookup lookup() {
    return bins;
  }

  private static DoubleAdder[] adders(int n) {
    DoubleAdder[] a = new DoubleAdder[n];
    for (int i = 0; i < n; i++) {
      a[i] = new DoubleAdder();
    }
    return a;
  }

  @Override
  void recordDouble(int slot, int stripe, double v) {
    if (v != v) {
      missing(slot);
      return;
    }
    if (v == Double.POSITIVE_INFINITY || v == Double.NEGATIVE_INFINITY) {
      increment(outOfRange);
      return;
    }
    int bin = bins.binOf(v);
    counts.increment(stripe, bin);
    if (bin == 0) {
      below[slot].add(min - v);
      increment(outOfRange);
    } else if (bin == lastBin) {
      above[slot].add(v - max);
      increment(outOfRange);
    }
  }

  /**
   * The data-quality counters of a value outside [min, max] (or NaN, or infinite) of a request
   * that the sampling rule does not bin: missing or out of range, and nothing in the window.
   */
  void recordUnbinned(double v) {
    increment(v != v ? missing : outOfRange);
  }

  @Override
  void recordObject(int slot, int stripe, @Nullable Object v) {
    if (v == null) {
      missing(slot);
    } else if (v instanceof Number) {
      recordDouble(slot, stripe, ((Number) v).doubleValue());
    } else {
      increment(invalidType);
    }
  }

  @Override
  void roll(int active, int cleared) {
    super.roll(active, cleared);
    below[cleared].reset();
    above[cleared].reset();
  }

  @Override
  double[] compute(int spare) {
    long[] current = counts.window(spare);
    double belowSum = 0;
    double aboveSum = 0;
    for (int s = 0; s < below.length; s++) {
      if (s != spare) {
        belowSum += below[s].sum();
        aboveSum += above[s].sum();
      }
    }
    double[] v = nanValues();
    if (BinnedStatistics.sum(current) == 0) {
      return v;
    }
    long[] currentDeciles = BinnedStatistics.toDeciles(current, fineToDecile);
    v[DriftMethod.PSI.ordinal()] = ExactStatistics.psi(referenceDeciles, currentDeciles);
    v[DriftMethod.JS.ordinal()] = ExactStatistics.jensenShannon(referenceDeciles, currentDeciles);
    v[DriftMethod.KS.ordinal()] = BinnedStatistics.ks(referenceBins, current);
    double w = BinnedStatistics.wasserstein(edges, referenceBins, current, belowSum, aboveSum);
    v[DriftMethod.WASSERSTEIN.ordinal()] = w;
    double std = profile.std();
    v[DriftMethod.WASSERSTEIN_NORM.ordinal()] = std > 0 ? w / std : Double.NaN;
    return v;
  }

  /** For each fine bin, its PSI bin (non-decreasing): each PSI bin is a run of fine bins. */
  int[] fineToDecile() {
    return fineToDecile;
  }

  /** Reference counts in the 10 PSI bins. */
  long[] referenceDeciles() {
    return referenceDeciles;
  }

  @Override
  DriftHistogram histogram(int spare) {
    return DriftHistogram.numeric(profile.decilesView(), referenceDeciles,
        BinnedStatistics.toDeciles(counts.window(spare), fineToDecile));
  }

  /** Current window counts per fine bin, for the offline report and tests. */
  long[] windowBins(int spare) {
    return counts.window(spare);
  }
}
