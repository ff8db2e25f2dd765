package io.infersight.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersight.core.Inference;
import io.infersight.core.InferenceObserver;
import io.infersight.drift.internal.BinLookup;
import io.infersight.drift.internal.StripedCounts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.DoubleStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The flattened numeric path against the per-tracker path it replaces for feature vectors. */
class NumericVectorCounterTest {
  private static final int SLOTS = 3;
  private static final int STRIPES = 2;
  private final Random random = new Random(3);

  /** A numeric profile with exactly these edges (a profile built from data has at most ~130). */
  private static FeatureProfile withEdges(String name, double[] edges) {
    int n = edges.length;
    long[] bins = new long[2 * n + 1];
    Arrays.fill(bins, 1);
    double[] deciles = new double[9];
    for (int k = 1; k <= 9; k++) {
      deciles[k - 1] = edges[Math.min(n - 1, k * n / 10)];
    }
    return new FeatureProfile(name, FeatureKind.NUMERIC, bins.length, 0, edges[0], edges[n - 1],
        0, 1, edges, bins, deciles, null, null);
  }

  private double[][] edgeSets() {
    return new double[][] {
      DoubleStream.concat(DoubleStream.generate(random::nextGaussian).limit(110), DoubleStream.of(0.0))
          .sorted().distinct().toArray(),
      DoubleStream.generate(() -> Math.exp(3 * random.nextGaussian())).limit(200).sorted().distinct().toArray(),
      // 256 edges: the most a byte index holds.
      DoubleStream.iterate(-3.0, x -> x + 0.5 + random.nextDouble()).limit(256).toArray(),
      // Clustered edges: heavy ties around a few values plus a far outlier.
      DoubleStream.concat(DoubleStream.iterate(1.0, Math::nextUp).limit(50),
          DoubleStream.of(-1e9, 0.0, 3.0, 1e12)).sorted().distinct().toArray(),
      {-2.0, 7.5},
      {-0.0, 1.0},
    };
  }

  /** Trackers over slices of one row block, as the monitor builds them. */
  private static NumericTracker[] slicedTrackers(double[][] edgeSets) {
    FeatureProfile[] profiles = new FeatureProfile[edgeSets.length];
    int[] bins = new int[edgeSets.length];
    for (int i = 0; i < profiles.length; i++) {
      profiles[i] = withEdges("f" + i, edgeSets[i]);
      bins[i] = NumericTracker.binCount(profiles[i]);
    }
    StripedCounts[] slices = StripedCounts.slices(STRIPES, SLOTS, bins);
    NumericTracker[] trackers = new NumericTracker[profiles.length];
    for (int i = 0; i < profiles.length; i++) {
      trackers[i] = new NumericTracker(profiles[i], SLOTS, slices[i], null, null, null);
    }
    return trackers;
  }

  private static int[] positions(int n) {
    int[] p = new int[n];
    Arrays.setAll(p, i -> i);
    return p;
  }

  @Test
  void findsTheSameBinAsBinLookupInsideTheRangeAndLeavesTheRestToTheTracker() {
    double[][] sets = edgeSets();
    NumericTracker[] trackers = slicedTrackers(sets);
    assertThat(trackers).allMatch(t -> NumericVectorCounter.accepts(t, 0));
    NumericVectorCounter counter = new NumericVectorCounter(trackers, positions(trackers.length));
    for (int i = 0; i < sets.length; i++) {
      double[] edges = sets[i];
      double lo = edges[0];
      double hi = edges[edges.length - 1];
      BinLookup lookup = new BinLookup(edges);
      int feature = i;
      DoubleStream values = Stream.of(
          DoubleStream.generate(() -> lo + (hi - lo) * (random.nextDouble() * 1.2 - 0.1)).limit(50_000).toArray(),
          edges,
          Arrays.stream(edges).map(Math::nextUp).toArray(),
          Arrays.stream(edges).map(Math::nextDown).toArray(),
          new double[] {-0.0, 0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE,
              -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN})
          .flatMapToDouble(Arrays::stream);
      values.forEach(v -> {
        boolean inside = v >= lo && v <= hi;
        int expected = inside ? lookup.binOf(v) : -1;
        assertThat(counter.binOf(feature, v)).as("feature %d, bin of %s", feature, v).isEqualTo(expected);
        if (!inside && !Double.isNaN(v)) {
          assertThat(lookup.binOf(v)).as("outside the range: a tail bin").isIn(0, 2 * edges.length);
        }
      });
    }
  }

  @Test
  void leavesFeaturesWithoutAByteIndexOrASchemaPositionToTheirTrackers() {
    NumericTracker[] trackers = slicedTrackers(new double[][] {
      {5.0}, // one edge: no index, BinLookup searches
      DoubleStream.iterate(0, x -> x + 1).limit(257).toArray(), // a char index
      {1.0, 2.0},
    });
    assertThat(NumericVectorCounter.accepts(trackers[0], 0)).isFalse();
    assertThat(NumericVectorCounter.accepts(trackers[1], 0)).isFalse();
    assertThat(NumericVectorCounter.accepts(trackers[2], 0)).isTrue();
    assertThat(NumericVectorCounter.accepts(trackers[2], -1)).as("not in the schema").isFalse();
  }

  @Test
  void countsVectorsExactlyAsTheTrackersCountTheirValues() {
    double[][] sets = edgeSets();
    NumericTracker[] trackers = slicedTrackers(sets);
    NumericVectorCounter counter = new NumericVectorCounter(trackers, positions(trackers.length));
    NumericTracker[] expected = new NumericTracker[sets.length];
    for (int i = 0; i < sets.length; i++) {
      expected[i] = new NumericTracker(trackers[i].profile, SLOTS, 1, null, null, null);
    }
    double[] vector = new double[sets.length];
    for (int r = 0; r < 20_000; r++) {
      for (int i = 0; i < sets.length; i++) {
        double[] e = sets[i];
        double lo = e[0];
        double hi = e[e.length - 1];
        double v;
        switch (r % 10) {
          case 0: v = e[random.nextInt(e.length)]; break;
          case 1: v = r % 20 == 1 ? Double.NaN : Double.NEGATIVE_INFINITY; break;
          case 2: v = lo - random.nextDouble() * (hi - lo); break; // below the range: a tail sum
          case 3: v = hi + random.nextDouble() * (hi - lo); break;
          default: v = lo + (hi - lo) * random.nextDouble();
        }
        vector[i] = v;
        expected[i].recordDouble(0, 0, v);
      }
      counter.count(vector, 0, r % STRIPES);
    }
    for (int i = 0; i < sets.length; i++) {
      assertThat(trackers[i].windowBins(-1)).as("bins of feature %d", i)
          .containsExactly(expected[i].windowBins(-1));
      assertThat(trackers[i].compute(-1)).as("statistics of feature %d", i)
          .containsExactly(expected[i].compute(-1));
    }
  }

  @Test
  void monitorCountsFlatAndTrackerPathFeaturesOfOneVectorAlike() {
    Random rnd = new Random(11);
    ReferenceProfile profile = ReferenceProfile.builder()
        .numeric("amount", Samples.normal(rnd, 2_000, 100, 15))
        .numeric("constant", new double[] {4.0, 4.0, 4.0}) // one edge: tracker path
        .categorical("code", Samples.categories(rnd, 2_000, new String[] {"1", "2"}, new double[] {1, 1}))
        .numeric("unscheduled", Samples.normal(rnd, 2_000, 0, 1)) // not in the schema: missing
        .numeric("risk", Samples.normal(rnd, 2_000, 0, 1))
        .build();
    FeatureDriftMonitor monitor = InfersightDrift.listenerBuilder(profile, new SimpleMeterRegistry())
        .windowByCount(1_000_000, 2).stripes(2).build();
    NumericTracker amount = new NumericTracker(profile.feature("amount"), 1, 1, null, null, null);
    NumericTracker constant = new NumericTracker(profile.feature("constant"), 1, 1, null, null, null);
    NumericTracker risk = new NumericTracker(profile.feature("risk"), 1, 1, null, null, null);
    try (InferenceObserver observer = InferenceObserver.builder().model("m", "1")
        .featureSchema("risk", "code", "amount", "constant").addListener(monitor).build()) {
      double[] values = new double[4];
      for (int r = 0; r < 3_000; r++) {
        values[0] = rnd.nextGaussian() * 1.5;
        values[1] = 1 + r % 3; // 3 is an unknown category
        values[2] = 100 + 15 * rnd.nextGaussian();
        values[3] = r % 4 == 0 ? 5.0 : 4.0;
        risk.recordDouble(0, 0, values[0]);
        amount.recordDouble(0, 0, values[2]);
        constant.recordDouble(0, 0, values[3]);
        try (Inference inf = observer.start()) {
          inf.features(values);
        }
      }
      int spare = monitor.ring().spare();
      assertThat(((NumericTracker) monitor.tracker("amount")).windowBins(spare)).containsExactly(amount.windowBins(-1));
      assertThat(((NumericTracker) monitor.tracker("risk")).windowBins(spare)).containsExactly(risk.windowBins(-1));
      assertThat(((NumericTracker) monitor.tracker("constant")).windowBins(spare))
          .containsExactly(constant.windowBins(-1));
      assertThat(monitor.totalCounted("code")).isEqualTo(3_000);
      assertThat(monitor.totalCounted("unscheduled")).as("absent from the schema: missing").isZero();
    }
  }
}
