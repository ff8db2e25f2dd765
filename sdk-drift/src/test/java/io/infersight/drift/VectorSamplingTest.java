package io.infersight.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersight.core.Inference;
import io.infersight.core.InferenceObserver;
import io.infersight.testing.FakeClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sampling rule for wide vectors: which requests are binned, and that nothing else changes. */
class VectorSamplingTest {
  private static final int WIDE = 128;
  private final List<InferenceObserver> observers = new ArrayList<>();

  @AfterEach
  void close() {
    observers.forEach(InferenceObserver::close);
  }

  @Test
  void binsWithinAFewOfNOverKOfAnyRunOfRequests() {
    for (int every : new int[] {2, 3, 8, 16}) {
      for (long start : new long[] {0, 12_345, 1L << 40}) {
        for (int n : new int[] {100, 1_000, 100_000}) {
          long binned = 0;
          for (long i = start; i < start + n; i++) {
            binned += VectorSampling.binned(i, every) ? 1 : 0;
          }
          assertThat((double) binned).as("every %d, %d requests from %d", every, n, start)
              .isCloseTo((double) n / every, org.assertj.core.data.Offset.offset(4.0));
        }
      }
    }
  }

  @Test
  void doesNotLockOntoAStreamThatRepeatsWithPeriodK() {
    // A batch job walking k rows per entity: "every k-th request" would bin row 0 of every entity
    // and never the others. The rule bins every row position about equally often.
    for (int every : new int[] {2, 8, 16}) {
      long[] perRow = new long[every];
      int n = 160_000;
      for (int i = 0; i < n; i++) {
        if (VectorSampling.binned(i, every)) {
          perRow[i % every]++;
        }
      }
      double expected = (double) n / every / every;
      for (int row = 0; row < every; row++) {
        assertThat((double) perRow[row]).as("every %d, row %d", every, row)
            .isBetween(expected * 0.9, expected * 1.1);
      }
    }
  }

  @Test
  void samplesOnlyVectorsWiderThan64NumericFeatures() {
    assertThat(VectorSampling.every(16)).isEqualTo(1);
    assertThat(VectorSampling.every(64)).isEqualTo(1);
    assertThat(VectorSampling.every(65)).isEqualTo(2);
    assertThat(VectorSampling.every(128)).isEqualTo(2);
    assertThat(VectorSampling.every(1_024)).isEqualTo(16);
    assertThat(new VectorSampling(2, 1_024, false).every()).isEqualTo(1);
  }

  @Test
  void binsExactlyTheChosenRequestsAndKeepsTheDataQualityCountersExact() {
    ReferenceProfile profile = wideProfile();
    SimpleMeterRegistry sampledRegistry = new SimpleMeterRegistry();
    // 12 x 10 000 requests in the window: 60 000 binned at 1 in 2, above the 10 000 of the rule.
    FeatureDriftMonitor sampled = InfersightDrift.listenerBuilder(profile, sampledRegistry)
        .windowByCount(10_000, 12).stripes(1).build();
    InferenceObserver sampledObserver = observe(sampled);
    SimpleMeterRegistry chosenRegistry = new SimpleMeterRegistry();
    FeatureDriftMonitor chosen = InfersightDrift.listenerBuilder(profile, chosenRegistry)
        .windowByCount(10_000, 12).sampleWideVectors(false).build();
    InferenceObserver chosenObserver = observe(chosen);
    SimpleMeterRegistry allRegistry = new SimpleMeterRegistry();
    FeatureDriftMonitor all = InfersightDrift.listenerBuilder(profile, allRegistry)
        .windowByCount(10_000, 12).sampleWideVectors(false).build();
    InferenceObserver allObserver = observe(all);
    assertThat(sampled.recorder().sampling().sampling()).isTrue();

    Random rnd = new Random(5);
    int requests = 3_000;
    int binned = 0;
    for (int r = 0; r < requests; r++) {
      double[] v = new double[WIDE];
      for (int i = 0; i < WIDE; i++) {
        v[i] = i + rnd.nextGaussian();
      }
      if (r % 5 == 0) {
        v[0] = Double.NaN;
      }
      if (r % 7 == 0) {
        v[1] = 1e9;
      }
      if (r % 11 == 0) {
        v[2] = Double.NEGATIVE_INFINITY;
      }
      send(sampledObserver, v);
      send(allObserver, v);
      // One stripe, one thread: request r is request r of stripe 0.
      if (VectorSampling.binned(r, 2)) {
        send(chosenObserver, v);
        binned++;
      }
    }
    assertThat(binned).isCloseTo(requests / 2, org.assertj.core.data.Offset.offset(4));

    int spare = sampled.ring().spare();
    for (int i = 0; i < WIDE; i++) {
      String name = "f" + i;
      assertThat(((NumericTracker) sampled.tracker(name)).windowBins(spare))
          .as("bins of %s", name)
          .containsExactly(((NumericTracker) chosen.tracker(name)).windowBins(chosen.ring().spare()));
    }
    for (String counter : new String[] {"ml.feature.missing", "ml.feature.out.of.range"}) {
      for (int i = 0; i < 3; i++) {
        assertThat(count(sampledRegistry, counter, "f" + i)).as("%s of f%d", counter, i)
            .isEqualTo(count(allRegistry, counter, "f" + i));
      }
    }
    assertThat(count(sampledRegistry, "ml.feature.missing", "f0")).isEqualTo(600);
    // The injected ones, plus the few request values past the reference's own extremes.
    assertThat(count(sampledRegistry, "ml.feature.out.of.range", "f1")).isBetween(429.0, 450.0);
    assertThat(count(sampledRegistry, "ml.feature.out.of.range", "f2")).isBetween(273.0, 290.0);
    // The score is one value per request: never sampled.
    assertThat(sampled.scoreTotalCounted()).isEqualTo(requests);
  }

  @Test
  void turnsOnAboveTheRateThatKeeps10000BinnedVectorsPerWindowAndOffWellBelowIt() {
    FakeClock clock = FakeClock.create();
    // A 12-minute window at 1 in 2 needs 20 000 requests in 12 minutes: 27.8 per second.
    FeatureDriftMonitor monitor = InfersightDrift.listenerBuilder(wideProfile(), new SimpleMeterRegistry())
        .windowByTime(Duration.ofMinutes(1), 12).stripes(1).build();
    InferenceObserver observer = InferenceObserver.builder().model("wide", "1").clock(clock)
        .featureSchema(names()).addListener(monitor).build();
    observers.add(observer);
    VectorSampling sampling = monitor.recorder().sampling();
    double[] v = new double[WIDE];

    for (int r = 0; r < 40; r++) {
      send(observer, v);
    }
    clock.advance(Duration.ofSeconds(1));
    monitor.checkRate();
    assertThat(sampling.sampling()).as("40 per second").isTrue();

    for (int r = 0; r < 20; r++) {
      send(observer, v);
    }
    clock.advance(Duration.ofSeconds(1));
    monitor.checkRate();
    assertThat(sampling.sampling()).as("20 per second: above half the line, stays on").isTrue();

    for (int r = 0; r < 10; r++) {
      send(observer, v);
    }
    clock.advance(Duration.ofSeconds(1));
    monitor.checkRate();
    assertThat(sampling.sampling()).as("10 per second").isFalse();
  }

  private static double count(SimpleMeterRegistry registry, String name, String feature) {
    return registry.get(name).tag("feature", feature).counter().count();
  }

  private InferenceObserver observe(FeatureDriftMonitor monitor) {
    InferenceObserver o = InferenceObserver.builder().model("wide", "1").featureSchema(names())
        .addListener(monitor).build();
    observers.add(o);
    return o;
  }

  private static void send(InferenceObserver observer, double[] v) {
    try (Inference inf = observer.start()) {
      inf.features(v.clone()).scores(0.5);
    }
  }

  private static String[] names() {
    String[] names = new String[WIDE];
    for (int i = 0; i < WIDE; i++) {
      names[i] = "f" + i;
    }
    return names;
  }

  private static ReferenceProfile wideProfile() {
    Random rnd = new Random(1);
    ReferenceProfile.Builder b = ReferenceProfile.builder();
    for (int i = 0; i < WIDE; i++) {
      b.numeric("f" + i, Samples.normal(rnd, 2_000, i, 1));
    }
    return b.score(Samples.normal(rnd, 2_000, 0.5, 0.1)).build();
  }
}
