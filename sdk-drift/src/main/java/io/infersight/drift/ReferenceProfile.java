package io.infersight.drift;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The reference distribution of a model's inputs and prediction score, built once from training
 * data and shipped with the model as a versioned JSON file. The drift monitor and the offline
 * report compare live or current data against it.
 *
 * <pre>{@code
 * // at training time
 * ReferenceProfile profile = ReferenceProfile.builder()
 *     .numeric("amount", amounts)             // NaN = missing
 *     .categorical("country", countries)      // null = missing
 *     .score(trainingScores)
 *     .build();
 * profile.save(Path.of("fraud-2.1.0.profile.json"));
 *
 * // at serving time
 * ReferenceProfile loaded = ReferenceProfile.load(Path.of("fraud-2.1.0.profile.json"));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ReferenceProfile {
  /** The {@code format} field of a profile file. */
  public static final String FORMAT = "infersight-drift-profile";
  /** The profile file version this library writes and the newest it reads. */
  public static final int VERSION = 1;
  /** The default name of the prediction score. */
  public static final String DEFAULT_SCORE_NAME = "score";

  private final List<FeatureProfile> features;
  private final Map<String, FeatureProfile> byName;
  private final @Nullable FeatureProfile score;

  ReferenceProfile(List<FeatureProfile> features, @Nullable FeatureProfile score) {
    this.features = Collections.unmodifiableList(new ArrayList<>(features));
    Map<String, FeatureProfile> m = new LinkedHashMap<>();
    for (FeatureProfile f : features) {
      if (m.put(f.name(), f) != null) {
        throw new DriftInputException("duplicate feature name '" + f.name() + "'");
      }
    }
    if (features.isEmpty() && score == null) {
      throw new DriftInputException("a profile needs at least one feature or a score");
    }
    if (score != null && score.kind() != FeatureKind.NUMERIC) {
      throw new DriftInputException("the score '" + score.name() + "' must be numeric");
    }
    this.byName = Collections.unmodifiableMap(m);
    this.score = score;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A profile of every column of {@code data}; the column named {@code scoreColumn}, when not
   * {@code null}, becomes the prediction score.
   *
   * @throws DriftInputException when the score column is absent or categorical, or a column has
   *     no values
   */
  public static ReferenceProfile fromDataset(Dataset data, @Nullable String scoreColumn) {
    Objects.requireNonNull(data, "data");
    Builder b = builder();
    boolean scoreFound = false;
    for (String column : data.columnNames()) {
      try {
        addColumn(b, data, column, column.equals(scoreColumn));
      } catch (DriftInputException e) {
        throw e.getMessage().startsWith(data.source())
            ? e : new DriftInputException(data.source() + ": " + e.getMessage(), e);
      }
      scoreFound |= column.equals(scoreColumn);
    }
    if (scoreColumn != null && !scoreFound) {
      throw new DriftInputException(data.source() + ": no column named '" + scoreColumn
          + "' for the score; columns are " + data.columnNames());
    }
    return b.build();
  }

  private static void addColumn(Builder b, Dataset data, String column, boolean isScore) {
    if (isScore) {
      if (data.isCategorical(column)) {
        throw new DriftInputException("score column '" + column + "' is not numeric");
      }
      b.score(column, data.numeric(column));
    } else if (data.isCategorical(column)) {
      b.add(FeatureProfile.categorical(column, data.categorical(column)), null);
    } else {
      b.add(FeatureProfile.numeric(column, data.numeric(column)), null);
    }
  }

  /**
   * A profile of every column of a CSV file, streaming it (two passes): memory grows with the
   * number of columns and distinct categories, not with the rows. Columns are read as by {@link
   * Dataset#readCsv(Path, Collection)}; the column named {@code scoreColumn}, when not {@code
   * null}, becomes the prediction score. The profile equals {@link #fromDataset(Dataset, String)}
   * on the same file while a numeric column has at most 4096 values;
   * beyond, the edges and deciles are a quantile sketch's (docs/drift.md states the bounds), and
   * every count is exact.
   *
   * @throws DriftInputException when the file is unreadable or malformed, the score column is
   *     absent or categorical, a column has no values, or a number is beyond the range of a double
   */
  public static ReferenceProfile fromCsv(Path data, Collection<String> categoricalColumns,
      @Nullable String scoreColumn) {
    return CsvDrift.profile(data, categoricalColumns, scoreColumn);
  }

  /** A profile of every column of {@code data}, without a score. */
  public static ReferenceProfile fromDataset(Dataset data) {
    return fromDataset(data, null);
  }

  /**
   * Reads a profile file.
   *
   * @throws DriftInputException when the file is not a valid profile (the message names the
   *     problem and the field)
   * @throws IOException when the file cannot be read
   */
  public static ReferenceProfile load(Path path) throws IOException {
    Objects.requireNonNull(path, "path");
    String text = Files.readString(path, StandardCharsets.UTF_8);
    return ProfileJson.read(text, path.toString());
  }

  /** Parses profile JSON; {@code source} names it in error messages. */
  public static ReferenceProfile fromJson(String json, String source) {
    return ProfileJson.read(Objects.requireNonNull(json, "json"), source == null ? "profile" : source);
  }

  /** Writes this profile as JSON, replacing the file. */
  public void save(Path path) throws IOException {
    Files.writeString(Objects.requireNonNull(path, "path"), toJson(), StandardCharsets.UTF_8);
  }

  /** This profile as pretty-printed JSON (format {@value #FORMAT}, version {@value #VERSION}). */
  public String toJson() {
    return ProfileJson.write(this);
  }

  /** The features, in the order they were added. */
  public List<FeatureProfile> features() {
    return features;
  }

  /** The feature of that name, or {@code null}. */
  public @Nullable FeatureProfile feature(String name) {
    return byName.get(name);
  }

  /** The prediction score's profile, or {@code null} when the profile has none. */
  public @Nullable FeatureProfile score() {
    return score;
  }

  @Override
  public String toString() {
    return "ReferenceProfile{features=" + byName.keySet() + (score == null ? "" : ", score=" + score.name()) + "}";
  }

  /**
   * Collects feature profiles.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final List<FeatureProfile> features = new ArrayList<>();
    private @Nullable FeatureProfile score;

    Builder() {}

    /** Adds a numeric feature; {@code NaN} values are missing. */
    public Builder numeric(String name, double[] values) {
      return add(FeatureProfile.numeric(name, values), null);
    }

    /** Adds a categorical feature; {@code null} values are missing. */
    public Builder categorical(String name, @Nullable String[] values) {
      return add(FeatureProfile.categorical(name, values), null);
    }

    /** Adds a feature profiled elsewhere. */
    public Builder feature(FeatureProfile feature) {
      return add(Objects.requireNonNull(feature, "feature"), null);
    }

    /** Sets the prediction score, named {@value ReferenceProfile#DEFAULT_SCORE_NAME}. */
    public Builder score(double[] values) {
      return score(DEFAULT_SCORE_NAME, values);
    }

    /** Sets the prediction score under a name of your choice. */
    public Builder score(String name, double[] values) {
      this.score = FeatureProfile.numeric(name, values);
      return this;
    }

    Builder score(FeatureProfile score) {
      this.score = score;
      return this;
    }

    Builder add(FeatureProfile feature, @Nullable String source) {
      for (FeatureProfile f : features) {
        if (f.name().equals(feature.name())) {
          throw new DriftInputException((source == null ? "" : source + ": ")
              + "duplicate feature name '" + feature.name() + "'");
        }
      }
      features.add(feature);
      return this;
    }

    /**
     * Builds the profile.
     *
     * @throws DriftInputException when there is neither a feature nor a score
     */
    public ReferenceProfile build() {
      return new ReferenceProfile(features, score);
    }
  }
}
