package io.infersight.drift;

import io.infersight.core.InferenceView;
import io.micrometer.core.instrument.Counter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Routes one request's feature values to their counts. A {@code double[]} of the schema's length
 * counted in an owned stripe (the common case) goes to the {@link NumericVectorCounter} for every
 * numeric feature it accepts, in one flat loop; everything else (categorical features, numeric
 * features it does not take, feature maps, vectors of the wrong length, the shared stripe) goes
 * value by value to the features' trackers. Both routes count in the same per-feature slices, so
 * which one a value took never shows in a statistic. A wide vector may be sampled ({@link
 * VectorSampling}): a request it does not bin only feeds the data-quality counters of the flat
 * loop's features; every other feature is counted on every request.
 *
 * <pre>{@code
 * FeatureRecorder recorder = new FeatureRecorder(trackers, schemaIndex, schema.size(), mismatch,
 *     stripes.shared(), true);
 * recorder.record(inference, ring.active(), stripe);
 * }</pre>
 */
final class FeatureRecorder {
  private final FeatureTracker[] all;
  private final int[] allIndex;
  private final int schemaSize;
  private final @Nullable Counter countMismatch;
  private final int sharedStripe;
  private final NumericVectorCounter vector;
  private final VectorSampling sampling;
  /** The features {@link #vector} leaves to their trackers, and their schema positions. */
  private final FeatureTracker[] others;
  private final int[] othersIndex;

  /**
   * @param trackers every profiled feature
   * @param schemaIndex each one's schema position, -1 when the schema lacks it
   * @param countMismatch counts vectors of another length than the schema's; null only when there
   *     are no trackers (before install)
   * @param sharedStripe {@link io.infersight.core.internal.Stripes#shared()}, which is also the
   *     number of owned stripes
   * @param sampleWideVectors whether the sampling rule for wide vectors may apply
   */
  FeatureRecorder(List<FeatureTracker> trackers, int[] schemaIndex, int schemaSize,
      @Nullable Counter countMismatch, int sharedStripe, boolean sampleWideVectors) {
    this.all = trackers.toArray(new FeatureTracker[0]);
    this.allIndex = schemaIndex.clone();
    this.schemaSize = schemaSize;
    this.countMismatch = countMismatch;
    this.sharedStripe = sharedStripe;
    List<NumericTracker> flat = new ArrayList<>();
    List<Integer> flatIndex = new ArrayList<>();
    List<FeatureTracker> rest = new ArrayList<>();
    List<Integer> restIndex = new ArrayList<>();
    for (int i = 0; i < all.length; i++) {
      FeatureTracker t = all[i];
      if (t instanceof NumericTracker && NumericVectorCounter.accepts((NumericTracker) t, allIndex[i])) {
        flat.add((NumericTracker) t);
        flatIndex.add(allIndex[i]);
      } else {
        rest.add(t);
        restIndex.add(allIndex[i]);
      }
    }
    this.vector = new NumericVectorCounter(flat.toArray(new NumericTracker[0]), toInts(flatIndex));
    this.sampling = new VectorSampling(sharedStripe, vector.size(), sampleWideVectors);
    this.others = rest.toArray(new FeatureTracker[0]);
    this.othersIndex = toInts(restIndex);
  }

  /** The recorder of a monitor not installed yet: records nothing. */
  static FeatureRecorder empty() {
    return new FeatureRecorder(List.of(), new int[0], 0, null, 0, false);
  }

  private static int[] toInts(List<Integer> list) {
    return list.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Features the flat loop counts. */
  int flatFeatures() {
    return vector.size();
  }

  /** The sampling rule of the flat loop's vectors. */
  VectorSampling sampling() {
    return sampling;
  }

  /** Records the request's feature values in {@code stripe}, claimed by the caller. Never throws on a value. */
  void record(InferenceView inf, int slot, int stripe) {
    if (all.length == 0) {
      return;
    }
    FeatureTracker[] ts = all;
    int[] index = allIndex;
    double[] values = inf.featureValues();
    Map<String, ?> map = inf.featureMap();
    if (values != null && values.length != schemaSize) {
      countMismatch.increment();
    } else if (values != null && stripe != sharedStripe) {
      // The sampling rule for wide vectors (docs/drift.md). The plain version bins every value of
      // every request, and up to ~64 features that is what happens here. Wider, a request walks
      // each feature's bin index, edges and counts (about 5 KB a feature, 5 MB at 1,024), which
      // no longer fit the core's cache, so each value pays a cache miss (issue 19 measured 8 ns a
      // value at 16 features, about 55 ns at 1,024). Binning 1 request in ceil(features / 64),
      // only while the window still gets at least 10 000 vectors, keeps the binned work per
      // request that of a 64-feature vector; the other requests only take a sequential pass for
      // the exact missing / out-of-range counters. The price is a request number per stripe, a
      // multiply per request, and statistical power given up only where the window has plenty
      // (the error bound is in docs/drift.md). What it buys (benchmarks/RESULTS.md, hot-path
      // ledger): a value at 1,024 features costs 0.16-0.87x a 16-feature value of the same run,
      // against 4.3-10.4x without it.
      if (sampling.take(stripe)) {
        vector.count(values, slot, stripe);
      } else {
        vector.check(values);
      }
      ts = others;
      index = othersIndex;
    }
    if (values == null && map == null) {
      return;
    }
    for (int i = 0; i < ts.length; i++) {
      int j = index[i];
      if (values != null && j >= 0 && j < values.length) {
        ts[i].recordDouble(slot, stripe, values[j]);
      } else if (map != null) {
        ts[i].recordObject(slot, stripe, map.get(ts[i].name()));
      } else {
        ts[i].recordDouble(slot, stripe, Double.NaN);
      }
    }
  }
}
