package io.infersight.drift.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.Test;

class BinLookupTest {

  /** The reference definition: the binary search of FeatureProfile. */
  private static int binarySearchBin(double[] edges, double v) {
    int i = Arrays.binarySearch(edges, v + 0.0);
    return i >= 0 ? 2 * i + 1 : -2 * (i + 1);
  }

  private static void assertSameBins(double[] edges, DoubleStream values) {
    BinLookup lookup = new BinLookup(edges);
    values.forEach(v -> assertThat(lookup.binOf(v)).as("bin of %s", v).isEqualTo(binarySearchBin(edges, v)));
  }

  @Test
  void agreesWithTheBinarySearchOnValuesEdgesAndTheirNeighbours() {
    Random random = new Random(1);
    double[][] edgeSets = {
      DoubleStream.generate(random::nextGaussian).limit(110).sorted().distinct().toArray(),
      DoubleStream.generate(() -> Math.exp(3 * random.nextGaussian())).limit(200).sorted().distinct().toArray(),
      // More than 256 edges: the index holds chars instead of bytes.
      DoubleStream.generate(() -> Math.exp(2 * random.nextGaussian())).limit(3_000).sorted().distinct().toArray(),
      // Clustered edges: heavy ties around a few values plus a far outlier.
      DoubleStream.concat(DoubleStream.iterate(1.0, x -> Math.nextUp(x)).limit(50),
          DoubleStream.of(-1e9, 0.0, 3.0, 1e12)).sorted().distinct().toArray(),
      {5.0},
      {-2.0, 7.5},
      {},
    };
    for (double[] edges : edgeSets) {
      double lo = edges.length == 0 ? -1 : edges[0];
      double hi = edges.length == 0 ? 1 : edges[edges.length - 1];
      assertSameBins(edges, DoubleStream.generate(() -> lo + (hi - lo) * (random.nextDouble() * 1.2 - 0.1)).limit(50_000));
      assertSameBins(edges, Arrays.stream(edges));
      assertSameBins(edges, Arrays.stream(edges).map(Math::nextUp));
      assertSameBins(edges, Arrays.stream(edges).map(Math::nextDown));
      assertSameBins(edges, DoubleStream.of(-0.0, 0.0, Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE,
          Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
    }
  }
}
