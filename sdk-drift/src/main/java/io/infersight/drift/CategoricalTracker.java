package io.infersight.drift;

import io.infersight.drift.internal.BinnedStatistics;
import io.infersight.drift.internal.ExactStatistics;
import io.infersight.drift.internal.StripedCounts;
import io.micrometer.core.instrument.Counter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A categorical feature's window: one bin per reference category plus one for every unknown
 * category. Strings are looked up in a hash map (no allocation: a string caches its hash);
 * numbers and booleans match categories spelled as that number or {@code true}/{@code false}.
 */
final class CategoricalTracker extends FeatureTracker {
  /** The label of the live window's bin for categories the reference never saw. */
  static final String UNKNOWN_LABEL = "(not in reference)";
  private final Map<String, Integer> index;
  private final double[] codes;
  private final int[] codeBins;
  private final int unknownBin;
  private final long[] reference;

  CategoricalTracker(FeatureProfile profile, int slots, int stripes, @Nullable Counter missing,
      @Nullable Counter unknownCategory, @Nullable Counter invalidType) {
    super(profile, slots, new StripedCounts(stripes, slots, profile.categoriesView().length + 1), missing,
        null, unknownCategory, invalidType);
    String[] categories = profile.categoriesView();
    this.unknownBin = categories.length;
    this.index = new HashMap<>();
    double[] numeric = new double[categories.length];
    int[] numericBins = new int[categories.length];
    int n = 0;
    for (int i = 0; i < categories.length; i++) {
      index.put(categories[i], i);
      double code = parseCode(categories[i]);
      if (!Double.isNaN(code)) {
        numeric[n] = code;
        numericBins[n] = i;
        n++;
      }
    }
    // Sort codes, carrying their bins along.
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(numeric[a], numeric[b]));
    this.codes = new double[n];
    this.codeBins = new int[n];
    for (int i = 0; i < n; i++) {
      codes[i] = numeric[order[i]];
      codeBins[i] = numericBins[order[i]];
    }
    this.reference = Arrays.copyOf(profile.categoryCountsView(), categories.length + 1);
  }

  private static double parseCode(String s) {
    try {
      double d = Double.parseDouble(s.trim()) + 0.0;
      return Double.isFinite(d) ? d : Double.NaN;
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  @Override
  void recordDouble(int slot, int stripe, double v) {
    if (v != v) {
      missing(slot);
      return;
    }
    int i = Arrays.binarySearch(codes, v + 0.0);
    if (i >= 0) {
      counts.increment(stripe, codeBins[i]);
    } else {
      unknown(stripe);
    }
  }

  @Override
  void recordObject(int slot, int stripe, @Nullable Object v) {
    if (v == null) {
      missing(slot);
    } else if (v instanceof String) {
      Integer bin = index.get(v);
      if (bin != null) {
        counts.increment(stripe, bin);
      } else {
        unknown(stripe);
      }
    } else if (v instanceof Number) {
      recordDouble(slot, stripe, ((Number) v).doubleValue());
    } else if (v instanceof Boolean) {
      Integer bin = index.get(((Boolean) v) ? "true" : "false");
      if (bin != null) {
        counts.increment(stripe, bin);
      } else {
        unknown(stripe);
      }
    } else {
      increment(invalidType);
    }
  }

  private void unknown(int stripe) {
    counts.increment(stripe, unknownBin);
    increment(unknownCategory);
  }

  /** The reference categories, sorted, then the bin of categories not in the reference. */
  @Override
  DriftHistogram histogram(int spare) {
    long[] current = counts.window(spare);
    String[] categories = profile.categoriesView();
    Map<String, long[]> table = new LinkedHashMap<>();
    for (int i = 0; i < categories.length; i++) {
      table.put(categories[i], new long[] {reference[i], current[i]});
    }
    String unknown = UNKNOWN_LABEL;
    while (table.containsKey(unknown)) {
      unknown += "'";
    }
    table.put(unknown, new long[] {0, current[unknownBin]});
    return DriftHistogram.categorical(table);
  }

  @Override
  double[] compute(int spare) {
    long[] current = counts.window(spare);
    double[] v = nanValues();
    if (BinnedStatistics.sum(current) == 0) {
      return v;
    }
    long[][] table = BinnedStatistics.dropEmptyColumns(reference, current);
    v[DriftMethod.PSI.ordinal()] = ExactStatistics.psi(table[0], table[1]);
    v[DriftMethod.JS.ordinal()] = ExactStatistics.jensenShannon(table[0], table[1]);
    v[DriftMethod.CHI2_P.ordinal()] = ExactStatistics.chiSquarePValue(table[0], table[1]);
    return v;
  }
}
