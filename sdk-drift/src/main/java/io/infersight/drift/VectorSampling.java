package io.infersight.drift;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The sampling rule for wide vectors: which requests' numeric feature vectors {@link
 * NumericVectorCounter} bins. A vector of more than {@value #VALUES_PER_REQUEST} numeric features
 * has {@code every = ceil(features / 64)}; while the traffic is high enough that the window still
 * counts at least {@value #MIN_COUNTED_PER_WINDOW} vectors after sampling, only about 1 request in
 * {@code every} is binned, so the binning work per request stays that of a 64-feature vector. The
 * other requests only have their values checked for the data-quality counters (missing, out of
 * range), which stay exact. Narrow vectors ({@code every = 1}) are never sampled.
 *
 * <p>Which requests: request n of a count stripe (numbered from 0 per stripe) is binned when the
 * fractional part of {@code n × φ⁻¹} (the golden ratio's) is below {@code 1 / every}, computed in
 * 64-bit fixed point. That is deterministic, takes within a few of {@code N / every} of any N
 * consecutive requests of a stripe, and, unlike "every k-th request", does not lock onto a
 * stream that repeats with period k (a batch job walking k rows per entity would otherwise bin
 * the same row of every entity): the gaps between binned requests take two or three values that
 * are not multiples of one another.
 *
 * <p>The rate check runs on the monitor's thread: by count windows the window's size decides once;
 * by time windows the request rate over the last second or more, times the window's length,
 * turns sampling on when it projects {@code every × 10 000} requests in the window and off below
 * half of that.
 *
 * <pre>{@code
 * VectorSampling sampling = new VectorSampling(stripes.count(), counter.size(), true);
 * if (sampling.take(stripe)) { counter.count(values, slot, stripe); } else { counter.check(values); }
 * sampling.onRate(projectedWindowRequests);      // monitor thread
 * }</pre>
 */
final class VectorSampling {
  /** Numeric values binned per request, on average, when a wide vector is sampled. */
  static final int VALUES_PER_REQUEST = 64;
  /** Vectors the window must still bin, after sampling, for sampling to turn on. */
  static final long MIN_COUNTED_PER_WINDOW = 10_000;
  /** 2⁶⁴ / φ, the golden ratio's fractional step in 64-bit fixed point. */
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private static final VarHandle SEQ = MethodHandles.arrayElementVarHandle(long[].class);
  /** Longs between two stripes' request numbers (128 bytes): never one cache line. */
  private static final int PAD = 16;

  private final int every;
  /** {@code 2⁶⁴ / every}, unsigned: request n is binned when {@code n × GOLDEN} is below it. */
  private final long below;
  private final boolean allowed;
  /** Per owned stripe, at {@code stripe × PAD}: its requests so far (written by its owner only). */
  private final long[] seq;
  private volatile boolean on;

  /**
   * @param stripes owned count stripes
   * @param vectorFeatures numeric features the flat loop bins
   * @param allowed false when the user turned sampling off
   */
  VectorSampling(int stripes, int vectorFeatures, boolean allowed) {
    this.every = allowed ? every(vectorFeatures) : 1;
    this.below = every == 1 ? -1L : Long.divideUnsigned(-1L, every);
    this.allowed = allowed && every > 1;
    this.seq = new long[Math.max(1, stripes) * PAD];
  }

  /** 1 in how many requests is binned while sampling is on: {@code ceil(features / 64)}. */
  static int every(int vectorFeatures) {
    return Math.max(1, (vectorFeatures + VALUES_PER_REQUEST - 1) / VALUES_PER_REQUEST);
  }

  /** Whether request {@code n} of a stripe is binned when sampling 1 in {@code every}. */
  static boolean binned(long n, int every) {
    return every == 1 || Long.compareUnsigned(n * GOLDEN, Long.divideUnsigned(-1L, every)) < 0;
  }

  /**
   * Whether the current request, counted in the owned {@code stripe}, is binned. Advances the
   * stripe's request number; the caller owns the stripe, so a plain read and an opaque store do.
   */
  boolean take(int stripe) {
    int i = stripe * PAD;
    long n = seq[i];
    SEQ.setOpaque(seq, i, n + 1);
    return !on || Long.compareUnsigned(n * GOLDEN, below) < 0;
  }

  /** Requests seen on the owned stripes since creation (the shared stripe's are not numbered). */
  long requests() {
    long sum = 0;
    for (int i = 0; i < seq.length; i += PAD) {
      sum += (long) SEQ.getOpaque(seq, i);
    }
    return sum;
  }

  /**
   * Turns sampling on when the window is projected to hold at least {@code every × 10 000}
   * requests, off below half of that (the gap keeps a rate near the line from flapping).
   */
  void onRate(double projectedWindowRequests) {
    if (!allowed) {
      return;
    }
    double counted = projectedWindowRequests / every;
    if (counted >= MIN_COUNTED_PER_WINDOW) {
      on = true;
    } else if (counted < MIN_COUNTED_PER_WINDOW / 2.0) {
      on = false;
    }
  }

  /** 1 in how many requests is binned while on; 1 when this monitor never samples. */
  int every() {
    return allowed ? every : 1;
  }

  /** Whether only 1 in {@link #every()} requests is binned now. */
  boolean sampling() {
    return on;
  }
}
