package io.infersight.drift;

import io.infersight.drift.internal.Moments;
import io.infersight.drift.internal.WeightedSample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What the drift estimators need to know about one feature (or the prediction score) of the
 * reference data. Immutable; part of a {@link ReferenceProfile}.
 *
 * <p>Numeric features keep their sorted distinct <em>bin edges</em>: the minimum, the maximum,
 * the order statistics at every 1/{@value #QUANTILE_BINS} of the data (and every 1/1000 in the
 * lowest and highest 1%), and the 9 reference deciles. The reference values are counted in {@code 2·edges + 1} bins: below the first edge,
 * each edge itself, each open interval between two edges, above the last edge. Because the
 * quantile edges are there, the reference mass strictly between two neighbouring edges is at most
 * 1/{@value #QUANTILE_BINS}, which bounds the streaming KS error; because the deciles are there,
 * streaming PSI and JS equal the exact ones.
 *
 * <pre>{@code
 * FeatureProfile amount = FeatureProfile.numeric("amount", amounts);
 * double ksBound = amount.ksErrorBound(); // ≤ 0.01
 * }</pre>
 *
 * @since 0.1.0
 */
public final class FeatureProfile {
  /** Reference quantile bins: the streaming KS error is at most 1 / this. */
  public static final int QUANTILE_BINS = 100;
  /** Extra edges that split the lowest and the highest quantile bin into this many parts. */
  public static final int TAIL_EDGES = 10;

  private final String name;
  private final FeatureKind kind;
  private final long count;
  private final long missing;
  private final double min;
  private final double max;
  private final double mean;
  private final double std;
  /** Numeric features only (null for categorical ones), as the three below. */
  private final double @Nullable [] edges;
  private final long @Nullable [] binCounts;
  private final double @Nullable [] deciles;
  /** Categorical features only (null for numeric ones), as the one below. */
  private final String @Nullable [] categories;
  private final long @Nullable [] categoryCounts;

  FeatureProfile(String name, FeatureKind kind, long count, long missing, double min, double max,
      double mean, double std, double @Nullable [] edges, long @Nullable [] binCounts,
      double @Nullable [] deciles, String @Nullable [] categories, long @Nullable [] categoryCounts) {
    this.name = name;
    this.kind = kind;
    this.count = count;
    this.missing = missing;
    this.min = min;
    this.max = max;
    this.mean = mean;
    this.std = std;
    this.edges = edges;
    this.binCounts = binCounts;
    this.deciles = deciles;
    this.categories = categories;
    this.categoryCounts = categoryCounts;
  }

  /**
   * Profiles numeric reference values; {@code NaN} is missing.
   *
   * @throws DriftInputException when no value is present or a value is infinite
   */
  public static FeatureProfile numeric(String name, double[] values) {
    checkName(name);
    Objects.requireNonNull(values, "values");
    double[] present = Arrays.stream(values).filter(v -> !Double.isNaN(v)).map(v -> v + 0.0).toArray();
    if (present.length == 0) {
      throw new DriftInputException("feature '" + name + "': all " + values.length
          + " reference values are missing");
    }
    for (double v : present) {
      if (Double.isInfinite(v)) {
        throw new DriftInputException("feature '" + name + "': reference values must be finite, found " + v);
      }
    }
    WeightedSample sample = WeightedSample.of(present);
    double[][] cut = edgesAndDeciles(sample, sample.valueAt(0), sample.valueAt(present.length - 1));
    double[] edges = cut[0];
    long[] bins = new long[2 * edges.length + 1];
    for (double v : present) {
      bins[binOf(edges, v)]++;
    }
    double[] moments = Moments.of(present);
    return new FeatureProfile(name, FeatureKind.NUMERIC, present.length, values.length - present.length,
        edges[0], edges[edges.length - 1], moments[0], moments[1], edges, bins, cut[1], null, null);
  }

  /**
   * The sorted distinct bin edges and the deciles of a (whole or sketched) reference sample:
   * {edges, deciles}. The first edge is {@code min} and the last {@code max}, the exact extremes
   * (a sketch's items are clamped into them).
   */
  static double[][] edgesAndDeciles(WeightedSample sample, double min, double max) {
    long n = sample.count();
    double[] deciles = sample.decileEdges();
    for (int i = 0; i < deciles.length; i++) {
      deciles[i] = clamp(deciles[i], min, max);
    }
    double[] candidates = new double[QUANTILE_BINS + 1 + deciles.length + 2 * (TAIL_EDGES - 1)];
    candidates[0] = min;
    candidates[1] = max;
    for (int k = 1; k < QUANTILE_BINS; k++) {
      candidates[1 + k] = clamp(sample.valueAt(k * n / QUANTILE_BINS), min, max);
    }
    System.arraycopy(deciles, 0, candidates, QUANTILE_BINS + 1, deciles.length);
    // Finer edges in the outer percentiles keep the (often wide) tail intervals light, which
    // tightens the Wasserstein bound for heavy-tailed features.
    int t = QUANTILE_BINS + 1 + deciles.length;
    long fine = (long) QUANTILE_BINS * TAIL_EDGES;
    for (int k = 1; k < TAIL_EDGES; k++) {
      candidates[t++] = clamp(sample.valueAt(k * n / fine), min, max);
      candidates[t++] = clamp(sample.valueAt((fine - k) * n / fine), min, max);
    }
    double[] edges = Arrays.stream(candidates).sorted().distinct().toArray();
    return new double[][] {edges, deciles};
  }

  private static double clamp(double v, double min, double max) {
    return Math.max(min, Math.min(max, v));
  }

  /**
   * A numeric profile from values counted elsewhere (the streaming CSV reader): {@code bins} are
   * the reference counts in the fine bins of {@code edges}.
   */
  static FeatureProfile numeric(String name, long count, long missing, double mean, double std,
      double[] edges, long[] bins, double[] deciles) {
    return new FeatureProfile(name, FeatureKind.NUMERIC, count, missing, edges[0], edges[edges.length - 1],
        mean, std, edges, bins, deciles, null, null);
  }

  /**
   * Profiles categorical reference values; {@code null} is missing.
   *
   * @throws DriftInputException when no value is present
   */
  public static FeatureProfile categorical(String name, @Nullable String[] values) {
    checkName(name);
    Objects.requireNonNull(values, "values");
    TreeMap<String, Long> counts = new TreeMap<>();
    long present = 0;
    for (String v : values) {
      if (v != null) {
        counts.merge(v, 1L, Long::sum);
        present++;
      }
    }
    if (present == 0) {
      throw new DriftInputException("feature '" + name + "': all " + values.length
          + " reference values are missing");
    }
    return categorical(name, counts, values.length - present);
  }

  /** A categorical profile from category counts made elsewhere (sorted, none 0). */
  static FeatureProfile categorical(String name, TreeMap<String, Long> counts, long missing) {
    String[] cats = counts.keySet().toArray(new String[0]);
    long[] catCounts = counts.values().stream().mapToLong(Long::longValue).toArray();
    long present = Arrays.stream(catCounts).sum();
    return new FeatureProfile(name, FeatureKind.CATEGORICAL, present, missing,
        Double.NaN, Double.NaN, Double.NaN, Double.NaN, null, null, null, cats, catCounts);
  }

  private static void checkName(String name) {
    if (name == null || name.isBlank()) {
      throw new DriftInputException("feature name must be non-blank");
    }
  }

  /**
   * The fine bin of {@code v} against sorted distinct {@code edges}: {@code 2i + 1} when v equals
   * edge i, {@code 2i} when it lies below edge i and above edge i − 1. Allocation-free.
   */
  static int binOf(double[] edges, double v) {
    int i = Arrays.binarySearch(edges, v + 0.0);
    return i >= 0 ? 2 * i + 1 : -2 * (i + 1);
  }

  public String name() {
    return name;
  }

  public FeatureKind kind() {
    return kind;
  }

  /** Reference values present (not missing). */
  public long count() {
    return count;
  }

  /** Reference values missing. */
  public long missing() {
    return missing;
  }

  /** Share of reference values missing, in [0, 1]. */
  public double missingRate() {
    long total = count + missing;
    return total == 0 ? 0 : (double) missing / total;
  }

  /** Smallest reference value (NaN for categorical features). */
  public double min() {
    return min;
  }

  /** Largest reference value (NaN for categorical features). */
  public double max() {
    return max;
  }

  /** Mean of the reference values (NaN for categorical features). */
  public double mean() {
    return mean;
  }

  /** Population standard deviation of the reference values (NaN for categorical features). */
  public double std() {
    return std;
  }

  /** Sorted distinct bin edges (a copy), or an empty array for categorical features. */
  public double[] edges() {
    return edges == null ? new double[0] : edges.clone();
  }

  /** Reference counts per fine bin, {@code 2 · edges().length + 1} of them (a copy). */
  public long[] binCounts() {
    return binCounts == null ? new long[0] : binCounts.clone();
  }

  /** The 9 reference deciles that cut the PSI bins (a copy; may repeat). */
  public double[] deciles() {
    return deciles == null ? new double[0] : deciles.clone();
  }

  /** Categories and their reference counts, in sorted order (empty for numeric features). */
  public Map<String, Long> categories() {
    Map<String, Long> m = new LinkedHashMap<>();
    if (categories != null) {
      for (int i = 0; i < categories.length; i++) {
        m.put(categories[i], categoryCounts[i]);
      }
    }
    return m;
  }

  /**
   * The largest reference mass strictly between two neighbouring edges: the most by which the
   * streaming KS statistic can underestimate the exact one. At most 1/{@value #QUANTILE_BINS}.
   * 0 for categorical features.
   */
  public double ksErrorBound() {
    if (binCounts == null) {
      return 0;
    }
    long worst = 0;
    for (int i = 0; i < binCounts.length; i += 2) {
      worst = Math.max(worst, binCounts[i]);
    }
    return (double) worst / count;
  }

  // Package-private views without copies, for the estimators.
  double @Nullable [] edgesView() {
    return edges;
  }

  long @Nullable [] binCountsView() {
    return binCounts;
  }

  double @Nullable [] decilesView() {
    return deciles;
  }

  String @Nullable [] categoriesView() {
    return categories;
  }

  long @Nullable [] categoryCountsView() {
    return categoryCounts;
  }

  List<String> categoryList() {
    return categories == null ? List.of() : new ArrayList<>(Arrays.asList(categories));
  }

  @Override
  public String toString() {
    return "FeatureProfile{" + name + ", " + kind.label() + ", count=" + count + ", missing=" + missing + "}";
  }
}
