package io.infersight.drift;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infersight.drift.internal.BinnedStatistics;
import io.infersight.drift.internal.ExactStatistics;
import java.util.ArrayList;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The offline drift report for training pipelines and CI gates: every feature of a current
 * dataset compared with a reference dataset (exact statistics on the samples) or a reference
 * profile (PSI, JS and chi-square exact; KS and Wasserstein from the profile's bins, within
 * their documented bounds). A feature drifted when its PSI reached the threshold.
 *
 * <pre>{@code
 * DriftReport report = DriftReport.compare(          // streams both files
 *     Path.of("train.csv"), Path.of("today.csv"), List.of("country"),
 *     DriftReport.DEFAULT_PSI_THRESHOLD);
 * System.out.println(report.toJson());
 * System.exit(report.drifted() ? 1 : 0);
 * }</pre>
 *
 * @since 0.1.0
 */
public final class DriftReport {
  /** PSI at or above which a feature is reported as drifted. */
  public static final double DEFAULT_PSI_THRESHOLD = 0.2;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final List<FeatureDrift> features;
  private final List<String> warnings;
  private final double psiThreshold;

  private DriftReport(List<FeatureDrift> features, List<String> warnings, double psiThreshold) {
    this.features = Collections.unmodifiableList(features);
    this.warnings = Collections.unmodifiableList(warnings);
    this.psiThreshold = psiThreshold;
  }

  /**
   * Compares two datasets column by column with the exact statistics. A column categorical in
   * either dataset is compared as categories in both.
   *
   * @throws DriftInputException when the headers differ or a column has no values in one set
   */
  public static DriftReport compare(Dataset reference, Dataset current, double psiThreshold) {
    checkThreshold(psiThreshold);
    checkSameColumns(reference.source(), reference.columnNames(), current.source(), current.columnNames());
    List<FeatureDrift> out = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (String name : reference.columnNames()) {
      boolean categorical = reference.isCategorical(name) || current.isCategorical(name);
      long missing = current.missing(name);
      if (categorical) {
        String[] r = present(reference, name);
        String[] c = present(current, name);
        TreeMap<String, long[]> table = countTable(r, c);
        out.add(new FeatureDrift(name, FeatureKind.CATEGORICAL, r.length, c.length, missing,
            categoricalValues(table), psiThreshold, DriftHistogram.categorical(table)));
      } else {
        double[] r = present(reference.numeric(name), reference.source(), name);
        double[] c = present(current.numeric(name), current.source(), name);
        double[] v = FeatureTracker.nanValues();
        v[DriftMethod.PSI.ordinal()] = ExactStatistics.psi(r, c);
        v[DriftMethod.JS.ordinal()] = ExactStatistics.jensenShannon(r, c);
        v[DriftMethod.KS.ordinal()] = ExactStatistics.ks(r, c);
        double w = ExactStatistics.wasserstein(r, c);
        v[DriftMethod.WASSERSTEIN.ordinal()] = w;
        double std = ExactStatistics.populationStd(r);
        if (std > 0) {
          v[DriftMethod.WASSERSTEIN_NORM.ordinal()] = w / std;
        } else {
          warnings.add("column '" + name + "' is constant in " + reference.source()
              + ": wasserstein_norm is undefined and left out");
        }
        double[] sortedReference = r.clone();
        Arrays.sort(sortedReference);
        double[] deciles = ExactStatistics.decileEdges(sortedReference);
        out.add(new FeatureDrift(name, FeatureKind.NUMERIC, r.length, c.length, missing, v, psiThreshold,
            DriftHistogram.numeric(deciles, ExactStatistics.binCounts(deciles, r),
                ExactStatistics.binCounts(deciles, c))));
      }
    }
    return new DriftReport(out, warnings, psiThreshold);
  }

  /**
   * Compares a dataset with a reference profile. The dataset must have a column per profile
   * feature (and may have one for the profile's score).
   *
   * @throws DriftInputException when the columns do not match the profile or a column has no values
   */
  public static DriftReport compare(ReferenceProfile reference, Dataset current, double psiThreshold) {
    checkThreshold(psiThreshold);
    List<FeatureProfile> profiles = new ArrayList<>(reference.features());
    FeatureProfile score = reference.score();
    if (score != null && current.hasColumn(score.name())) {
      profiles.add(score);
    }
    List<String> names = new ArrayList<>();
    for (FeatureProfile f : profiles) {
      names.add(f.name());
    }
    checkSameColumns("the profile", names, current.source(), current.columnNames());
    List<FeatureDrift> out = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (FeatureProfile f : profiles) {
      String name = f.name();
      long missing = current.missing(name);
      if (f.kind() == FeatureKind.CATEGORICAL) {
        String[] c = present(current, name);
        TreeMap<String, long[]> table = new TreeMap<>();
        f.categories().forEach((k, n) -> table.put(k, new long[] {n, 0}));
        for (String s : c) {
          table.computeIfAbsent(s, k -> new long[2])[1]++;
        }
        out.add(new FeatureDrift(name, f.kind(), f.count(), c.length, missing, categoricalValues(table),
            psiThreshold, DriftHistogram.categorical(table)));
        continue;
      }
      if (current.isCategorical(name)) {
        throw new DriftInputException(current.source() + ": column '" + name
            + "' holds non-numeric values, but it is numeric in the profile");
      }
      double[] c = present(current.numeric(name), current.source(), name);
      NumericTracker t = new NumericTracker(f, 1, 1, null, null, null);
      for (double x : c) {
        t.recordDouble(0, 0, x);
      }
      double[] v = t.compute(-1);
      if (!(f.std() > 0)) {
        warnings.add("feature '" + name + "' is constant in the profile: wasserstein_norm is undefined and left out");
      }
      out.add(new FeatureDrift(name, f.kind(), f.count(), c.length, missing, v, psiThreshold,
          t.histogram(-1)));
    }
    return new DriftReport(out, warnings, psiThreshold);
  }

  /**
   * Compares two CSV files column by column, streaming them: memory grows with the number of
   * columns and distinct categories, not with the rows. Columns are read as by {@link
   * Dataset#readCsv(Path, Collection)}. Results equal {@link #compare(Dataset, Dataset, double)}
   * on the same files while a numeric column has at most 4096 values in each file; beyond, KS and
   * Wasserstein come from quantile sketches and the PSI bins are cut at the sketch's deciles
   * (docs/drift.md states the error bounds).
   *
   * @throws DriftInputException when a file is unreadable or malformed, the headers differ, a
   *     column has no values in one file, or a number is beyond the range of a double
   */
  public static DriftReport compare(Path reference, Path current, Collection<String> categoricalColumns,
      double psiThreshold) {
    return CsvDrift.compare(reference, current, categoricalColumns, psiThreshold);
  }

  /**
   * Compares a CSV file with a reference profile, streaming the file (one pass).
   *
   * @throws DriftInputException when the file is unreadable or malformed, its columns do not
   *     match the profile, a column has no values, or a number is beyond the range of a double
   */
  public static DriftReport compare(ReferenceProfile reference, Path current,
      Collection<String> categoricalColumns, double psiThreshold) {
    return CsvDrift.compare(reference, current, categoricalColumns, psiThreshold);
  }

  static DriftReport of(List<FeatureDrift> features, List<String> warnings, double psiThreshold) {
    return new DriftReport(features, warnings, psiThreshold);
  }

  static void checkThreshold(double t) {
    if (!(t > 0) || Double.isInfinite(t)) {
      throw new DriftInputException("psi threshold must be a positive number, was " + t);
    }
  }

  static void checkSameColumns(String referenceSource, List<String> referenceColumns, String currentSource,
      List<String> currentColumns) {
    Set<String> missing = new LinkedHashSet<>(referenceColumns);
    missing.removeAll(currentColumns);
    Set<String> extra = new LinkedHashSet<>(currentColumns);
    extra.removeAll(referenceColumns);
    if (!missing.isEmpty() || !extra.isEmpty()) {
      throw new DriftInputException("columns differ between " + referenceSource + " and " + currentSource
          + (missing.isEmpty() ? "" : "; missing from " + currentSource + ": " + missing)
          + (extra.isEmpty() ? "" : "; not in " + referenceSource + ": " + extra));
    }
  }

  private static String[] present(Dataset data, String name) {
    String[] v = Arrays.stream(data.categorical(name)).filter(s -> s != null).toArray(String[]::new);
    if (v.length == 0) {
      throw new DriftInputException(data.source() + ": column '" + name + "' has no values (all missing)");
    }
    return v;
  }

  private static double[] present(double[] values, String source, String name) {
    double[] v = Arrays.stream(values).filter(x -> !Double.isNaN(x)).toArray();
    if (v.length == 0) {
      throw new DriftInputException(source + ": column '" + name + "' has no values (all missing)");
    }
    return v;
  }

  private static TreeMap<String, long[]> countTable(String[] reference, String[] current) {
    TreeMap<String, long[]> table = new TreeMap<>();
    for (String s : reference) {
      table.computeIfAbsent(s, k -> new long[2])[0]++;
    }
    for (String s : current) {
      table.computeIfAbsent(s, k -> new long[2])[1]++;
    }
    return table;
  }

  /**
   * PSI, JS and chi-square p of a categorical table (category → reference and current counts)
   * over one bin per reference category plus ONE bin for every category absent from the
   * reference: the bins the live monitor counts and {@code ml_feature_bin_total} exports (its
   * {@code other}), so the report's PSI is the one the fleet rules compute from the counters.
   * Giving each unknown category its own bin would add Σ c_j·ln(c_j / 0.0001) over them instead
   * of (Σ c_j)·ln(Σ c_j / 0.0001): a different number for the same values whenever two or more
   * unknown categories appear. The histogram keeps one bar per category.
   */
  static double[] categoricalValues(TreeMap<String, long[]> table) {
    long[] r = new long[table.size() + 1];
    long[] c = new long[table.size() + 1];
    int i = 0;
    long unknown = 0;
    for (long[] counts : table.values()) {
      if (counts[0] == 0) {
        unknown += counts[1];
        continue;
      }
      r[i] = counts[0];
      c[i] = counts[1];
      i++;
    }
    c[i] = unknown;
    long[][] kept = BinnedStatistics.dropEmptyColumns(r, c);
    double[] v = FeatureTracker.nanValues();
    v[DriftMethod.PSI.ordinal()] = ExactStatistics.psi(kept[0], kept[1]);
    v[DriftMethod.JS.ordinal()] = ExactStatistics.jensenShannon(kept[0], kept[1]);
    v[DriftMethod.CHI2_P.ordinal()] = ExactStatistics.chiSquarePValue(kept[0], kept[1]);
    return v;
  }

  /** One row per feature, in reference column order. */
  public List<FeatureDrift> features() {
    return features;
  }

  /** Whether any feature drifted. */
  public boolean drifted() {
    return features.stream().anyMatch(FeatureDrift::drifted);
  }

  /** Notes about statistics left out (for example a constant reference column). */
  public List<String> warnings() {
    return warnings;
  }

  public double psiThreshold() {
    return psiThreshold;
  }

  /**
   * The report as JSON: {@code {"drifted": bool, "features": [{"name", "kind", "n_reference",
   * "n_current", "missing_current", "psi", "ks", "js", "wasserstein", "wasserstein_norm",
   * "chi2_p", "drifted"}]}}, leaving out what does not apply to a feature's kind or is undefined.
   */
  public String toJson() {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("drifted", drifted());
    ArrayNode list = root.putArray("features");
    for (FeatureDrift f : features) {
      ObjectNode n = list.addObject();
      n.put("name", f.name());
      n.put("kind", f.kind().label());
      n.put("n_reference", f.nReference());
      n.put("n_current", f.nCurrent());
      n.put("missing_current", f.missingCurrent());
      for (DriftMethod m : DriftMethod.values()) {
        double v = f.value(m);
        if (m.appliesTo(f.kind()) && Double.isFinite(v)) {
          n.put(m.label(), v);
        }
      }
      n.put("drifted", f.drifted());
    }
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write report JSON", e);
    }
  }

  /** The report as an aligned text table for people. */
  public String toTable() {
    String[] head = {"feature", "kind", "n_ref", "n_cur", "missing", "psi", "ks", "js", "wasserstein",
        "wass_norm", "chi2_p", "drifted"};
    List<String[]> rows = new ArrayList<>();
    rows.add(head);
    for (FeatureDrift f : features) {
      rows.add(new String[] {f.name(), f.kind().label(), Long.toString(f.nReference()),
          Long.toString(f.nCurrent()), Long.toString(f.missingCurrent()), num(f, DriftMethod.PSI),
          num(f, DriftMethod.KS), num(f, DriftMethod.JS), num(f, DriftMethod.WASSERSTEIN),
          num(f, DriftMethod.WASSERSTEIN_NORM), num(f, DriftMethod.CHI2_P), f.drifted() ? "YES" : "no"});
    }
    int[] width = new int[head.length];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        String pad = " ".repeat(width[i] - r[i].length());
        sb.append(i < 2 ? r[i] + pad : pad + r[i]).append(i + 1 < r.length ? "  " : "\n");
      }
    }
    long drifted = features.stream().filter(FeatureDrift::drifted).count();
    sb.append(drifted).append(" of ").append(features.size()).append(" features drifted (psi >= ")
        .append(psiThreshold).append(")\n");
    return sb.toString();
  }

  /**
   * The report as one self-contained HTML page (no network resources): the verdict, a table of
   * every statistic and, per feature, the reference and current distributions over the PSI bins
   * as an inline SVG chart, drifted features first. Every name and category is HTML-escaped.
   */
  public String toHtml() {
    return toHtml("Infersight drift report");
  }

  /** {@link #toHtml()} under a title of your choice (escaped). */
  public String toHtml(String title) {
    return DriftHtml.render(this, Objects.requireNonNull(title, "title"));
  }

  private static String num(FeatureDrift f, DriftMethod m) {
    double v = f.value(m);
    return m.appliesTo(f.kind()) && Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "-";
  }
}
