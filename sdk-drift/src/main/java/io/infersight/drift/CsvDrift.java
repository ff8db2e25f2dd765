package io.infersight.drift;

import io.infersight.drift.internal.ExactStatistics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntUnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The profile and the report computed from CSV files without holding them: each file is read
 * twice, row by row. The first pass ({@link CsvColumns}) settles each column's kind and sketches
 * the numeric ones; the second counts categories and the values in bins cut from the sketch.
 * Memory grows with the number of columns, the sketch size and the distinct categories, never
 * with the number of rows.
 */
final class CsvDrift {
  private CsvDrift() {}

  static ReferenceProfile profile(Path data, Collection<String> categorical, @Nullable String scoreColumn) {
    Objects.requireNonNull(data, "data");
    CsvColumns cols = CsvColumns.scan(data, Objects.requireNonNull(categorical, "categorical"));
    String source = cols.source;
    int score = scoreColumn == null ? -1 : cols.index(scoreColumn);
    if (scoreColumn != null && score < 0) {
      throw new DriftInputException(source + ": no column named '" + scoreColumn
          + "' for the score; columns are " + cols.columnNames());
    }
    int n = cols.names.length;
    double[][] edges = new double[n][];
    double[][] deciles = new double[n][];
    long[][] bins = new long[n][];
    List<TreeMap<String, Long>> categories = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String name = cols.names[i];
      if (i == score && cols.categorical[i]) {
        throw new DriftInputException(source + ": score column '" + name + "' is not numeric");
      }
      if (cols.present(i) == 0) {
        throw new DriftInputException(source + ": feature '" + name + "': all " + cols.rows
            + " reference values are missing");
      }
      categories.add(cols.categorical[i] ? new TreeMap<>() : null);
      if (!cols.categorical[i]) {
        CsvColumns.Numeric num = cols.numeric(i);
        double[][] cut = FeatureProfile.edgesAndDeciles(num.sample(), num.min, num.max);
        edges[i] = cut[0];
        deciles[i] = cut[1];
        bins[i] = new long[2 * edges[i].length + 1];
      }
    }
    cols.rows(new CsvReader.RowVisitor() {
      @Override
      public void header(String[] names) {}

      @Override
      public void row(String[] cells, long line) {
        for (int i = 0; i < cells.length; i++) {
          String cell = cells[i];
          if (CsvReader.isMissing(cell)) {
            continue;
          }
          TreeMap<String, Long> counts = categories.get(i);
          if (counts != null) {
            counts.merge(cell, 1L, Long::sum);
          } else {
            double v = CsvReader.parse(cell, source, line, cols.names[i]) + 0.0;
            bins[i][FeatureProfile.binOf(edges[i], v)]++;
            cols.numeric[i].moments.addDeviation(v);
          }
        }
      }
    });
    ReferenceProfile.Builder b = ReferenceProfile.builder();
    for (int i = 0; i < n; i++) {
      FeatureProfile f;
      if (categories.get(i) != null) {
        f = FeatureProfile.categorical(cols.names[i], categories.get(i), cols.missing[i]);
      } else {
        CsvColumns.Numeric num = cols.numeric[i];
        f = FeatureProfile.numeric(cols.names[i], cols.present(i), cols.missing[i], num.moments.mean(),
            num.moments.populationStd(), edges[i], bins[i], deciles[i]);
      }
      if (i == score) {
        b.score(f);
      } else {
        b.add(f, source);
      }
    }
    return b.build();
  }

  static DriftReport compare(Path reference, Path current, Collection<String> categorical, double psiThreshold) {
    DriftReport.checkThreshold(psiThreshold);
    Objects.requireNonNull(categorical, "categorical");
    CsvColumns ref = CsvColumns.scan(Objects.requireNonNull(reference, "reference"), categorical);
    CsvColumns cur = CsvColumns.scan(Objects.requireNonNull(current, "current"), categorical);
    DriftReport.checkSameColumns(ref.source, ref.columnNames(), cur.source, cur.columnNames());
    int n = ref.names.length;
    int[] curIndex = new int[n];
    boolean[] cat = new boolean[n];
    double[][] deciles = new double[n][];
    long[][][] decileCounts = new long[n][][];
    List<TreeMap<String, long[]>> tables = new ArrayList<>();
    double[][] values = new double[n][];
    for (int i = 0; i < n; i++) {
      String name = ref.names[i];
      int j = cur.index(name);
      curIndex[i] = j;
      cat[i] = ref.categorical[i] || cur.categorical[j];
      requirePresent(ref, i);
      requirePresent(cur, j);
      tables.add(cat[i] ? new TreeMap<>() : null);
      if (!cat[i]) {
        CsvColumns.Numeric r = ref.numeric(i);
        CsvColumns.Numeric c = cur.numeric(j);
        deciles[i] = r.sample().decileEdges();
        decileCounts[i] = new long[2][deciles[i].length + 1];
        values[i] = FeatureTracker.nanValues();
        values[i][DriftMethod.KS.ordinal()] = ExactStatistics.ks(r.sample(), c.sample());
        values[i][DriftMethod.WASSERSTEIN.ordinal()] = ExactStatistics.wasserstein(r.sample(), c.sample());
      }
    }
    ref.rows(secondPass(ref, i -> i, cat, tables, deciles, decileCounts, 0));
    int[] refIndex = new int[n];
    for (int i = 0; i < n; i++) {
      refIndex[curIndex[i]] = i;
    }
    cur.rows(secondPass(cur, j -> refIndex[j], cat, tables, deciles, decileCounts, 1));
    List<FeatureDrift> out = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String name = ref.names[i];
      int j = curIndex[i];
      if (cat[i]) {
        out.add(new FeatureDrift(name, FeatureKind.CATEGORICAL, ref.present(i), cur.present(j),
            cur.missing[j], DriftReport.categoricalValues(tables.get(i)), psiThreshold,
            DriftHistogram.categorical(tables.get(i))));
        continue;
      }
      double[] v = values[i];
      v[DriftMethod.PSI.ordinal()] = ExactStatistics.psi(decileCounts[i][0], decileCounts[i][1]);
      v[DriftMethod.JS.ordinal()] = ExactStatistics.jensenShannon(decileCounts[i][0], decileCounts[i][1]);
      double std = ref.numeric[i].moments.populationStd();
      if (std > 0) {
        v[DriftMethod.WASSERSTEIN_NORM.ordinal()] = v[DriftMethod.WASSERSTEIN.ordinal()] / std;
      } else {
        warnings.add("column '" + name + "' is constant in " + ref.source
            + ": wasserstein_norm is undefined and left out");
      }
      out.add(new FeatureDrift(name, FeatureKind.NUMERIC, ref.present(i), cur.present(j), cur.missing[j],
          v, psiThreshold, DriftHistogram.numeric(deciles[i], decileCounts[i][0], decileCounts[i][1])));
    }
    return DriftReport.of(out, warnings, psiThreshold);
  }

  private static CsvReader.RowVisitor secondPass(CsvColumns file, IntUnaryOperator toRef,
      boolean[] cat, List<TreeMap<String, long[]>> tables, double[][] deciles, long[][][] decileCounts,
      int side) {
    return new CsvReader.RowVisitor() {
      @Override
      public void header(String[] names) {}

      @Override
      public void row(String[] cells, long line) {
        for (int j = 0; j < cells.length; j++) {
          String cell = cells[j];
          if (CsvReader.isMissing(cell)) {
            continue;
          }
          int i = toRef.applyAsInt(j);
          if (cat[i]) {
            tables.get(i).computeIfAbsent(cell, k -> new long[2])[side]++;
          } else {
            double v = CsvReader.parse(cell, file.source, line, file.names[j]) + 0.0;
            decileCounts[i][side][ExactStatistics.binOf(deciles[i], v)]++;
            if (side == 0) {
              file.numeric[j].moments.addDeviation(v);
            }
          }
        }
      }
    };
  }

  private static void requirePresent(CsvColumns file, int column) {
    if (file.present(column) == 0) {
      throw new DriftInputException(file.source + ": column '" + file.names[column]
          + "' has no values (all missing)");
    }
  }

  static DriftReport compare(ReferenceProfile reference, Path current, Collection<String> categorical,
      double psiThreshold) {
    DriftReport.checkThreshold(psiThreshold);
    Objects.requireNonNull(reference, "reference");
    Set<String> forced = Set.copyOf(Objects.requireNonNull(categorical, "categorical"));
    String source = Objects.requireNonNull(current, "current").toString();
    ProfileScan scan = new ProfileScan(reference, source, forced);
    CsvReader.read(current, scan);
    return scan.finish(psiThreshold);
  }

  /** The single pass over the current file against a profile. */
  private static final class ProfileScan implements CsvReader.RowVisitor {
    private final ReferenceProfile reference;
    private final String source;
    private final Set<String> forced;
    private final List<FeatureProfile> profiles = new ArrayList<>();
    private int[] column;
    private FeatureTracker[] trackers;
    private List<TreeMap<String, long[]>> tables;
    private long[] present;
    private long[] missing;

    ProfileScan(ReferenceProfile reference, String source, Set<String> forced) {
      this.reference = reference;
      this.source = source;
      this.forced = forced;
    }

    @Override
    public void header(String[] header) {
      List<String> columns = List.of(header);
      Set<String> unknown = new TreeSet<>(forced);
      unknown.removeAll(columns);
      if (!unknown.isEmpty()) {
        throw new DriftInputException(source + ": categorical column(s) " + unknown
            + " not in the header " + columns);
      }
      profiles.addAll(reference.features());
      FeatureProfile score = reference.score();
      if (score != null && columns.contains(score.name())) {
        profiles.add(score);
      }
      List<String> names = new ArrayList<>();
      for (FeatureProfile f : profiles) {
        names.add(f.name());
      }
      DriftReport.checkSameColumns("the profile", names, source, columns);
      int n = profiles.size();
      column = new int[n];
      trackers = new FeatureTracker[n];
      tables = new ArrayList<>();
      present = new long[n];
      missing = new long[n];
      for (int k = 0; k < n; k++) {
        FeatureProfile f = profiles.get(k);
        column[k] = columns.indexOf(f.name());
        if (f.kind() == FeatureKind.CATEGORICAL) {
          TreeMap<String, long[]> table = new TreeMap<>();
          f.categories().forEach((c, count) -> table.put(c, new long[] {count, 0}));
          tables.add(table);
        } else {
          if (forced.contains(f.name())) {
            throw notNumeric(f.name());
          }
          tables.add(null);
          trackers[k] = new NumericTracker(f, 1, 1, null, null, null);
        }
      }
    }

    private DriftInputException notNumeric(String name) {
      return new DriftInputException(source + ": column '" + name
          + "' holds non-numeric values, but it is numeric in the profile");
    }

    @Override
    public void row(String[] cells, long line) {
      for (int k = 0; k < column.length; k++) {
        String cell = cells[column[k]];
        if (CsvReader.isMissing(cell)) {
          missing[k]++;
          continue;
        }
        present[k]++;
        TreeMap<String, long[]> table = tables.get(k);
        if (table != null) {
          table.computeIfAbsent(cell, c -> new long[2])[1]++;
        } else if (CsvReader.isNumber(cell)) {
          trackers[k].recordDouble(0, 0, CsvReader.parse(cell, source, line, profiles.get(k).name()));
        } else {
          throw notNumeric(profiles.get(k).name());
        }
      }
    }

    DriftReport finish(double psiThreshold) {
      List<FeatureDrift> out = new ArrayList<>();
      List<String> warnings = new ArrayList<>();
      for (int k = 0; k < profiles.size(); k++) {
        FeatureProfile f = profiles.get(k);
        if (present[k] == 0) {
          throw new DriftInputException(source + ": column '" + f.name() + "' has no values (all missing)");
        }
        double[] v;
        DriftHistogram histogram;
        if (tables.get(k) != null) {
          v = DriftReport.categoricalValues(tables.get(k));
          histogram = DriftHistogram.categorical(tables.get(k));
        } else {
          v = trackers[k].compute(-1);
          histogram = trackers[k].histogram(-1);
          if (!(f.std() > 0)) {
            warnings.add("feature '" + f.name() + "' is constant in the profile: wasserstein_norm is undefined and left out");
          }
        }
        out.add(new FeatureDrift(f.name(), f.kind(), f.count(), present[k], missing[k], v, psiThreshold,
            histogram));
      }
      return DriftReport.of(out, warnings, psiThreshold);
    }
  }
}
