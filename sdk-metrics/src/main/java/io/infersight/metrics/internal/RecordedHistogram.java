package io.infersight.metrics.internal;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.Exemplar;
import io.prometheus.metrics.model.snapshots.Exemplars;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One classic-bucket histogram series kept in {@link StripedLongs} cells: a count per bucket
 * ({@code +Inf} last) and a sum, in whole units (nanoseconds for durations). Whole units keep the
 * request path to integer compares and adds; the scrape divides by {@link #divisor} to get seconds.
 * Exemplars of traced requests are kept per bucket, the latest wins. Internal.
 */
final class RecordedHistogram {
  final RequestFamily family;
  final Labels labels;
  /** Inclusive upper bounds in recorded units, {@code +Inf} excluded; null for a value histogram. */
  private final long[] bounds;
  /** Inclusive upper bounds of a value histogram (scores), else null. */
  private final double[] valueBounds;
  private final int boundCount;
  /** The same bounds as exported, {@code +Inf} included. */
  private final double[] exportedBounds;
  private final double divisor;
  /** First cell: bucket {@code i} is cell {@code base + i}; the sum follows the {@code +Inf} bucket. */
  private final int base;
  private final AtomicReferenceArray<Exemplar> exemplars;

  private RecordedHistogram(RequestFamily family, Labels labels, long[] bounds, double divisor, int base) {
    this(family, labels, bounds, null, bounds.length, divisor, base);
    for (int i = 0; i < bounds.length; i++) {
      exportedBounds[i] = bounds[i] / divisor;
    }
  }

  private RecordedHistogram(RequestFamily family, Labels labels, long[] bounds, double[] valueBounds,
      int boundCount, double divisor, int base) {
    this.family = family;
    this.labels = labels;
    this.bounds = bounds;
    this.valueBounds = valueBounds;
    this.boundCount = boundCount;
    this.divisor = divisor;
    this.base = base;
    this.exportedBounds = new double[boundCount + 1];
    if (valueBounds != null) {
      System.arraycopy(valueBounds, 0, exportedBounds, 0, boundCount);
    }
    exportedBounds[boundCount] = Double.POSITIVE_INFINITY;
    this.exemplars = new AtomicReferenceArray<>(boundCount + 1);
  }

  /**
   * A histogram of {@code double} values (prediction scores): buckets as configured, the sum kept
   * as a double. Micrometer's summaries round values up to whole numbers before bucketing
   * (micrometer#2341), which would put every score of (0, 1] in one bucket.
   */
  static RecordedHistogram values(RequestFamily family, Labels labels, double[] upperBounds, int base) {
    return new RecordedHistogram(family, labels, null, upperBounds.clone(), upperBounds.length, 1.0, base);
  }

  /**
   * A duration histogram. Bounds in seconds become whole nanoseconds rounded as Micrometer rounds
   * its service-level objectives, so buckets and their {@code le} values match the Micrometer timer
   * this replaces.
   */
  static RecordedHistogram nanos(RequestFamily family, Labels labels, double[] seconds, int base) {
    long[] nanos = new long[seconds.length];
    for (int i = 0; i < seconds.length; i++) {
      nanos[i] = Math.round(seconds[i] * 1e9);
    }
    return new RecordedHistogram(family, labels, nanos, 1e9, base);
  }

  /**
   * A histogram of whole counts (batch size). An integer is at most a bound exactly when it is at
   * most the bound's floor, so fractional bounds still sort values as Micrometer does; the
   * exported {@code le} is the bound as configured.
   */
  static RecordedHistogram counts(RequestFamily family, Labels labels, double[] upperBounds, int base) {
    long[] floors = new long[upperBounds.length];
    for (int i = 0; i < upperBounds.length; i++) {
      floors[i] = (long) Math.floor(upperBounds[i]);
    }
    RecordedHistogram h = new RecordedHistogram(family, labels, floors, 1.0, base);
    System.arraycopy(upperBounds, 0, h.exportedBounds, 0, upperBounds.length);
    return h;
  }

  /** Cells this histogram uses: one per bucket, {@code +Inf} included, and the sum. */
  int cellCount() {
    return boundCount + 2;
  }

  /** Records {@code value} into a claimed stripe. No allocation, no lock. */
  void record(long[] stripe, boolean shared, long value) {
    StripedLongs.add(stripe, shared, base + bucket(value), 1);
    StripedLongs.add(stripe, shared, base + boundCount + 1, value);
  }

  /** Records a finite {@code value} into a claimed stripe of a {@linkplain #values value histogram}. */
  void recordValue(long[] stripe, boolean shared, double value) {
    double[] b = valueBounds;
    int i = 0;
    while (i < b.length && value > b[i]) {
      i++;
    }
    StripedLongs.add(stripe, shared, base + i, 1);
    StripedLongs.addDouble(stripe, shared, base + boundCount + 1, value);
  }

  private int bucket(long value) {
    long[] b = bounds;
    int i = 0;
    while (i < b.length && value > b[i]) {
      i++;
    }
    return i;
  }

  /**
   * Keeps a traced request's observation as its bucket's exemplar when the held one is stale
   * (allocates: sampled requests only, at most one per bucket per refresh interval).
   */
  void exemplar(long value, RequestRecorder.Trace trace, long timestampMillis) {
    int b = bucket(value);
    if (RequestRecorder.stale(exemplars.get(b), timestampMillis)) {
      exemplars.set(b, new Exemplar(value / divisor, trace.labels(), timestampMillis));
    }
  }

  /** Bucket counts ({@code +Inf} last, not cumulative), summed over stripes. */
  long[] read(StripedLongs cells) {
    long[] out = new long[boundCount + 1];
    cells.sumInto(base, out);
    return out;
  }

  /** The sum of every observation, in exported units. */
  double readSum(StripedLongs cells) {
    int cell = base + boundCount + 1;
    return valueBounds != null ? cells.sumDouble(cell) : cells.sum(cell) / divisor;
  }

  double[] exportedBounds() {
    return exportedBounds;
  }

  /** The exemplars currently held, one per bucket at most. */
  List<Exemplar> exemplars() {
    List<Exemplar> out = new ArrayList<>(0);
    for (int i = 0; i < exemplars.length(); i++) {
      Exemplar e = exemplars.get(i);
      if (e != null) {
        out.add(e);
      }
    }
    return out;
  }

  /**
   * A data point from merged reads. The count Prometheus sees is the sum of the buckets, so
   * {@code _count} always equals the {@code +Inf} bucket, even while a request is half recorded.
   */
  static HistogramDataPointSnapshot point(double[] exportedBounds, long[] buckets, double sum,
      Labels labels, List<Exemplar> exemplars) {
    return new HistogramDataPointSnapshot(ClassicHistogramBuckets.of(exportedBounds, buckets), sum,
        labels, exemplars.isEmpty() ? Exemplars.EMPTY : Exemplars.of(exemplars), 0L);
  }
}
