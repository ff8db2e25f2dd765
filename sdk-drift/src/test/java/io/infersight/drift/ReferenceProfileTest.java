package io.infersight.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceProfileTest {
  @TempDir Path dir;

  private static ReferenceProfile sample() {
    Random rnd = new Random(3);
    double[] amount = Samples.normal(rnd, 5_000, 50, 10);
    amount[0] = Double.NaN;
    return ReferenceProfile.builder()
        .numeric("amount", amount)
        .numeric("items", Samples.ties(rnd, 5_000, 0))
        .categorical("country", new String[] {"DE", "FR", null, "DE", "a \"quoted\", odd name"})
        .score(Samples.normal(rnd, 5_000, 0.2, 0.05))
        .build();
  }

  @Test
  void numericFeaturesKeepQuantileEdgesDecilesAndRange() {
    FeatureProfile amount = sample().feature("amount");
    assertThat(amount.count()).isEqualTo(4_999);
    assertThat(amount.missing()).isEqualTo(1);
    assertThat(amount.edges()).startsWith(amount.min()).endsWith(amount.max()).isSorted();
    assertThat(amount.edges()).contains(amount.deciles());
    assertThat(amount.binCounts()).hasSize(2 * amount.edges().length + 1);
    assertThat(amount.ksErrorBound()).isLessThanOrEqualTo(0.01);
    assertThat(java.util.Arrays.stream(amount.binCounts()).sum()).isEqualTo(4_999);
  }

  @Test
  void tiedFeaturesGetOneEdgePerDistinctValue() {
    FeatureProfile items = sample().feature("items");
    assertThat(items.edges()).containsExactly(0, 1, 2, 3, 4, 5);
    assertThat(items.ksErrorBound()).isZero();
  }

  @Test
  void savesAndLoadsTheSameProfile() throws IOException {
    ReferenceProfile profile = sample();
    Path file = dir.resolve("profile.json");
    profile.save(file);
    ReferenceProfile loaded = ReferenceProfile.load(file);

    assertThat(loaded.toJson()).isEqualTo(profile.toJson());
    assertThat(loaded.feature("amount").edges()).containsExactly(profile.feature("amount").edges());
    assertThat(loaded.feature("country").categories()).containsEntry("a \"quoted\", odd name", 1L)
        .containsEntry("DE", 2L);
    assertThat(loaded.score().name()).isEqualTo("score");
    assertThat(Files.readString(file)).contains("\"format\" : \"infersight-drift-profile\"", "\"version\" : 1");
  }

  @Test
  void refusesAFeatureWhoseValuesAreAllMissing() {
    assertThatThrownBy(() -> ReferenceProfile.builder().numeric("x", new double[] {Double.NaN, Double.NaN}))
        .isInstanceOf(DriftInputException.class).hasMessage("feature 'x': all 2 reference values are missing");
    assertThatThrownBy(() -> ReferenceProfile.builder().categorical("c", new String[] {null}))
        .isInstanceOf(DriftInputException.class).hasMessageContaining("all 1 reference values are missing");
  }

  @Test
  void refusesInfiniteReferenceValuesDuplicatesAndEmptyProfiles() {
    assertThatThrownBy(() -> ReferenceProfile.builder().numeric("x", new double[] {1, Double.POSITIVE_INFINITY}))
        .hasMessageContaining("must be finite");
    assertThatThrownBy(() -> ReferenceProfile.builder().numeric("x", new double[] {1}).numeric("x", new double[] {2}))
        .hasMessageContaining("duplicate feature name 'x'");
    assertThatThrownBy(() -> ReferenceProfile.builder().build()).hasMessageContaining("at least one feature");
  }

  @Test
  void loadNamesTheProblemInABadFile() {
    String good = sample().toJson();
    assertLoadFails("{ not json", "p.json: not valid JSON at line 1");
    assertLoadFails("[]", "p.json: a profile must be a JSON object");
    assertLoadFails("{\"format\": \"other\", \"version\": 1}", "not an Infersight drift profile (format is 'other'");
    assertLoadFails(good.replace("\"version\" : 1", "\"version\" : 7"), "profile version 7 is not supported");
    assertLoadFails(good.replace("\"version\" : 1", "\"version\" : \"one\""), "field 'version'");
    assertLoadFails(good.replace("\"kind\" : \"numeric\"", "\"kind\" : \"weird\""),
        "features[0] ('amount'): field 'kind' must be 'numeric' or 'categorical'");
    assertLoadFails(good.replace("\"count\" : 4999", "\"count\" : 4998"), "'bin_counts' must sum to 'count'");
    assertLoadFails(good.replace("\"name\" : \"items\"", "\"name\" : \"amount\""), "duplicate feature name 'amount'");
    assertLoadFails(good.replace("\"DE\" : 2", "\"DE\" : -2"), "category 'DE' needs a non-negative count");
    assertLoadFails(good.replaceFirst("\"min\" : [-0-9.E]+", "\"min\" : \"low\""), "field 'min' is missing or not a finite number");
    assertLoadFails("{\"format\": \"infersight-drift-profile\", \"version\": 1, \"features\": []}",
        "the profile has no features and no score");
  }

  private static void assertLoadFails(String json, String message) {
    assertThatThrownBy(() -> ReferenceProfile.fromJson(json, "p.json"))
        .isInstanceOf(DriftInputException.class)
        .hasMessageContaining(message);
  }

  @Test
  void buildsFromADatasetWithAScoreColumn() {
    Dataset data = Dataset.parseCsv("a,c,s\n1,x,0.1\n2,y,0.2\n3,x,0.9\n", "train.csv", java.util.List.of());
    ReferenceProfile profile = ReferenceProfile.fromDataset(data, "s");
    assertThat(profile.features()).extracting(FeatureProfile::name).containsExactly("a", "c");
    assertThat(profile.feature("c").kind()).isEqualTo(FeatureKind.CATEGORICAL);
    assertThat(profile.score().name()).isEqualTo("s");
    assertThatThrownBy(() -> ReferenceProfile.fromDataset(data, "nope"))
        .hasMessageContaining("train.csv: no column named 'nope'");
    assertThatThrownBy(() -> ReferenceProfile.fromDataset(data, "c")).hasMessageContaining("is not numeric");
  }
}
