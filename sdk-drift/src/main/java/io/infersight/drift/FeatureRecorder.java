package io.infersight.drift;

import io.infersight.core.InferenceView;
import io.micrometer.core.instrument.Counter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Routes one request's feature values to their counts. A {@code double[]} of the schema's length
 * counted in an owned stripe (the common case) goes to the {@link NumericVectorCounter} for every
 * numeric feature it accepts, in one flat loop; everything else (categorical features, numeric
 * features it does not take, feature maps, vectors of the wrong length, the shared stripe) goes
 * value by value to the features' trackers. Both routes count in the same per-feature slices, so
 * which one a value took never shows in a statistic.
 *
 * <pre>{@code
 * FeatureRecorder recorder = new FeatureRecorder(trackers, schemaIndex, schema.size(), mismatch, stripes.shared());
 * recorder.record(inference, ring.active(), stripe);
 * }</pre>
 */
final class FeatureRecorder {
  private final FeatureTracker[] all;
  private final int[] allIndex;
  private final int schemaSize;
  private final Counter countMismatch;
  private final int sharedStripe;
  private final NumericVectorCounter vector;
  /** The features {@link #vector} leaves to their trackers, and their schema positions. */
  private final FeatureTracker[] others;
  private final int[] othersIndex;

  /**
   * @param trackers every profiled feature
   * @param schemaIndex each one's schema position, -1 when the schema lacks it
   * @param countMismatch counts vectors of another length than the schema's; null only when there
   *     are no trackers (before install)
   * @param sharedStripe {@link io.infersight.core.internal.Stripes#shared()}
   */
  FeatureRecorder(List<FeatureTracker> trackers, int[] schemaIndex, int schemaSize,
      Counter countMismatch, int sharedStripe) {
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
    this.others = rest.toArray(new FeatureTracker[0]);
    this.othersIndex = toInts(restIndex);
  }

  /** The recorder of a monitor not installed yet: records nothing. */
  static FeatureRecorder empty() {
    return new FeatureRecorder(List.of(), new int[0], 0, null, 0);
  }

  private static int[] toInts(List<Integer> list) {
    return list.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Features the flat loop counts. */
  int flatFeatures() {
    return vector.size();
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
      vector.count(values, slot, stripe);
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
