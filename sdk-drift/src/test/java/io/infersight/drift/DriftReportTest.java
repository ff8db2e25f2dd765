package io.infersight.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infersight.drift.internal.ExactStatistics;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DriftReportTest {
  private final Random rnd = new Random(9);

  private Dataset data(String source, double mean, double std, double[] countryWeights) {
    return Dataset.builder(source)
        .numeric("amount", Samples.normal(rnd, 4_000, mean, std))
        .categorical("country", Samples.categories(rnd, 4_000, new String[] {"DE", "FR", "US", "BR"}, countryWeights))
        .build();
  }

  @Test
  void doesNotFlagSamplesFromTheSameDistribution() {
    DriftReport report = DriftReport.compare(data("ref", 0, 1, new double[] {5, 3, 2, 0}),
        data("cur", 0, 1, new double[] {5, 3, 2, 0}), DriftReport.DEFAULT_PSI_THRESHOLD);
    assertThat(report.drifted()).isFalse();
    assertThat(report.features()).allSatisfy(f -> assertThat(f.psi()).isLessThan(0.05));
  }

  @Test
  void flagsAMeanShiftAndANewCategory() {
    DriftReport report = DriftReport.compare(data("ref", 0, 1, new double[] {5, 3, 2, 0}),
        data("cur", 0.6, 1, new double[] {3, 3, 2, 2}), 0.2);
    assertThat(report.drifted()).isTrue();
    assertThat(report.features()).extracting(FeatureDrift::drifted).containsExactly(true, true);
    FeatureDrift amount = report.features().get(0);
    assertThat(amount.wassersteinNorm()).isCloseTo(0.6, within(0.1));
    assertThat(report.features().get(1).chi2P()).isLessThan(1e-10);
  }

  @Test
  void writesTheDocumentedJsonLeavingOutWhatDoesNotApply() throws Exception {
    Dataset ref = Dataset.parseCsv("x,c\n1,a\n2,a\n3,b\n4,b\n5,c\n", "ref.csv", List.of());
    Dataset cur = Dataset.parseCsv("x,c\n3,a\n4,d\n5,d\n6,b\n7,\n", "cur.csv", List.of());
    JsonNode json = new ObjectMapper().readTree(DriftReport.compare(ref, cur, 0.2).toJson());

    assertThat(json.get("drifted").asBoolean()).isTrue();
    JsonNode x = json.get("features").get(0);
    assertThat(iterable(x.fieldNames())).containsExactly("name", "kind", "n_reference", "n_current",
        "missing_current", "psi", "ks", "js", "wasserstein", "wasserstein_norm", "drifted");
    assertThat(x.get("kind").asText()).isEqualTo("numeric");
    assertThat(x.get("ks").asDouble()).isCloseTo(0.4, within(1e-12));
    assertThat(x.get("wasserstein").asDouble()).isCloseTo(2.0, within(1e-12));
    JsonNode c = json.get("features").get(1);
    assertThat(iterable(c.fieldNames())).containsExactly("name", "kind", "n_reference", "n_current",
        "missing_current", "psi", "js", "chi2_p", "drifted");
    assertThat(c.get("n_current").asInt()).isEqualTo(4);
    assertThat(c.get("missing_current").asInt()).isEqualTo(1);
  }

  private static List<String> iterable(java.util.Iterator<String> it) {
    List<String> out = new java.util.ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  @Test
  void comparesAColumnCategoricalInEitherFileAsCategories() {
    Dataset ref = Dataset.parseCsv("v\n1\n2\n", "ref.csv", List.of());
    Dataset cur = Dataset.parseCsv("v\n1\nunknown\n", "cur.csv", List.of());
    FeatureDrift v = DriftReport.compare(ref, cur, 0.2).features().get(0);
    assertThat(v.kind()).isEqualTo(FeatureKind.CATEGORICAL);
    assertThat(v.ks()).isNaN();
  }

  @Test
  void refusesMismatchedHeadersNamingTheColumns() {
    Dataset ref = Dataset.parseCsv("a,b\n1,2\n", "ref.csv", List.of());
    Dataset cur = Dataset.parseCsv("a,c\n1,2\n", "cur.csv", List.of());
    assertThatThrownBy(() -> DriftReport.compare(ref, cur, 0.2)).isInstanceOf(DriftInputException.class)
        .hasMessage("columns differ between ref.csv and cur.csv; missing from cur.csv: [b]; not in ref.csv: [c]");
  }

  @Test
  void refusesAnAllMissingColumn() {
    Dataset ref = Dataset.parseCsv("a,b\n1,2\n2,3\n", "ref.csv", List.of());
    Dataset cur = Dataset.parseCsv("a,b\n1,\n2,NaN\n", "cur.csv", List.of());
    assertThatThrownBy(() -> DriftReport.compare(ref, cur, 0.2))
        .hasMessage("cur.csv: column 'b' has no values (all missing)");
  }

  @Test
  void leavesOutWassersteinNormForAOneValueReferenceColumnWithAWarning() {
    Dataset ref = Dataset.parseCsv("a\n5\n5\n5\n", "ref.csv", List.of());
    Dataset cur = Dataset.parseCsv("a\n5\n6\n", "cur.csv", List.of());
    DriftReport report = DriftReport.compare(ref, cur, 0.2);
    assertThat(report.features().get(0).wassersteinNorm()).isNaN();
    assertThat(report.features().get(0).wasserstein()).isCloseTo(0.5, within(1e-12));
    assertThat(report.warnings()).singleElement().asString().contains("constant");
    assertThat(report.toJson()).doesNotContain("wasserstein_norm");
  }

  @Test
  void comparesWithAProfileExactlyForPsiAndWithinBoundsForKs() {
    double[] refValues = Samples.lognormal(rnd, 10_000, 0, 1);
    double[] curValues = Samples.lognormal(rnd, 3_000, 0.3, 1);
    ReferenceProfile profile = ReferenceProfile.builder().numeric("x", refValues).build();
    Dataset cur = Dataset.builder("cur").numeric("x", curValues).build();
    FeatureDrift f = DriftReport.compare(profile, cur, 0.2).features().get(0);
    assertThat(f.psi()).isCloseTo(ExactStatistics.psi(refValues, curValues), within(1e-9));
    double ks = ExactStatistics.ks(refValues, curValues);
    assertThat(f.ks()).isBetween(ks - 0.01, ks);
    assertThat(f.nReference()).isEqualTo(10_000);
  }

  @Test
  void refusesADatasetThatDoesNotMatchTheProfile() {
    ReferenceProfile profile = ReferenceProfile.builder().numeric("x", new double[] {1, 2}).score(new double[] {0.1}).build();
    Dataset other = Dataset.parseCsv("y\n1\n", "cur.csv", List.of());
    assertThatThrownBy(() -> DriftReport.compare(profile, other, 0.2))
        .hasMessage("columns differ between the profile and cur.csv; missing from cur.csv: [x]; not in the profile: [y]");
    Dataset text = Dataset.parseCsv("x,score\nabc,0.5\n", "cur.csv", List.of());
    assertThatThrownBy(() -> DriftReport.compare(profile, text, 0.2))
        .hasMessageContaining("column 'x' holds non-numeric values, but it is numeric in the profile");
  }

  @Test
  void printsAnAlignedTable() {
    Dataset ref = Dataset.parseCsv("x,c\n1,a\n2,a\n3,b\n", "ref.csv", List.of());
    String table = DriftReport.compare(ref, ref, 0.2).toTable();
    assertThat(table.lines().findFirst().orElseThrow()).startsWith("feature  kind").contains("chi2_p");
    assertThat(table).contains("0 of 2 features drifted");
  }
}
