package io.infersight.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.infersight.core.Inference;
import io.infersight.core.InferenceObserver;
import io.infersight.core.LabelPolicy;
import io.infersight.drift.internal.ExactStatistics;
import io.infersight.testing.FakeClock;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-bin counters and reference shares that the fleet rules pool in Prometheus: one replica's
 * counts are exactly the bins {@code drift-report} puts the same values in, and the PSI computed
 * from them is the report's.
 */
class DriftBinMetersTest {
  private static final String[] COUNTRIES = {"DE", "FR", "US", "NL"};
  private final Random rnd = new Random(5);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final FakeClock clock = FakeClock.create();
  private final ReferenceProfile profile = ReferenceProfile.builder()
      .numeric("amount", Samples.normal(rnd, 5_000, 100, 15))
      .numeric("risk", Samples.ties(rnd, 5_000, 2))
      .categorical("country", Samples.categories(rnd, 5_000, COUNTRIES, new double[] {5, 3, 2, 0.2}))
      .score(Samples.normal(rnd, 5_000, 0.3, 0.1))
      .build();
  private InferenceObserver observer;
  private FeatureDriftMonitor monitor;

  @AfterEach
  void close() {
    if (observer != null) {
      observer.close();
    }
  }

  private void start(FeatureDriftMonitorBuilder builder, LabelPolicy policy) {
    monitor = builder.windowByTime(Duration.ofSeconds(10), 3).build();
    observer = InferenceObserver.builder().model("fraud", "2.1.0").clock(clock).labelPolicy(policy)
        .featureSchema("amount", "risk").addListener(monitor).build();
  }

  private void start() {
    start(InfersightDrift.listenerBuilder(profile, registry), LabelPolicy.defaults());
  }

  /** Counter values by bin label, in registration order. */
  private Map<String, Double> bins(String name, String feature) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (FunctionCounter c : registry.find(name).tags("model_name", "fraud").functionCounters()) {
      if (feature == null || feature.equals(c.getId().getTag("feature"))) {
        out.put(c.getId().getTag("bin"), c.count());
      }
    }
    return out;
  }

  private Map<String, Double> ratios(String name, String feature) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (Gauge g : registry.find(name).tags("model_name", "fraud").gauges()) {
      if (feature == null || feature.equals(g.getId().getTag("feature"))) {
        out.put(g.getId().getTag("bin"), g.value());
      }
    }
    return out;
  }

  private static long[] asCounts(Map<String, Double> byLabel, List<String> labels) {
    return labels.stream().mapToLong(l -> byLabel.getOrDefault(l, 0.0).longValue()).toArray();
  }

  private static final List<String> DECILE_LABELS =
      List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10");

  /** Shifted values, every reference decile itself (the bins' closed upper ends), and values out of range. */
  private double[] currentValues(FeatureProfile f, double shift, int n) {
    double[] deciles = f.deciles();
    double[] v = new double[n + deciles.length + 2];
    for (int i = 0; i < n; i++) {
      v[i] = f.mean() + shift + f.std() * rnd.nextGaussian();
    }
    System.arraycopy(deciles, 0, v, n, deciles.length);
    v[v.length - 2] = f.min() - 1;
    v[v.length - 1] = f.max() + 1;
    return v;
  }

  @Test
  void oneReplicasBinCountsAreTheBinsOfDriftReportForTheSameValues() {
    start();
    FeatureProfile amount = profile.feature("amount");
    FeatureProfile risk = profile.feature("risk");
    FeatureProfile score = profile.score();
    double[] amounts = currentValues(amount, 7, 3_000);
    double[] risks = Arrays.copyOf(currentValues(risk, 0.5, 3_000), amounts.length);
    double[] scores = currentValues(score, 0.05, 3_000);
    String[] countries = Samples.categories(rnd, amounts.length, new String[] {"DE", "FR", "US", "BR", "XX"},
        new double[] {2, 3, 3, 1, 1});
    for (int i = 0; i < amounts.length; i++) {
      try (Inference inf = observer.start()) {
        if (i % 2 == 0) {
          // The flat vector path; the categorical value comes from the map.
          inf.features(new double[] {amounts[i], risks[i]});
        } else {
          inf.features(Map.of("amount", amounts[i], "risk", risks[i], "country", countries[i]));
        }
        inf.scores(scores[i]);
      }
    }
    // Vectors carry no country: the odd requests' countries are the ones counted.
    String[] counted = new String[amounts.length / 2];
    for (int i = 1, k = 0; i < amounts.length; i += 2) {
      counted[k++] = countries[i];
    }

    assertThat(asCounts(bins("ml.feature.bin", "amount"), DECILE_LABELS))
        .containsExactly(ExactStatistics.binCounts(amount.deciles(), amounts));
    assertThat(asCounts(bins("ml.feature.bin", "risk"), DECILE_LABELS))
        .containsExactly(ExactStatistics.binCounts(risk.deciles(), risks));
    assertThat(asCounts(bins("ml.prediction.score.bin", null), DECILE_LABELS))
        .containsExactly(ExactStatistics.binCounts(score.deciles(), scores));
    Map<String, Double> country = bins("ml.feature.bin", "country");
    assertThat(country.keySet()).containsExactlyInAnyOrder("DE", "FR", "US", "NL", "other");
    assertThat(country.get("DE")).isEqualTo(Arrays.stream(counted).filter("DE"::equals).count());
    assertThat(country.get("NL")).isZero();
    assertThat(country.get("other")).isEqualTo(
        Arrays.stream(counted).filter(c -> c.equals("BR") || c.equals("XX")).count());

    // PSI from the exported counts and shares, as the rules compute it, is drift-report's.
    Dataset current = Dataset.builder("current").numeric("amount", amounts).numeric("risk", risks)
        .categorical("country", Arrays.copyOf(counted, amounts.length)).numeric(profile.score().name(), scores).build();
    DriftReport report = DriftReport.compare(profile, current, 0.2);
    assertThat(psi(bins("ml.feature.bin", "amount"), ratios("ml.feature.reference.ratio", "amount")))
        .isCloseTo(psiOf(report, "amount"), within(1e-12));
    assertThat(psi(bins("ml.feature.bin", "risk"), ratios("ml.feature.reference.ratio", "risk")))
        .isCloseTo(psiOf(report, "risk"), within(1e-12));
    assertThat(psi(bins("ml.prediction.score.bin", null), ratios("ml.prediction.score.reference.ratio", null)))
        .isCloseTo(psiOf(report, profile.score().name()), within(1e-12));
  }

  @Test
  void categoricalPsiFromTheCountersIsTheReportsWithSeveralUnknownCategories(@TempDir Path dir)
      throws IOException {
    start();
    // BR and XX are not in the profile: the counters pool them in "other", and so does the report.
    String[] countries = Samples.categories(rnd, 2_000, new String[] {"DE", "FR", "US", "BR", "XX"},
        new double[] {2, 3, 3, 1, 1});
    StringBuilder csv = new StringBuilder("amount,risk,country\n");
    for (String c : countries) {
      try (Inference inf = observer.start()) {
        inf.features(Map.of("amount", 100.0, "risk", 1.0, "country", c));
      }
      csv.append("100,1,").append(c).append('\n');
    }
    Path file = dir.resolve("current.csv");
    Files.writeString(file, csv);
    double fromCounters = psi(bins("ml.feature.bin", "country"), ratios("ml.feature.reference.ratio", "country"));

    Dataset current = Dataset.builder("current").numeric("amount", new double[countries.length])
        .numeric("risk", new double[countries.length]).categorical("country", countries).build();
    assertThat(psiOf(DriftReport.compare(profile, current, 0.2), "country"))
        .isCloseTo(fromCounters, within(1e-12));
    assertThat(psiOf(DriftReport.compare(profile, file, List.of("country"), 0.2), "country"))
        .isCloseTo(fromCounters, within(1e-12));
    monitor.recomputeNow();
    assertThat(monitor.value("country", DriftMethod.PSI)).isCloseTo(fromCounters, within(1e-12));

    // One bin per unknown category would be another number for the same values.
    Map<String, Long> seen = new LinkedHashMap<>();
    for (String c : countries) {
      seen.merge(c, 1L, Long::sum);
    }
    FeatureProfile country = profile.feature("country");
    List<String> all = new ArrayList<>(country.categories().keySet());
    all.addAll(List.of("BR", "XX"));
    long[] r = all.stream().mapToLong(c -> country.categories().getOrDefault(c, 0L)).toArray();
    long[] c = all.stream().mapToLong(k -> seen.getOrDefault(k, 0L)).toArray();
    assertThat(ExactStatistics.psi(r, c)).isNotCloseTo(fromCounters, within(0.01));
  }

  private static double psiOf(DriftReport report, String feature) {
    return report.features().stream().filter(f -> f.name().equals(feature)).findFirst().orElseThrow().psi();
  }

  /** PSI = Σ (c − r) ln(c / r), proportions of 0 replaced by 0.0001: the recording rule's formula. */
  static double psi(Map<String, Double> counts, Map<String, Double> referenceRatios) {
    double total = counts.values().stream().mapToDouble(Double::doubleValue).sum();
    double sum = 0;
    for (Map.Entry<String, Double> e : referenceRatios.entrySet()) {
      double c = counts.get(e.getKey()) / total;
      c = c == 0 ? ExactStatistics.PSI_EPSILON : c;
      double r = e.getValue() == 0 ? ExactStatistics.PSI_EPSILON : e.getValue();
      sum += (c - r) * Math.log(c / r);
    }
    return sum;
  }

  @Test
  void referenceSharesAreTheProfilesAndSumToOne() {
    start();

    Map<String, Double> amount = ratios("ml.feature.reference.ratio", "amount");
    assertThat(amount.keySet()).containsExactlyInAnyOrderElementsOf(DECILE_LABELS);
    assertThat(amount.values()).allSatisfy(r -> assertThat(r).isCloseTo(0.1, within(0.001)));
    Map<String, Double> country = ratios("ml.feature.reference.ratio", "country");
    FeatureProfile c = profile.feature("country");
    assertThat(country.get("DE")).isEqualTo((double) c.categories().get("DE") / c.count());
    assertThat(country.get("other")).isZero();
    for (Map<String, Double> shares : List.of(amount, country, ratios("ml.feature.reference.ratio", "risk"),
        ratios("ml.prediction.score.reference.ratio", null))) {
      assertThat(shares.values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1, within(1e-9));
    }
  }

  @Test
  void countersKeepCountingAcrossWindowRollsSoPrometheusSeesThemMonotonic() {
    start();
    double before = 0;
    List<Double> totals = new ArrayList<>();
    for (int round = 0; round < 6; round++) {
      for (int i = 0; i < 200; i++) {
        try (Inference inf = observer.start()) {
          inf.features(new double[] {100 + 15 * rnd.nextGaussian(), 1});
        }
      }
      clock.advance(Duration.ofSeconds(11)); // past a sub-window: the window drops old counts
      monitor.recomputeNow();
      double total = bins("ml.feature.bin", "amount").values().stream().mapToDouble(Double::doubleValue).sum();
      assertThat(total).isGreaterThan(before);
      before = total;
      totals.add(total);
    }
    assertThat(totals).containsExactly(200.0, 400.0, 600.0, 800.0, 1000.0, 1200.0);
  }

  @Test
  void featuresCanBeOptedOutAndTheExportSwitchedOff() {
    start(InfersightDrift.listenerBuilder(profile, registry).binCountersExclude("risk", "country"), LabelPolicy.defaults());

    assertThat(bins("ml.feature.bin", "amount")).hasSize(10);
    assertThat(bins("ml.feature.bin", "risk")).isEmpty();
    assertThat(bins("ml.feature.bin", "country")).isEmpty();
    assertThat(registry.find("ml.feature.drift").tags("feature", "risk").gauges()).isNotEmpty();
    observer.close();

    SimpleMeterRegistry off = new SimpleMeterRegistry();
    FeatureDriftMonitor none = InfersightDrift.listenerBuilder(profile, off).binCounters(false).build();
    observer = InferenceObserver.builder().model("fraud", "2.1.0").clock(clock).addListener(none).build();
    assertThat(off.find("ml.feature.bin").meters()).isEmpty();
    assertThat(off.find("ml.prediction.score.bin").meters()).isEmpty();
    assertThat(off.find("ml.feature.drift").meters()).isNotEmpty();
  }

  @Test
  void anExclusionThatIsNotAFeatureFailsAtConfiguration() {
    FeatureDriftMonitorBuilder b = InfersightDrift.listenerBuilder(profile, registry);

    assertThatThrownBy(() -> b.binCountersExclude("amount", "ammount"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("binCountersExclude").hasMessageContaining("'ammount'");
  }

  @Test
  void theLabelPolicyBoundsFeaturesAndFoldsTheRarestCategoriesIntoOther() {
    LabelPolicy policy = LabelPolicy.builder().maxValues("feature", 2).maxValues("bin", 2).build();
    start(InfersightDrift.listenerBuilder(profile, registry), policy);

    // Features past the limit get no bins (two features cannot share one series).
    assertThat(bins("ml.feature.bin", "amount")).hasSize(10);
    assertThat(bins("ml.feature.bin", "risk")).hasSize(10);
    assertThat(bins("ml.feature.bin", "country")).isEmpty();
    assertThat(observer.selfMetrics().count("infersight.label.overflow", "label", "feature")).isEqualTo(1);
    observer.close();

    SimpleMeterRegistry folded = new SimpleMeterRegistry();
    FeatureDriftMonitor m = InfersightDrift.listenerBuilder(profile, folded).build();
    observer = InferenceObserver.builder().model("fraud", "2.1.0").clock(clock)
        .labelPolicy(LabelPolicy.builder().maxValues("bin", 2).build()).addListener(m).build();
    for (String country : new String[] {"DE", "FR", "US", "NL", "BR"}) {
      try (Inference inf = observer.start()) {
        inf.features(Map.of("country", country));
      }
    }
    Map<String, Double> counts = new LinkedHashMap<>();
    Map<String, Double> shares = new LinkedHashMap<>();
    folded.find("ml.feature.bin").tags("feature", "country").functionCounters()
        .forEach(c -> counts.put(c.getId().getTag("bin"), c.count()));
    folded.find("ml.feature.reference.ratio").tags("feature", "country").gauges()
        .forEach(g -> shares.put(g.getId().getTag("bin"), g.value()));
    FeatureProfile c = profile.feature("country");
    // The two most frequent keep their bins; US, NL and unknown BR share "other".
    assertThat(counts).containsOnlyKeys("DE", "FR", "other").containsEntry("other", 3.0);
    assertThat(shares.get("other"))
        .isCloseTo((double) (c.categories().get("US") + c.categories().get("NL")) / c.count(), within(1e-12));
  }
}
