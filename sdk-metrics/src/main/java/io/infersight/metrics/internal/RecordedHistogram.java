package io.infersight.metrics.internal;

import io.infersight.core.InferenceView;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.Exemplar;
import io.prometheus.metrics.model.snapshots.Exemplars;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.NativeHistogramBuckets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One classic-bucket histogram series kept in {@link StripedLongs} cells: a count per bucket
 * ({@code +Inf} last) and a sum, in whole units (nanoseconds for durations). Whole units keep the
 * request path to integer compares and adds; the scrape divides by {@link #divisor} to get seconds.
 * Exemplars of traced requests are kept per bucket, the latest wins. A duration histogram may
 * also keep native (exponential) buckets ({@link NativeLayout}) in the cells between its classic
 * buckets and its sum, recorded by the same claimed stripe. Internal.
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
  /**
   * First cell: bucket {@code i} is cell {@code base + i}; the native cells, if any, follow the
   * {@code +Inf} bucket, and the sum comes last.
   */
  private final int base;
  /** The native buckets, or null when this series has none. */
  final NativeLayout nativeLayout;
  private final int nativeBase;
  private final int sumCell;
  private final AtomicReferenceArray<Exemplar> exemplars;
  /** The last reading whose classic and native counts agreed (native series only). */
  private volatile Reading lastConsistent;

  private RecordedHistogram(RequestFamily family, Labels labels, long[] bounds, double divisor, int base,
      NativeLayout nativeLayout) {
    this(family, labels, bounds, null, bounds.length, divisor, base, nativeLayout);
    for (int i = 0; i < bounds.length; i++) {
      exportedBounds[i] = bounds[i] / divisor;
    }
  }

  private RecordedHistogram(RequestFamily family, Labels labels, long[] bounds, double[] valueBounds,
      int boundCount, double divisor, int base, NativeLayout nativeLayout) {
    this.family = family;
    this.nativeLayout = nativeLayout;
    this.nativeBase = base + boundCount + 1;
    this.sumCell = nativeBase + (nativeLayout == null ? 0 : nativeLayout.cellCount());
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
    return new RecordedHistogram(family, labels, null, upperBounds.clone(), upperBounds.length, 1.0, base,
        null);
  }

  /**
   * A duration histogram. Bounds in seconds become whole nanoseconds rounded as Micrometer rounds
   * its service-level objectives, so buckets and their {@code le} values match what a Micrometer
   * timer with the same bounds exports on other registries. With {@code nativeLayout} (null: none) it also keeps native buckets.
   */
  static RecordedHistogram nanos(RequestFamily family, Labels labels, double[] seconds, int base,
      NativeLayout nativeLayout) {
    long[] nanos = new long[seconds.length];
    for (int i = 0; i < seconds.length; i++) {
      nanos[i] = Math.round(seconds[i] * 1e9);
    }
    return new RecordedHistogram(family, labels, nanos, 1e9, base, nativeLayout);
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
    RecordedHistogram h = new RecordedHistogram(family, labels, floors, 1.0, base, null);
    System.arraycopy(upperBounds, 0, h.exportedBounds, 0, upperBounds.length);
    return h;
  }

  /** Cells this histogram uses: one per bucket, {@code +Inf} included, the native cells and the sum. */
  int cellCount() {
    return sumCell - base + 1;
  }

  /** Records {@code value} into a claimed stripe. No allocation, no lock. */
  void record(long[] stripe, boolean shared, long value) {
    StripedLongs.add(stripe, shared, base + bucket(value), 1);
    NativeLayout n = nativeLayout;
    if (n != null) {
      StripedLongs.add(stripe, shared, nativeBase + n.cell(value), 1);
    }
    StripedLongs.add(stripe, shared, sumCell, value);
  }

  /** Records a finite {@code value} into a claimed stripe of a {@linkplain #values value histogram}. */
  void recordValue(long[] stripe, boolean shared, double value) {
    double[] b = valueBounds;
    int i = 0;
    while (i < b.length && value > b[i]) {
      i++;
    }
    StripedLongs.add(stripe, shared, base + i, 1);
    StripedLongs.addDouble(stripe, shared, sumCell, value);
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
  void exemplar(long value, InferenceView inf, long timestampMillis) {
    int b = bucket(value);
    if (RequestRecorder.stale(exemplars.get(b), timestampMillis)) {
      exemplars.set(b, new Exemplar(value / divisor, RequestRecorder.traceLabels(inf), timestampMillis));
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
    return valueBounds != null ? cells.sumDouble(sumCell) : cells.sum(sumCell) / divisor;
  }

  /**
   * One scrape's reading. Without native buckets: the classic counts and the sum. With them, the
   * classic and native counts must agree (client_java refuses a data point whose two counts
   * differ), but a scrape can meet a request half recorded: it reads again, up to {@value
   * #READ_ATTEMPTS} times, then falls back to the last reading that agreed, or to the classic
   * buckets alone when there is none yet. Counts never go backwards either way.
   */
  Reading reading(StripedLongs cells) {
    NativeLayout n = nativeLayout;
    if (n == null) {
      return new Reading(read(cells), readSum(cells), null);
    }
    long[] both = null;
    for (int attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
      both = new long[sumCell - base];
      cells.sumInto(base, both);
      long classic = 0;
      long nativeCount = 0;
      for (int i = 0; i < both.length; i++) {
        if (i <= boundCount) {
          classic += both[i];
        } else {
          nativeCount += both[i];
        }
      }
      if (classic == nativeCount) {
        Reading r = new Reading(java.util.Arrays.copyOf(both, boundCount + 1), readSum(cells),
            java.util.Arrays.copyOfRange(both, boundCount + 1, both.length));
        lastConsistent = r;
        return r;
      }
    }
    Reading last = lastConsistent;
    return last != null ? last
        : new Reading(java.util.Arrays.copyOf(both, boundCount + 1), readSum(cells), null);
  }

  private static final int READ_ATTEMPTS = 4;

  /** Summed counts of one series: classic buckets ({@code +Inf} last), sum, native cells or null. */
  record Reading(long[] classic, double sum, long[] nativeCells) {}

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
    return point(exportedBounds, buckets, null, null, sum, labels, exemplars);
  }

  /** As {@link #point(double[], long[], double, Labels, List)}, with native buckets when {@code nativeCells} is not null. */
  static HistogramDataPointSnapshot point(double[] exportedBounds, long[] buckets, NativeLayout layout,
      long[] nativeCells, double sum, Labels labels, List<Exemplar> exemplars) {
    ClassicHistogramBuckets classic = ClassicHistogramBuckets.of(exportedBounds, buckets);
    Exemplars ex = exemplars.isEmpty() ? Exemplars.EMPTY : Exemplars.of(exemplars);
    if (layout == null || nativeCells == null) {
      return new HistogramDataPointSnapshot(classic, sum, labels, ex, 0L);
    }
    NativeLayout.Exported n = layout.export(nativeCells);
    return new HistogramDataPointSnapshot(classic, n.schema(), n.zeroCount(), NativeLayout.ZERO_THRESHOLD,
        n.buckets(), NativeHistogramBuckets.EMPTY, sum, labels, ex, 0L);
  }
}
