package io.infersight.drift;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A table of samples for the offline tools: named columns, each numeric or categorical. Read from
 * CSV with a header row, where an empty cell or {@code NaN} is missing and a column holding any
 * other non-numeric value is categorical (or built in code).
 *
 * <pre>{@code
 * Dataset reference = Dataset.readCsv(Path.of("train.csv"), List.of("country"));
 * Dataset current = Dataset.builder("last-hour")
 *     .numeric("amount", amounts)
 *     .categorical("country", countries)
 *     .build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Dataset {
  private final String source;
  private final int rows;
  private final Map<String, @Nullable String[]> raw;
  private final Map<String, double[]> numeric;

  private Dataset(String source, int rows, Map<String, @Nullable String[]> raw, Map<String, double[]> numeric) {
    this.source = source;
    this.rows = rows;
    this.raw = raw;
    this.numeric = numeric;
  }

  /**
   * Reads a CSV file into memory; columns are numeric unless they hold a non-numeric value. To
   * profile or compare files of any size, {@link ReferenceProfile#fromCsv} and {@link
   * DriftReport#compare(Path, Path, Collection, double)} stream them instead.
   */
  public static Dataset readCsv(Path path) throws IOException {
    return readCsv(path, List.of());
  }

  /**
   * Reads a CSV file into memory, treating the named columns as categorical whatever they hold.
   *
   * @throws DriftInputException on an unreadable or empty file, a header without data, a ragged
   *     row, a duplicate column, a number beyond the range of a double in a numeric column, or a
   *     categorical column name that is not in the header
   * @throws IOException declared for compatibility; read errors are {@link DriftInputException}s
   */
  public static Dataset readCsv(Path path, Collection<String> categoricalColumns) throws IOException {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(categoricalColumns, "categoricalColumns");
    Collector c = new Collector();
    CsvReader.read(path, c);
    return c.build(path.toString(), categoricalColumns);
  }

  /** Parses CSV text; {@code source} names it in error messages. */
  public static Dataset parseCsv(String csv, String source, Collection<String> categoricalColumns) {
    Objects.requireNonNull(csv, "csv");
    Objects.requireNonNull(categoricalColumns, "categoricalColumns");
    Collector c = new Collector();
    CsvReader.read(new StringReader(csv.startsWith("\uFEFF") ? csv.substring(1) : csv), source, c);
    return c.build(source, categoricalColumns);
  }

  /** Collects the rows of a CSV file and their lines. */
  private static final class Collector implements CsvReader.RowVisitor {
    private String[] header;
    private final List<String[]> rows = new ArrayList<>();
    private final List<Long> lines = new ArrayList<>();

    @Override
    public void header(String[] names) {
      header = names;
    }

    @Override
    public void row(String[] cells, long line) {
      rows.add(cells);
      lines.add(line);
    }

    Dataset build(String source, Collection<String> categoricalColumns) {
      Set<String> forced = new TreeSet<>(categoricalColumns);
      forced.removeAll(List.of(header));
      if (!forced.isEmpty()) {
        throw new DriftInputException(source + ": categorical column(s) " + forced
            + " not in the header " + List.of(header));
      }
      Map<String, @Nullable String[]> raw = new LinkedHashMap<>();
      Map<String, double[]> numeric = new LinkedHashMap<>();
      int n = rows.size();
      for (int c = 0; c < header.length; c++) {
        @Nullable String[] cells = new String[n];
        for (int r = 0; r < n; r++) {
          String v = rows.get(r)[c];
          cells[r] = CsvReader.isMissing(v) ? null : v;
        }
        String name = header[c];
        raw.put(name, cells);
        if (!categoricalColumns.contains(name)) {
          double[] parsed = parseNumeric(cells, source, name);
          if (parsed != null) {
            numeric.put(name, parsed);
          }
        }
      }
      return new Dataset(source, n, raw, numeric);
    }

    /** The column's values, or null when a present cell is not a number. */
    private double @Nullable [] parseNumeric(@Nullable String[] cells, String source, String name) {
      double[] out = new double[cells.length];
      int overflow = -1;
      for (int i = 0; i < cells.length; i++) {
        if (cells[i] == null) {
          out[i] = Double.NaN;
        } else if (CsvReader.isNumber(cells[i])) {
          out[i] = Double.parseDouble(cells[i]);
          if (Double.isInfinite(out[i]) && overflow < 0) {
            overflow = i;
          }
        } else {
          return null;
        }
      }
      if (overflow >= 0) {
        throw CsvReader.outOfRange(cells[overflow], source, lines.get(overflow), name);
      }
      return out;
    }
  }

  /** A builder for a dataset made in code; {@code source} names it in messages. */
  public static Builder builder(@Nullable String source) {
    return new Builder(source);
  }

  /** Where the data came from (a file path or a name), for messages. */
  public String source() {
    return source;
  }

  public int rowCount() {
    return rows;
  }

  /** Column names in file order. */
  public List<String> columnNames() {
    return Collections.unmodifiableList(new ArrayList<>(raw.keySet()));
  }

  public boolean hasColumn(String name) {
    return raw.containsKey(name);
  }

  /** Whether the column is categorical. */
  public boolean isCategorical(String name) {
    column(name);
    return !numeric.containsKey(name);
  }

  /**
   * The values of a numeric column, {@code NaN} for missing (a copy).
   *
   * @throws DriftInputException when the column is categorical or absent
   */
  public double[] numeric(String name) {
    column(name);
    double[] v = numeric.get(name);
    if (v == null) {
      throw new DriftInputException(source + ": column '" + name + "' is categorical, not numeric");
    }
    return v.clone();
  }

  /** The values of any column as text, {@code null} for missing (a copy). */
  public @Nullable String[] categorical(String name) {
    return column(name).clone();
  }

  /** The number of missing values in a column. */
  public int missing(String name) {
    int m = 0;
    for (String v : column(name)) {
      if (v == null) {
        m++;
      }
    }
    return m;
  }

  private @Nullable String[] column(String name) {
    @Nullable String[] c = raw.get(name);
    if (c == null) {
      throw new DriftInputException(source + ": no column '" + name + "'");
    }
    return c;
  }

  @Override
  public String toString() {
    return "Dataset{" + source + ", rows=" + rows + ", columns=" + raw.keySet() + "}";
  }

  /**
   * Collects columns of equal length.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final String source;
    private final Map<String, @Nullable String[]> raw = new LinkedHashMap<>();
    private final Map<String, double[]> numeric = new LinkedHashMap<>();
    private int rows = -1;

    Builder(@Nullable String source) {
      this.source = source == null ? "dataset" : source;
    }

    /** Adds a numeric column; {@code NaN} is missing. */
    public Builder numeric(String name, double[] values) {
      Objects.requireNonNull(values, "values");
      @Nullable String[] text = new String[values.length];
      for (int i = 0; i < values.length; i++) {
        text[i] = Double.isNaN(values[i]) ? null : Double.toString(values[i]);
      }
      add(name, text);
      numeric.put(name, values.clone());
      return this;
    }

    /** Adds a categorical column; {@code null} is missing. */
    public Builder categorical(String name, @Nullable String[] values) {
      add(name, Objects.requireNonNull(values, "values").clone());
      return this;
    }

    private void add(String name, @Nullable String[] values) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("column name must be non-blank");
      }
      if (raw.containsKey(name)) {
        throw new IllegalArgumentException("duplicate column '" + name + "'");
      }
      if (rows >= 0 && values.length != rows) {
        throw new IllegalArgumentException("column '" + name + "' has " + values.length
            + " values, the others have " + rows);
      }
      rows = values.length;
      raw.put(name, values);
    }

    public Dataset build() {
      if (raw.isEmpty()) {
        throw new IllegalArgumentException("a dataset needs at least one column");
      }
      // Copies: columns added to the builder afterwards do not reach the built dataset.
      return new Dataset(source, rows, new LinkedHashMap<>(raw), new LinkedHashMap<>(numeric));
    }
  }
}
