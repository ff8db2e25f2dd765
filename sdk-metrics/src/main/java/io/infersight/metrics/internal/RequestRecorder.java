package io.infersight.metrics.internal;

import io.infersight.core.InferenceObserver;
import io.infersight.core.InferenceView;
import io.prometheus.metrics.model.snapshots.Exemplar;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * Every per-request count of one model on one Prometheus registry, in {@link StripedLongs}: one
 * cell per counter series and the classic (and native) buckets and sum of each histogram series of
 * the {@link RequestFamily} table. A request claims one stripe for its whole {@link #record}, so
 * recording takes one CAS and plain adds: no lock, no allocation, no clock read. Micrometer's
 * timers would cost a clock read, a max-window CAS and shared atomics per observation, about ten
 * times per request. A {@link RequestCollector} exports the counts under the names Micrometer
 * would use. Internal.
 */
final class RequestRecorder implements RequestFamily.Sink<long[]> {
  private final StripedLongs cells;
  /** By family ordinal: a counter family's first cell (its series follow), else -1. */
  private final int[] firstCell = new int[RequestFamily.ALL.length];
  /** By counter cell: the series' labels and its latest exemplar. */
  private final Labels[] counterLabels;
  private final AtomicReferenceArray<Exemplar> counterExemplars;
  /** By family ordinal, then series: a histogram family's series, else null. */
  private final RecordedHistogram[][] histograms = new RecordedHistogram[RequestFamily.ALL.length][];
  /** The prediction-score histogram, the one {@link RequestFamily.Unit#REAL} family. */
  private final RecordedHistogram score;
  /** Keeps the exemplars of a traced, sampled request, or null when the registry keeps none. */
  private final Exemplars exemplars;

  /**
   * @param modelLabels the labels of model-level series: extra and constant labels, model_name
   * @param versionLabels as {@code modelLabels} plus model_version
   * @param buckets the histogram buckets by meter name
   * @param exemplars whether traced, sampled requests leave exemplars (see {@link ExemplarRegistries})
   * @param nativeLayout the native buckets of the families that keep them ({@link
   *     RequestFamily#nativeBuckets}), or null for classic buckets only
   */
  RequestRecorder(Labels modelLabels, Labels versionLabels, Function<String, double[]> buckets,
      boolean exemplars, NativeLayout nativeLayout) {
    this(modelLabels, versionLabels, buckets, StripedLongs.defaultStripes(), exemplars, nativeLayout);
  }

  /** With exemplars, for tests. */
  RequestRecorder(Labels modelLabels, Labels versionLabels, Function<String, double[]> buckets,
      int stripes) {
    this(modelLabels, versionLabels, buckets, stripes, true, null);
  }

  /**
   * Lays the series out in table order: the counters' cells first, one per series, then each
   * histogram series' cells.
   */
  RequestRecorder(Labels modelLabels, Labels versionLabels, Function<String, double[]> buckets,
      int stripes, boolean exemplars, NativeLayout nativeLayout) {
    int next = 0;
    for (RequestFamily f : RequestFamily.ALL) {
      firstCell[f.ordinal()] = f.kind == RequestFamily.Kind.COUNTER ? next : -1;
      if (f.kind == RequestFamily.Kind.COUNTER) {
        next += f.split.width;
      }
    }
    counterLabels = new Labels[next];
    counterExemplars = new AtomicReferenceArray<>(next);
    RecordedHistogram scores = null;
    for (RequestFamily f : RequestFamily.ALL) {
      Labels base = f.scope == RequestFamily.Scope.VERSION ? versionLabels : modelLabels;
      if (f.kind == RequestFamily.Kind.COUNTER) {
        for (int i = 0; i < f.split.width; i++) {
          counterLabels[firstCell[f.ordinal()] + i] = labels(base, f.split, i);
        }
        continue;
      }
      RecordedHistogram[] series = new RecordedHistogram[f.split.width];
      double[] bounds = buckets.apply(f.meterName);
      for (int i = 0; i < series.length; i++) {
        Labels labels = labels(base, f.split, i);
        series[i] = switch (f.unit) {
          case NANOS -> RecordedHistogram.nanos(f, labels, bounds, next,
              f.nativeBuckets ? nativeLayout : null);
          case WHOLE -> RecordedHistogram.counts(f, labels, bounds, next);
          case REAL -> RecordedHistogram.values(f, labels, bounds, next);
        };
        next += series[i].cellCount();
      }
      histograms[f.ordinal()] = series;
      if (f.unit == RequestFamily.Unit.REAL) {
        scores = series[0];
      }
    }
    this.score = scores;
    this.exemplars = exemplars ? new Exemplars() : null;
    this.cells = new StripedLongs(next, stripes);
  }

  private static Labels labels(Labels base, RequestFamily.Split split, int series) {
    return split == RequestFamily.Split.NONE ? base : base.add(split.key, split.value(series));
  }

  /**
   * Records one closed request: every observation {@link RequestFamily#walk} hands over, with
   * {@code skip} naming the durations the listener refused as invalid. Stage times are the
   * request's totals per stage (one observation per stage that ran).
   */
  void record(InferenceView inf, int skip) {
    int stripe = cells.claim();
    try {
      RequestFamily.walk(inf, skip, this, cells.stripe(stripe));
    } finally {
      cells.release(stripe);
    }
    Exemplars e = exemplars;
    if (e != null && inf.traceSampled() && inf.traceId() != null && inf.spanId() != null) {
      RequestFamily.walk(inf, skip, e, inf);
    }
  }

  /** Records one batch execution: every observation {@link RequestFamily#walkBatch} hands over. */
  void recordBatch(int members, long forwardNanos, boolean forwardValid) {
    int stripe = cells.claim();
    try {
      RequestFamily.walkBatch(members, forwardNanos, forwardValid, this, cells.stripe(stripe));
    } finally {
      cells.release(stripe);
    }
  }

  @Override
  public void count(long[] stripe, RequestFamily family, int series, long delta) {
    StripedLongs.add(stripe, cells.isShared(stripe), firstCell[family.ordinal()] + series, delta);
  }

  @Override
  public void observe(long[] stripe, RequestFamily family, int series, long value) {
    histograms[family.ordinal()][series].record(stripe, cells.isShared(stripe), value);
  }

  @Override
  public void score(long[] stripe, double value) {
    score.recordValue(stripe, cells.isShared(stripe), value);
  }

  /**
   * The sampled-trace path: each observation of the request may become its series' (or bucket's)
   * exemplar. An exemplar is replaced only when the one it would replace is at least {@value
   * #EXEMPLAR_REFRESH_MILLIS} ms old, so under load a sampled request allocates nothing here;
   * Prometheus reads exemplars once per scrape, so fresher ones would never be seen. Scores and
   * batch executions keep none.
   */
  private final class Exemplars implements RequestFamily.Sink<InferenceView> {
    @Override
    public void count(InferenceView inf, RequestFamily family, int series, long delta) {
      int cell = firstCell[family.ordinal()] + series;
      long millis = millis(inf);
      if (stale(counterExemplars.get(cell), millis)) {
        counterExemplars.set(cell, new Exemplar(delta, traceLabels(inf), millis));
      }
    }

    @Override
    public void observe(InferenceView inf, RequestFamily family, int series, long value) {
      histograms[family.ordinal()][series].exemplar(value, inf, millis(inf));
    }

    @Override
    public void score(InferenceView inf, double value) {}
  }

  /** When the request ended, in epoch milliseconds: an exemplar's timestamp. */
  private static long millis(InferenceView inf) {
    InferenceObserver observer = inf.observer();
    return observer != null ? observer.epochNanos(inf.endNanos()) / 1_000_000
        : System.currentTimeMillis();
  }

  /** The exemplar labels of a traced request; built only when an exemplar is replaced. */
  static Labels traceLabels(InferenceView inf) {
    return Labels.of(Exemplar.TRACE_ID, inf.traceId(), Exemplar.SPAN_ID, inf.spanId());
  }

  /** How old a held exemplar must be before a newer request replaces it. */
  static final long EXEMPLAR_REFRESH_MILLIS = 1_000;

  /** Whether {@code held} (maybe null) should give way to an exemplar taken at {@code millis}. */
  static boolean stale(Exemplar held, long millis) {
    return held == null || millis - held.getTimestampMillis() >= EXEMPLAR_REFRESH_MILLIS
        || millis < held.getTimestampMillis();
  }

  /** Adds this recorder's series to a scrape, in table order. */
  void collect(RequestCollector.Scrape scrape) {
    for (RequestFamily f : RequestFamily.ALL) {
      for (int i = 0; i < f.split.width; i++) {
        if (!f.split.exported(i)) {
          continue;
        }
        if (f.kind == RequestFamily.Kind.COUNTER) {
          int cell = firstCell[f.ordinal()] + i;
          scrape.counter(f, counterLabels[cell], cells.sum(cell), counterExemplars.get(cell));
        } else {
          RecordedHistogram h = histograms[f.ordinal()][i];
          scrape.histogram(h, h.reading(cells));
        }
      }
    }
  }

  /** Stripes, for tests. */
  int stripeCount() {
    return cells.stripeCount();
  }
}
