package io.infersight.metrics.internal;

import io.prometheus.metrics.model.snapshots.NativeHistogramBuckets;

/**
 * The native (exponential) histogram buckets of a duration series, as Prometheus defines them:
 * at schema {@code s}, bucket {@code i} holds the values in {@code (2^((i-1)/2^s), 2^(i/2^s)]}
 * seconds, and values at or below the zero threshold go to the zero bucket.
 *
 * <p>The request path records at one fixed schema into a fixed range of cells, so recording
 * stays a plain add into a claimed stripe (client_java's own native histogram would cost a lock
 * or atomics per observation and cannot share the stripe). The range runs from the zero threshold
 * ({@value #ZERO_THRESHOLD_EXPONENT} as a power of two: about 954 ns) to the first power of two at
 * or above the listener's {@code maxDuration}, the largest duration it records. At the scrape,
 * when more buckets are populated than {@link #maxBuckets}, neighbouring buckets are merged (the
 * schema lowered by one, as often as needed) before export, as client_java does with its {@code
 * nativeMaxNumberOfBuckets}. Internal.
 */
final class NativeLayout {
  /** The zero threshold is 2^this seconds. */
  static final int ZERO_THRESHOLD_EXPONENT = -20;
  static final double ZERO_THRESHOLD = Math.scalb(1.0, ZERO_THRESHOLD_EXPONENT);
  /** Durations of at most this many nanoseconds go to the zero bucket. */
  private static final long ZERO_THRESHOLD_NANOS = (long) Math.floor(ZERO_THRESHOLD * 1e9);
  private static final int MIN_SCHEMA = -4;

  final int schema;
  final int maxBuckets;
  /** The bucket index of cell 1; cell 0 is the zero bucket. */
  private final int minIndex;
  private final int maxIndex;
  /** {@code 2^(k/2^schema)} for k = 0 .. 2^schema: the bucket bounds within one power of two. */
  private final double[] octave;

  NativeLayout(int schema, int maxBuckets, long maxDurationNanos) {
    this.schema = schema;
    this.maxBuckets = maxBuckets;
    int perOctave = 1 << schema;
    double maxSeconds = Math.max(1.0, maxDurationNanos / 1e9);
    int topExponent = Math.getExponent(maxSeconds);
    if (maxSeconds > Math.scalb(1.0, topExponent)) {
      topExponent++;
    }
    this.minIndex = ZERO_THRESHOLD_EXPONENT * perOctave + 1;
    this.maxIndex = topExponent * perOctave;
    this.octave = new double[perOctave + 1];
    for (int k = 0; k <= perOctave; k++) {
      octave[k] = Math.pow(2.0, (double) k / perOctave);
    }
    octave[perOctave] = 2.0;
  }

  /** Cells one series needs: the zero bucket and one per bucket index of the range. */
  int cellCount() {
    return 1 + maxIndex - minIndex + 1;
  }

  /** The cell of a duration in nanoseconds (not negative). No allocation. */
  int cell(long nanos) {
    if (nanos <= ZERO_THRESHOLD_NANOS) {
      return 0;
    }
    double seconds = nanos / 1e9;
    int exponent = Math.getExponent(seconds);
    // The significand in [1, 2): the double with the same mantissa bits and exponent 0.
    double significand = Double.longBitsToDouble(
        (Double.doubleToRawLongBits(seconds) & 0x000F_FFFF_FFFF_FFFFL) | 0x3FF0_0000_0000_0000L);
    double[] bounds = octave;
    int k = 0;
    while (significand > bounds[k]) {
      k++;
    }
    int index = (exponent << schema) + k;
    if (index < minIndex) {
      index = minIndex;
    } else if (index > maxIndex) {
      index = maxIndex;
    }
    return 1 + index - minIndex;
  }

  /** Whether two series record into the same cells, so that their counts can be added. */
  boolean sameCells(NativeLayout other) {
    return other != null && schema == other.schema && maxBuckets == other.maxBuckets
        && minIndex == other.minIndex && maxIndex == other.maxIndex;
  }

  /** The exported form of summed cells: schema, zero count and populated buckets, at most {@link #maxBuckets}. */
  Exported export(long[] cells) {
    int populated = 0;
    for (int c = 1; c < cells.length; c++) {
      if (cells[c] != 0) {
        populated++;
      }
    }
    int[] indexes = new int[populated];
    long[] counts = new long[populated];
    int n = 0;
    for (int c = 1; c < cells.length; c++) {
      if (cells[c] != 0) {
        indexes[n] = minIndex + c - 1;
        counts[n] = cells[c];
        n++;
      }
    }
    int s = schema;
    while (n > maxBuckets && s > MIN_SCHEMA) {
      // One schema lower: bucket i falls into bucket ceil(i / 2); indexes stay sorted.
      int m = 0;
      for (int i = 0; i < n; i++) {
        int merged = Math.floorDiv(indexes[i] + 1, 2);
        if (m > 0 && indexes[m - 1] == merged) {
          counts[m - 1] += counts[i];
        } else {
          indexes[m] = merged;
          counts[m] = counts[i];
          m++;
        }
      }
      n = m;
      s--;
    }
    if (n < indexes.length) {
      indexes = java.util.Arrays.copyOf(indexes, n);
      counts = java.util.Arrays.copyOf(counts, n);
    }
    return new Exported(s, cells[0], NativeHistogramBuckets.of(indexes, counts));
  }

  /** What a scrape exports of one native series. */
  record Exported(int schema, long zeroCount, NativeHistogramBuckets buckets) {}
}
