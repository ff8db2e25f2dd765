package io.infersight.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.infersight.drift.internal.ExactStatistics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.datasketches.kll.KllSketch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming CSV profile and report against the in-memory ones: identical while the sketches
 * hold every value, within the sketch's documented error beyond.
 */
class CsvStreamingTest {
  /** Rank error of one sketch (99 % confidence, as for a PMF / two-sided query). */
  private static final double EPS = KllSketch.getNormalizedRankError(CsvColumns.SKETCH_K, true);

  @TempDir Path dir;

  private Path write(String name, String header, int rows, Random rnd, double shift, boolean odd)
      throws IOException {
    StringBuilder sb = new StringBuilder(header).append('\n');
    for (int i = 0; i < rows; i++) {
      double amount = Math.exp(3 + shift + rnd.nextGaussian());
      String country = rnd.nextInt(4) == 0 ? "DE" : rnd.nextBoolean() ? "FR" : "\"US, east\"";
      String items = i % 17 == 0 ? "" : Integer.toString(rnd.nextInt(5));
      String code = odd && i == rows / 2 ? "n/a" : Integer.toString(rnd.nextInt(3));
      sb.append(String.format(Locale.ROOT, "%.6f", amount)).append(',').append(country).append(',')
          .append(items).append(',').append(code).append(',').append(rnd.nextInt(7) - 3).append('\n');
    }
    return Files.writeString(dir.resolve(name), sb.toString());
  }

  @Test
  void smallFilesGiveExactlyTheInMemoryProfileAndReport() throws IOException {
    Random rnd = new Random(7);
    String header = "amount,country,items,code,level";
    Path ref = write("ref.csv", header, 3_000, rnd, 0, false);
    // 'code' is numeric in the reference and categorical in the current file: compared as categories.
    Path cur = write("cur.csv", header, 2_000, rnd, 0.3, true);
    List<String> categorical = List.of("level");

    assertThat(ReferenceProfile.fromCsv(ref, categorical, "items").toJson())
        .isEqualTo(ReferenceProfile.fromDataset(Dataset.readCsv(ref, categorical), "items").toJson());
    String exact = DriftReport.compare(Dataset.readCsv(ref, categorical), Dataset.readCsv(cur, categorical),
        DriftReport.DEFAULT_PSI_THRESHOLD).toJson();
    assertThat(DriftReport.compare(ref, cur, categorical, DriftReport.DEFAULT_PSI_THRESHOLD).toJson())
        .isEqualTo(exact).contains("\"kind\" : \"categorical\"");

    ReferenceProfile profile = ReferenceProfile.fromCsv(ref, List.of(), null);
    Path same = write("same.csv", header, 1_000, rnd, 0.3, false);
    assertThat(DriftReport.compare(profile, same, List.of(), 0.2).toJson())
        .isEqualTo(DriftReport.compare(profile, Dataset.readCsv(same), 0.2).toJson());
  }

  @Test
  void largeFilesStayWithinTheSketchErrorOfTheExactStatistics() throws IOException {
    Random rnd = new Random(11);
    int nRef = 20_000;
    int nCur = 10_000;
    double[] ref = new double[nRef];
    double[] cur = new double[nCur];
    StringBuilder a = new StringBuilder("x\n");
    for (int i = 0; i < nRef; i++) {
      ref[i] = Math.exp(rnd.nextGaussian());
      a.append(ref[i]).append('\n');
    }
    StringBuilder b = new StringBuilder("x\n");
    for (int i = 0; i < nCur; i++) {
      cur[i] = Math.exp(0.2 + 1.1 * rnd.nextGaussian());
      b.append(cur[i]).append('\n');
    }
    Path refFile = Files.writeString(dir.resolve("ref.csv"), a);
    Path curFile = Files.writeString(dir.resolve("cur.csv"), b);

    FeatureDrift streamed = DriftReport.compare(refFile, curFile, List.of(), 0.2).features().get(0);
    double range = Math.max(max(ref), max(cur)) - Math.min(min(ref), min(cur));
    assertThat(streamed.value(DriftMethod.KS)).isCloseTo(ExactStatistics.ks(ref, cur), within(2 * EPS));
    assertThat(streamed.value(DriftMethod.WASSERSTEIN))
        .isCloseTo(ExactStatistics.wasserstein(ref, cur), within(2 * EPS * range));
    // PSI: exact counts in bins cut at the sketch's deciles; each decile within EPS in rank.
    assertThat(streamed.value(DriftMethod.PSI)).isCloseTo(ExactStatistics.psi(ref, cur), within(0.01));
    assertThat(streamed.value(DriftMethod.JS)).isCloseTo(ExactStatistics.jensenShannon(ref, cur), within(0.01));

    FeatureProfile p = ReferenceProfile.fromCsv(refFile, List.of(), null).feature("x");
    FeatureProfile exact = FeatureProfile.numeric("x", ref);
    assertThat(p.count()).isEqualTo(nRef);
    assertThat(Arrays.stream(p.binCounts()).sum()).isEqualTo(nRef);
    assertThat(p.min()).isEqualTo(exact.min());
    assertThat(p.max()).isEqualTo(exact.max());
    assertThat(p.mean()).isEqualTo(exact.mean());
    assertThat(p.std()).isEqualTo(exact.std());
    assertThat(p.ksErrorBound()).isLessThanOrEqualTo(1.0 / FeatureProfile.QUANTILE_BINS + 2 * EPS);
    double[] deciles = p.deciles();
    for (int k = 0; k < deciles.length; k++) {
      double decile = deciles[k];
      double rank = Arrays.stream(ref).filter(v -> v <= decile).count();
      assertThat(rank / nRef).isCloseTo((k + 1) / 10.0, within(EPS + 1.0 / nRef));
    }
  }

  @Test
  void overflowProneValuesGiveAFiniteMeanAndStdThatRoundTrip() throws IOException {
    Path file = Files.writeString(dir.resolve("big.csv"), "x\n1.7e308\n1.7e308\n-1.7e308\n-1.7e308\n0.5\n0.5\n");
    ReferenceProfile profile = ReferenceProfile.fromCsv(file, List.of(), null);
    FeatureProfile x = profile.feature("x");
    assertThat(x.mean()).isCloseTo(1.0 / 6, within(1e-12));
    assertThat(x.std()).isCloseTo(Math.sqrt(4.0 / 6) * 1.7e308, within(1e296));
    ReferenceProfile loaded = ReferenceProfile.fromJson(profile.toJson(), "big.json");
    assertThat(loaded.toJson()).isEqualTo(profile.toJson());
    assertThat(DriftReport.compare(loaded, file, List.of(), 0.2).drifted()).isFalse();
    assertThat(FeatureProfile.numeric("x", new double[] {1.7e308, 1.7e308, -1.7e308, -1.7e308, 0.5, 0.5}).mean())
        .isCloseTo(1.0 / 6, within(1e-12));
  }

  @Test
  void aNumberBeyondTheDoubleRangeIsBadInputNamingFileLineAndColumnInEveryEntryPoint() throws IOException {
    Path bad = Files.writeString(dir.resolve("bad.csv"), "a,x\n1,2\n2,1e400\n3,4\n");
    Path good = Files.writeString(dir.resolve("good.csv"), "a,x\n1,2\n2,3\n3,4\n");
    String message = "bad.csv line 3, column 'x': 1e400 is beyond the range of a double";
    assertThatThrownBy(() -> ReferenceProfile.fromCsv(bad, List.of(), null)).hasMessageContaining(message);
    assertThatThrownBy(() -> DriftReport.compare(bad, good, List.of(), 0.2)).hasMessageContaining(message);
    assertThatThrownBy(() -> DriftReport.compare(good, bad, List.of(), 0.2)).hasMessageContaining(message);
    ReferenceProfile profile = ReferenceProfile.fromCsv(good, List.of(), null);
    assertThatThrownBy(() -> DriftReport.compare(profile, bad, List.of(), 0.2)).hasMessageContaining(message);
    assertThatThrownBy(() -> Dataset.readCsv(bad)).hasMessageContaining(message);
    // In a categorical column it is a label like any other.
    assertThat(ReferenceProfile.fromCsv(bad, List.of("x"), null).feature("x").categories()).containsKey("1e400");
    Path text = Files.writeString(dir.resolve("text.csv"), "a,x\n1,2\n2,1e400\n3,high\n");
    assertThat(ReferenceProfile.fromCsv(text, List.of(), null).feature("x").kind()).isEqualTo(FeatureKind.CATEGORICAL);
  }

  private static double max(double[] v) {
    return Arrays.stream(v).max().orElseThrow();
  }

  private static double min(double[] v) {
    return Arrays.stream(v).min().orElseThrow();
  }
}
