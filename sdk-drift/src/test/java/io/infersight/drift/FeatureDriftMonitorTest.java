package io.infersight.drift;

import io.infersight.testing.FakeClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infersight.core.Inference;
import io.infersight.core.InferenceObserver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FeatureDriftMonitorTest {
  private static final String[] COUNTRIES = {"DE", "FR", "US"};
  private final Random rnd = new Random(11);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final FakeClock clock = FakeClock.create();
  private ReferenceProfile profile;
  private FeatureDriftMonitor monitor;
  private InferenceObserver observer;

  @BeforeEach
  void profile() {
    profile = ReferenceProfile.builder()
        .numeric("amount", Samples.normal(rnd, 20_000, 100, 15))
        .categorical("country", Samples.categories(rnd, 20_000, COUNTRIES, new double[] {5, 3, 2}))
        .score(Samples.normal(rnd, 20_000, 0.3, 0.1))
        .build();
  }

  @AfterEach
  void close() {
    if (observer != null) {
      observer.close();
    }
  }

  private void start(FeatureDriftMonitorBuilder builder) {
    monitor = builder.build();
    observer = InferenceObserver.builder().model("fraud", "2.1.0").clock(clock)
        .featureSchema("amount").addListener(monitor).build();
  }

  private void start() {
    start(InfersightDrift.listenerBuilder(profile, registry));
  }

  private void send(int n, double mean, double std, double[] countryWeights, double scoreMean) {
    for (int i = 0; i < n; i++) {
      Map<String, Object> features = new HashMap<>();
      features.put("amount", mean + std * rnd.nextGaussian());
      features.put("country", Samples.categories(rnd, 1, new String[] {"DE", "FR", "US", "BR"}, countryWeights)[0]);
      try (Inference inf = observer.start()) {
        inf.features(features).scores(scoreMean + 0.1 * rnd.nextGaussian());
      }
    }
  }

  private double gauge(String feature, String method) {
    return registry.get("ml.feature.drift").tags("model_name", "fraud", "feature", feature, "method", method)
        .gauge().value();
  }

  private double counter(String name, String feature) {
    return registry.get(name).tags("model_name", "fraud", "feature", feature).counter().count();
  }

  @Test
  void reportsNoDriftForSamplesFromTheReferenceDistribution() {
    start();
    send(3_000, 100, 15, new double[] {5, 3, 2, 0}, 0.3);
    monitor.recomputeNow();

    assertThat(gauge("amount", "psi")).isLessThan(0.05);
    assertThat(gauge("amount", "ks")).isLessThan(0.05);
    assertThat(gauge("country", "chi2_p")).isGreaterThan(0.001);
    assertThat(monitor.state("amount")).isEqualTo(DriftState.OK);
    assertThat(monitor.state("country")).isEqualTo(DriftState.OK);
    assertThat(monitor.predictionState()).isEqualTo(DriftState.OK);
  }

  @Test
  void flagsAMeanShift() {
    start();
    send(3_000, 115, 15, new double[] {5, 3, 2, 0}, 0.3);
    monitor.recomputeNow();
    assertThat(gauge("amount", "psi")).isGreaterThan(0.2);
    assertThat(gauge("amount", "wasserstein_norm")).isBetween(0.9, 1.1);
    assertThat(monitor.state("amount")).isEqualTo(DriftState.DRIFT);
    assertThat(monitor.state("country")).isEqualTo(DriftState.OK);
  }

  @Test
  void reportsTheLiveWindowWithItsHistogramsForTheHtmlPage() {
    start();
    send(3_000, 115, 15, new double[] {5, 3, 2, 1}, 0.3);
    DriftReport report = monitor.report();

    assertThat(report.features()).extracting(FeatureDrift::name).containsExactly("amount", "country", "score");
    FeatureDrift amount = report.features().get(0);
    assertThat(amount.drifted()).isTrue();
    assertThat(amount.psi()).isGreaterThan(0.2);
    assertThat(amount.nCurrent()).isEqualTo(3_000);
    DriftHistogram country = report.features().get(1).histogram();
    assertThat(country.labels()).containsExactly("DE", "FR", "US", CategoricalTracker.UNKNOWN_LABEL);
    assertThat(country.currentCount(3)).as("BR is not in the reference").isGreaterThan(100);
    assertThat(country.referenceCount(3)).isZero();
    assertThat(report.toHtml()).contains("data-feature=\"amount\" data-drifted=\"true\"",
        "(not in reference)");
  }

  @Test
  void theLiveReportCountsMissingValuesPerWindowAndDropsThemWithTheirSubWindow() {
    start(InfersightDrift.listenerBuilder(profile, registry).windowByTime(Duration.ofSeconds(10), 2).minSamples(1));
    sendWithMissing(100, 10, 4);
    assertThat(missingCurrent("amount")).isEqualTo(10);
    assertThat(missingCurrent("country")).isEqualTo(4);
    assertThat(html()).contains("<td class=\"n\">10</td>");

    clock.advance(Duration.ofSeconds(10));
    monitor.recomputeNow(); // starts the second sub-window before its requests
    sendWithMissing(100, 5, 0);
    assertThat(missingCurrent("amount")).as("both sub-windows").isEqualTo(15);
    assertThat(missingCurrent("country")).isEqualTo(4);

    clock.advance(Duration.ofSeconds(10));
    assertThat(missingCurrent("amount")).as("the first sub-window left the window").isEqualTo(5);
    assertThat(missingCurrent("country")).isZero();
    clock.advance(Duration.ofSeconds(10));
    assertThat(missingCurrent("amount")).isZero();
    assertThat(counter("ml.feature.missing", "amount")).as("since start").isEqualTo(15);
  }

  /** n requests by map, the first {@code missingAmounts} without an amount, the first {@code missingCountries} without a country. */
  private void sendWithMissing(int n, int missingAmounts, int missingCountries) {
    for (int i = 0; i < n; i++) {
      Map<String, Object> features = new HashMap<>();
      if (i >= missingAmounts) {
        features.put("amount", 100 + 15 * rnd.nextGaussian());
      }
      if (i >= missingCountries) {
        features.put("country", "DE");
      }
      try (Inference inf = observer.start()) {
        inf.features(features).scores(0.3);
      }
    }
  }

  private long missingCurrent(String feature) {
    return monitor.report().features().stream().filter(f -> f.name().equals(feature)).findFirst()
        .orElseThrow().missingCurrent();
  }

  private String html() {
    return monitor.report().toHtml();
  }

  @Test
  void changingTheBuilderAfterBuildLeavesTheRunningMonitorAlone() {
    FeatureDriftMonitorBuilder builder = InfersightDrift.listenerBuilder(profile, registry)
        .windowByCount(1_000, 4).threshold(DriftMethod.PSI, 0.1, 0.2);
    start(builder);
    String configured = monitor.toString();
    // Reusing the builder: none of this may reach the monitor built from it.
    builder.noThreshold(DriftMethod.PSI).threshold(DriftMethod.PSI, 50, 100).minSamples(1_000_000)
        .windowByTime(Duration.ofMinutes(1), 2);

    send(3_000, 115, 15, new double[] {5, 3, 2, 0}, 0.3);
    monitor.recomputeNow();
    assertThat(monitor.toString()).isEqualTo(configured);
    assertThat(monitor.state("amount")).isEqualTo(DriftState.DRIFT);
  }

  @Test
  void flagsAVarianceChange() {
    start();
    send(3_000, 100, 40, new double[] {5, 3, 2, 0}, 0.3);
    monitor.recomputeNow();
    assertThat(monitor.state("amount")).isEqualTo(DriftState.DRIFT);
    assertThat(counter("ml.feature.out.of.range", "amount")).isPositive();
  }

  @Test
  void flagsANewCategory() {
    start();
    send(3_000, 100, 15, new double[] {3, 2, 1, 4}, 0.3);
    monitor.recomputeNow();
    assertThat(monitor.state("country")).isEqualTo(DriftState.DRIFT);
    assertThat(gauge("country", "chi2_p")).isLessThan(1e-6);
    assertThat(counter("ml.feature.unknown.category", "country")).isGreaterThan(1_000);
  }

  @Test
  void flagsStaleFeaturesFrozenAtAnOldSnapshot() {
    start();
    double[] frozen = {104.2};
    for (int i = 0; i < 2_000; i++) {
      try (Inference inf = observer.start()) {
        inf.features(frozen);
      }
    }
    monitor.recomputeNow();
    assertThat(monitor.state("amount")).isEqualTo(DriftState.DRIFT);
    assertThat(gauge("amount", "ks")).isGreaterThan(0.4);
  }

  @Test
  void flagsPredictionScoreDrift() {
    start();
    send(3_000, 100, 15, new double[] {5, 3, 2, 0}, 0.6);
    monitor.recomputeNow();
    assertThat(registry.get("ml.prediction.drift").tags("model_name", "fraud", "method", "psi").gauge().value())
        .isGreaterThan(0.2);
    assertThat(monitor.predictionState()).isEqualTo(DriftState.DRIFT);
    assertThat(monitor.state("amount")).isEqualTo(DriftState.OK);
  }

  @Test
  void logsDetectedAndClearedOnceEachOnTransitionsOnly() {
    start(InfersightDrift.listenerBuilder(profile, registry).windowByTime(Duration.ofMinutes(1), 2));
    try (LogCapture logs = new LogCapture()) {
      send(2_000, 130, 15, new double[] {5, 3, 2, 0}, 0.3);
      monitor.recomputeNow();
      monitor.recomputeNow();
      monitor.recomputeNow();
      assertThat(logs.count("feature_drift_detected model_name=fraud feature=amount state=drift")).isEqualTo(1);

      clock.advance(Duration.ofMinutes(2)); // both sub-windows leave the window
      monitor.recomputeNow(); // what the background thread does at the boundary
      send(2_000, 100, 15, new double[] {5, 3, 2, 0}, 0.3);
      monitor.recomputeNow();
      monitor.recomputeNow();
      assertThat(logs.count("feature_drift_cleared model_name=fraud feature=amount state=ok")).isEqualTo(1);
      assertThat(logs.count("feature_drift_detected")).isEqualTo(1);
      assertThat(logs.messages).noneMatch(m -> m.contains("130") || m.contains("104."));
    }
  }

  @Test
  void stateChangesAreJsonEventsWithModelFeatureStatisticAndState() {
    start(InfersightDrift.listenerBuilder(profile, registry).windowByTime(Duration.ofMinutes(1), 2));
    try (LogCapture logs = new LogCapture()) {
      send(2_000, 130, 15, new double[] {5, 3, 2, 0}, 0.3);
      monitor.recomputeNow();

      List<com.fasterxml.jackson.databind.JsonNode> detected = logs.events("feature_drift_detected");
      assertThat(detected).hasSize(1);
      com.fasterxml.jackson.databind.JsonNode e = detected.get(0);
      assertThat(e.path("level").asText()).isEqualTo("WARN");
      assertThat(e.path("logger_name").asText()).isEqualTo("io.infersight.drift");
      assertThat(e.path("model_name").asText()).isEqualTo("fraud");
      assertThat(e.path("feature").asText()).isEqualTo("amount");
      assertThat(e.path("state").asText()).isEqualTo("drift");
      assertThat(e.path("previous_state").asText()).isEqualTo("ok");
      assertThat(e.path("method").asText()).isEqualTo("psi");
      assertThat(e.path("value").isNumber()).isTrue();
      assertThat(e.path("value").asDouble()).isGreaterThan(0.2).isEqualTo(e.path("psi").asDouble());

      clock.advance(Duration.ofMinutes(2));
      monitor.recomputeNow();
      send(2_000, 100, 15, new double[] {5, 3, 2, 0}, 0.3);
      monitor.recomputeNow();
      List<com.fasterxml.jackson.databind.JsonNode> cleared = logs.events("feature_drift_cleared");
      assertThat(cleared).hasSize(1);
      assertThat(cleared.get(0).path("level").asText()).isEqualTo("INFO");
      assertThat(cleared.get(0).path("state").asText()).isEqualTo("ok");
      assertThat(cleared.get(0).path("previous_state").asText()).isEqualTo("drift");
    }
  }

  @Test
  void timeWindowDropsSubWindowsOlderThanTheWindow() {
    start(InfersightDrift.listenerBuilder(profile, registry).windowByTime(Duration.ofMinutes(5), 3));
    send(500, 100, 15, new double[] {5, 3, 2, 0}, 0.3);
    clock.advance(Duration.ofMinutes(5));
    monitor.recomputeNow();
    assertThat(monitor.tracker("amount").windowCount(monitor.ring().spare())).isEqualTo(500);
    clock.advance(Duration.ofMinutes(10));
    monitor.recomputeNow();
    assertThat(monitor.tracker("amount").windowCount(monitor.ring().spare())).isZero();
    assertThat(gauge("amount", "psi")).isNaN();
    assertThat(monitor.totalCounted("amount")).isEqualTo(500);
  }

  @Test
  void countWindowRollsAfterTheConfiguredNumberOfRequests() {
    start(InfersightDrift.listenerBuilder(profile, registry).windowByCount(1_000, 2).minSamples(10));
    send(1_000, 130, 15, new double[] {5, 3, 2, 0}, 0.3);
    monitor.recomputeNow(); // first sub-window full: rolls
    send(1_000, 130, 15, new double[] {5, 3, 2, 0}, 0.3);
    monitor.recomputeNow(); // rolls again: the window keeps the last sub-window and the empty active one
    assertThat(monitor.state("amount")).isEqualTo(DriftState.DRIFT);
    send(1_000, 100, 15, new double[] {5, 3, 2, 0}, 0.3);
    monitor.recomputeNow();
    send(10, 100, 15, new double[] {5, 3, 2, 0}, 0.3);
    monitor.recomputeNow();
    assertThat(monitor.tracker("amount").windowCount(monitor.ring().spare())).isEqualTo(1_010);
    assertThat(monitor.state("amount")).isEqualTo(DriftState.OK);
  }

  @Test
  void publishesNaNAndKeepsTheStateBelowMinSamples() {
    start(InfersightDrift.listenerBuilder(profile, registry).minSamples(500));
    send(499, 200, 15, new double[] {5, 3, 2, 0}, 0.3);
    monitor.recomputeNow();
    assertThat(gauge("amount", "psi")).isNaN();
    assertThat(monitor.state("amount")).isEqualTo(DriftState.OK);
  }

  @Test
  void countsMissingOutOfRangeUnknownCategoryAndWrongTypePerFeature() {
    start();
    Map<String, Object> features = new HashMap<>();
    features.put("amount", Double.NaN);
    features.put("country", "XX");
    record(features);
    features.put("amount", 1e9);
    features.put("country", null);
    record(features);
    features.put("amount", "not a number");
    features.put("country", List.of("DE"));
    record(features);
    features.remove("amount");
    features.put("country", "DE");
    record(features);

    assertThat(counter("ml.feature.missing", "amount")).isEqualTo(2);
    assertThat(counter("ml.feature.out.of.range", "amount")).isEqualTo(1);
    assertThat(counter("ml.feature.invalid.type", "amount")).isEqualTo(1);
    assertThat(counter("ml.feature.missing", "country")).isEqualTo(1);
    assertThat(counter("ml.feature.unknown.category", "country")).isEqualTo(1);
    assertThat(counter("ml.feature.invalid.type", "country")).isEqualTo(1);
  }

  private void record(Map<String, Object> features) {
    try (Inference inf = observer.start()) {
      inf.features(new HashMap<>(features));
    }
  }

  @Test
  void countsFeatureArraysOfTheWrongLengthAndReadsWhatItCan() {
    start();
    try (Inference inf = observer.start()) {
      inf.features(new double[] {101, 7, 7});
    }
    try (Inference inf = observer.start()) {
      inf.features(new double[0]);
    }
    assertThat(registry.get("ml.feature.count.mismatch").tags("model_name", "fraud").counter().count())
        .isEqualTo(2);
    assertThat(monitor.totalCounted("amount")).isEqualTo(1);
    // "country" is not in the schema and there is no map: missing.
    assertThat(counter("ml.feature.missing", "country")).isEqualTo(2);
    assertThat(counter("ml.feature.missing", "amount")).isEqualTo(1);
  }

  @Test
  void matchesNumericCategoryCodesAndBooleansToCategories() {
    profile = ReferenceProfile.builder()
        .categorical("tier", new String[] {"1", "2", "2", "3"})
        .categorical("flag", new String[] {"true", "false"})
        .build();
    start();
    Map<String, Object> features = new HashMap<>();
    features.put("tier", 2);
    features.put("flag", Boolean.TRUE);
    record(features);
    features.put("tier", 4.0);
    features.put("flag", false);
    record(features);
    assertThat(monitor.totalCounted("tier")).isEqualTo(2);
    assertThat(monitor.totalCounted("flag")).isEqualTo(2);
    assertThat(counter("ml.feature.unknown.category", "tier")).isEqualTo(1);
    assertThat(counter("ml.feature.unknown.category", "flag")).isZero();
  }

  @Test
  void ignoresRequestsWithoutFeaturesOrScores() {
    start();
    try (Inference inf = observer.start()) {
      inf.batchSize(1);
    }
    assertThat(counter("ml.feature.missing", "amount")).isZero();
    assertThat(monitor.totalCounted("amount")).isZero();
  }

  @Test
  void exportsAStateGaugePerFeature() {
    start();
    send(2_000, 140, 15, new double[] {5, 3, 2, 0}, 0.3);
    monitor.recomputeNow();
    assertThat(registry.get("ml.feature.drift.state").tags("model_name", "fraud", "feature", "amount")
        .gauge().value()).isEqualTo(2.0);
    assertThat(registry.find("ml.feature.drift").tags("feature", "country", "method", "ks").gauge()).isNull();
  }

  @Test
  void appliesConfiguredThresholdsOfOtherMethods() {
    start(InfersightDrift.listenerBuilder(profile, registry).noThreshold(DriftMethod.PSI)
        .threshold(DriftMethod.KS, 0.05, 0.5)
        .threshold(DriftMethod.CHI2_P, 0.05, 0.001));
    send(2_000, 106, 15, new double[] {5, 3, 2, 0}, 0.3);
    monitor.recomputeNow();
    assertThat(monitor.state("amount")).isEqualTo(DriftState.WARN);
    assertThat(monitor.state("country")).isEqualTo(DriftState.OK);
  }

  @Test
  void refusesASecondObserver() {
    start();
    assertThatThrownBy(() -> InferenceObserver.builder().model("other", "1").addListener(monitor).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("one monitor per observer");
  }

  @Test
  void stopsItsThreadWhenTheObserverCloses() {
    start();
    assertThat(driftThreadAlive()).isTrue();
    observer.close();
    org.awaitility.Awaitility.await().until(() -> !driftThreadAlive());
  }

  private static boolean driftThreadAlive() {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals("infersight-drift-fraud") && t.isAlive() && t.isDaemon());
  }

  @Test
  void rejectsInvalidSettingsNamingThem() {
    FeatureDriftMonitorBuilder b = InfersightDrift.listenerBuilder(profile, registry);
    assertThatThrownBy(() -> b.windowByTime(Duration.ZERO, 12)).hasMessageContaining("windowByTime: subWindow");
    assertThatThrownBy(() -> b.windowByTime(Duration.ofMinutes(1), 0)).hasMessageContaining("subWindows");
    assertThatThrownBy(() -> b.windowByCount(0, 3)).hasMessageContaining("requestsPerSubWindow");
    assertThatThrownBy(() -> b.recomputeInterval(Duration.ofSeconds(-1))).hasMessageContaining("recomputeInterval");
    assertThatThrownBy(() -> b.minSamples(0)).hasMessageContaining("minSamples");
    assertThatThrownBy(() -> b.threshold(DriftMethod.PSI, 0.3, 0.2)).hasMessageContaining("threshold(psi)");
    assertThatThrownBy(() -> b.threshold(DriftMethod.KS, Double.NaN, 0.2)).hasMessageContaining("threshold(ks)");
    assertThatThrownBy(() -> b.threshold(DriftMethod.CHI2_P, 0.001, 0.05)).hasMessageContaining("threshold(chi2_p)");
    assertThatThrownBy(() -> InfersightDrift.listenerBuilder(null, registry)).hasMessageContaining("profile");
  }

  @Test
  @SuppressWarnings("deprecation")
  void theFormerBuilderNameGivesTheSameBuilder() {
    assertThat(InfersightDrift.builder(profile, registry)).isInstanceOf(FeatureDriftMonitorBuilder.class);
    assertThatThrownBy(() -> InfersightDrift.builder(profile, registry).minSamples(0))
        .hasMessageContaining("minSamples");
  }

  @Test
  void recordsWithoutAllocating() {
    java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
    org.junit.jupiter.api.Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean,
        "per-thread allocation counters are not available on this JVM");
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) bean;
    start();
    Inference inf = observer.start();
    Map<String, Object> map = new HashMap<>();
    map.put("country", "FR");
    inf.features(new double[] {101.5}).features(map).scores(0.2, 0.4);
    inf.close();
    for (int i = 0; i < 20_000; i++) {
      monitor.onEnd(inf);
    }
    long tid = Thread.currentThread().getId();
    long before = mx.getThreadAllocatedBytes(tid);
    for (int i = 0; i < 100_000; i++) {
      monitor.onEnd(inf);
    }
    long allocated = mx.getThreadAllocatedBytes(tid) - before;
    assertThat(allocated).as("bytes allocated by 100k onEnd calls").isLessThan(4_096);
  }
}
