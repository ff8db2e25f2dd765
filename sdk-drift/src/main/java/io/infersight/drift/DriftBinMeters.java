package io.infersight.drift;

import io.infersight.core.BoundedLabel;
import io.infersight.core.LabelPolicy;
import io.infersight.core.SelfMetrics;
import io.infersight.drift.internal.ExactStatistics;
import io.infersight.drift.internal.StripedCounts;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Exports a tracker's values per PSI bin, so that Prometheus (or Thanos, Mimir, Cortex above it)
 * can pool them across replicas and compute the fleet's PSI with the shipped recording rules
 * (docs/drift.md, "Fleet drift"). For each bin: a counter of the values counted in it since start
 * ({@code ml.feature.bin}, {@code ml.prediction.score.bin}) and a gauge of the reference
 * proportion ({@code ml.feature.reference.ratio}, {@code ml.prediction.score.reference.ratio}).
 *
 * <p>The counters read the tracker's cumulative stripe counts (no second binning on the request
 * thread): a numeric PSI bin is the run of fine bins that {@code fineToDecile} maps to it, so it is
 * exactly the bin {@code drift-report} puts a value in; labels {@code bin="1"} … {@code "10"}. A
 * categorical feature has one bin per reference category, labelled with the category, plus
 * {@value LabelPolicy#OTHER} for unknown categories; categories past the label policy's limit for
 * {@code bin} (the rarest first) fold into {@value LabelPolicy#OTHER}, with their reference
 * share. The counts only grow, so the counters are monotonic.
 */
final class DriftBinMeters {
  static final String FEATURE_BIN = "ml.feature.bin";
  static final String FEATURE_REFERENCE_RATIO = "ml.feature.reference.ratio";
  static final String SCORE_BIN = "ml.prediction.score.bin";
  static final String SCORE_REFERENCE_RATIO = "ml.prediction.score.reference.ratio";
  /** The label of a bin. */
  static final String BIN = "bin";

  private DriftBinMeters() {}

  /** Registers the bins of a profiled feature, tagged model_name, feature, bin. */
  static void registerFeature(MeterRegistry registry, String model, FeatureTracker t, LabelPolicy policy,
      SelfMetrics selfMetrics) {
    Tags tags = Tags.of("model_name", model, "feature", t.name());
    for (Bin b : bins(t, policy, selfMetrics)) {
      register(registry, FEATURE_BIN, "Feature values counted in each PSI bin of the reference profile",
          FEATURE_REFERENCE_RATIO, "Share of the reference values in each PSI bin", tags, b);
    }
  }

  /** Registers the bins of the prediction score, tagged model_name, bin. */
  static void registerPrediction(MeterRegistry registry, String model, FeatureTracker t) {
    Tags tags = Tags.of("model_name", model);
    for (Bin b : bins(t, null, null)) {
      register(registry, SCORE_BIN, "Prediction scores counted in each PSI bin of the reference profile",
          SCORE_REFERENCE_RATIO, "Share of the reference scores in each PSI bin", tags, b);
    }
  }

  private static void register(MeterRegistry registry, String counter, String counterHelp, String ratio,
      String ratioHelp, Tags tags, Bin b) {
    Tags binTags = tags.and(BIN, b.label);
    FunctionCounter.builder(counter, b, Bin::count).description(counterHelp).tags(binTags).register(registry);
    Gauge.builder(ratio, b, x -> x.referenceRatio).description(ratioHelp).tags(binTags)
        .strongReference(true).register(registry);
  }

  /** The PSI bins of a tracker, with their labels, fine-bin ranges and reference shares. */
  static List<Bin> bins(FeatureTracker t, @Nullable LabelPolicy policy, @Nullable SelfMetrics selfMetrics) {
    if (t instanceof NumericTracker) {
      NumericTracker n = (NumericTracker) t;
      int[] map = n.fineToDecile();
      long[] reference = n.referenceDeciles();
      double total = Arrays.stream(reference).sum();
      List<Bin> out = new ArrayList<>();
      int start = 0;
      for (int d = 0; d < ExactStatistics.DECILE_BINS; d++) {
        int end = start;
        while (end < map.length && map[end] == d) {
          end++;
        }
        out.add(new Bin(Integer.toString(d + 1), t.counts, new int[] {start, end},
            total == 0 ? 0 : reference[d] / total));
        start = end;
      }
      return out;
    }
    return categoricalBins(t, policy, selfMetrics);
  }

  private static List<Bin> categoricalBins(FeatureTracker t, LabelPolicy policy,
      SelfMetrics selfMetrics) {
    String[] categories = t.profile.categoriesView();
    long[] counts = t.profile.categoryCountsView();
    double total = Arrays.stream(counts).sum();
    // The most frequent categories are admitted first, so the rarest fold into "other".
    Integer[] order = new Integer[categories.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingLong((Integer i) -> counts[i]).reversed()
        .thenComparing(i -> categories[i]));
    BoundedLabel guard = policy.guard(BIN, selfMetrics);
    Map<String, List<Integer>> members = new LinkedHashMap<>();
    for (int i : order) {
      members.computeIfAbsent(guard.resolve(categories[i]), k -> new ArrayList<>()).add(i);
    }
    // The unknown-category bin of the tracker's counts.
    members.computeIfAbsent(LabelPolicy.OTHER, k -> new ArrayList<>()).add(categories.length);
    List<Bin> out = new ArrayList<>();
    members.forEach((label, bins) -> {
      int[] ranges = new int[2 * bins.size()];
      long reference = 0;
      for (int k = 0; k < bins.size(); k++) {
        int bin = bins.get(k);
        ranges[2 * k] = bin;
        ranges[2 * k + 1] = bin + 1;
        reference += bin < counts.length ? counts[bin] : 0;
      }
      out.add(new Bin(label, t.counts, ranges, total == 0 ? 0 : reference / total));
    });
    return out;
  }

  /** One exported bin: ranges of the tracker's count bins [start, end) that it sums. */
  static final class Bin {
    final String label;
    private final StripedCounts counts;
    private final int[] ranges;
    final double referenceRatio;

    Bin(String label, StripedCounts counts, int[] ranges, double referenceRatio) {
      this.label = label;
      this.counts = counts;
      this.ranges = ranges;
      this.referenceRatio = referenceRatio;
    }

    /** Values counted in this bin since start. */
    double count() {
      long sum = 0;
      for (int i = 0; i < ranges.length; i += 2) {
        sum += counts.cumulative(ranges[i], ranges[i + 1]);
      }
      return sum;
    }
  }
}
