package io.infersight.metrics.internal;

import static io.infersight.metrics.MeterNames.BATCH_SIZE;
import static io.infersight.metrics.MeterNames.FEATURE_AGE;
import static io.infersight.metrics.MeterNames.FEATURE_RETRIEVAL_DURATION;
import static io.infersight.metrics.MeterNames.FORWARD_DURATION;
import static io.infersight.metrics.MeterNames.PREDICTION_SCORE;
import static io.infersight.metrics.MeterNames.REQUEST_DURATION;
import static io.infersight.metrics.MeterNames.STAGE_DURATION;

import io.infersight.core.InferenceView;
import io.infersight.core.InferenceObserver;
import io.infersight.core.Stage;
import io.infersight.core.Status;
import io.infersight.metrics.MeterNames;
import io.prometheus.metrics.model.snapshots.Exemplar;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * Every per-request count of one model on one Prometheus registry, in {@link StripedLongs}: the
 * request counter by status, the sample counter and the classic histograms (request, one per
 * stage, forward pass, feature retrieval by cache outcome, feature age, batch size). A
 * request claims one stripe for its whole {@link #record}, so recording takes one CAS and plain
 * adds: no lock, no allocation, no clock read. Micrometer's timers would cost a clock read, a
 * max-window CAS and shared atomics per observation, about ten times per request. A {@link
 * RequestCollector} exports the counts under the names Micrometer would use. Internal.
 */
final class RequestRecorder {
  /** Bits of {@code skip} in {@link #record}: observations refused as invalid. */
  static final int SKIP_REQUEST = 1;
  static final int SKIP_RETRIEVAL = 1 << 1;
  private static final int SKIP_STAGE_SHIFT = 2;
  private static final Stage[] STAGES = Stage.values();
  private static final int COUNTER_CELLS = Status.values().length + 2;

  private final StripedLongs cells;
  /** Counter cells: the status ordinals, then samples. RUNNING's cell stays 0 and is not exported. */
  private final int samplesCell = Status.values().length;
  /** The counter cell of batch executions. */
  private final int executionsCell = samplesCell + 1;
  private final AtomicReferenceArray<Exemplar> counterExemplars = new AtomicReferenceArray<>(COUNTER_CELLS);
  private final Labels[] counterLabels = new Labels[COUNTER_CELLS];
  final RecordedHistogram requestDuration;
  final RecordedHistogram[] stageDuration = new RecordedHistogram[STAGES.length];
  final RecordedHistogram forwardDuration;
  /** By {@link CacheOutcome#ordinal()}. */
  final RecordedHistogram[] featureRetrieval = new RecordedHistogram[CacheOutcome.ALL.length];
  final RecordedHistogram featureAge;
  final RecordedHistogram batchSize;
  final RecordedHistogram score;
  private final RecordedHistogram[] histograms;
  private final boolean exemplars;

  /**
   * @param modelLabels the labels of model-level series: extra and constant labels, model_name
   * @param versionLabels as {@code modelLabels} plus model_version
   * @param buckets the histogram buckets by meter name
   * @param exemplars whether traced, sampled requests leave exemplars (see {@link ExemplarRegistries})
   * @param nativeLayout the native buckets of the request, stage, forward and feature-retrieval
   *     durations, or null for classic buckets only
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

  RequestRecorder(Labels modelLabels, Labels versionLabels, Function<String, double[]> buckets,
      int stripes, boolean exemplars, NativeLayout nativeLayout) {
    this.exemplars = exemplars;
    for (Status s : Status.values()) {
      counterLabels[s.ordinal()] = versionLabels.add(MeterNames.STATUS, s.label());
    }
    counterLabels[samplesCell] = versionLabels;
    counterLabels[executionsCell] = modelLabels;
    int next = COUNTER_CELLS;
    requestDuration = RecordedHistogram.nanos(RequestFamily.REQUEST_DURATION, versionLabels,
        buckets.apply(REQUEST_DURATION), next, nativeLayout);
    next += requestDuration.cellCount();
    for (Stage st : STAGES) {
      stageDuration[st.ordinal()] = RecordedHistogram.nanos(RequestFamily.STAGE_DURATION,
          modelLabels.add(MeterNames.STAGE, st.label()), buckets.apply(STAGE_DURATION), next, nativeLayout);
      next += stageDuration[st.ordinal()].cellCount();
    }
    forwardDuration = RecordedHistogram.nanos(RequestFamily.FORWARD_DURATION, versionLabels,
        buckets.apply(FORWARD_DURATION), next, nativeLayout);
    next += forwardDuration.cellCount();
    for (CacheOutcome o : CacheOutcome.ALL) {
      RecordedHistogram h = RecordedHistogram.nanos(RequestFamily.FEATURE_RETRIEVAL,
          modelLabels.add(MeterNames.CACHE_HIT, o.label), buckets.apply(FEATURE_RETRIEVAL_DURATION), next,
          nativeLayout);
      featureRetrieval[o.ordinal()] = h;
      next += h.cellCount();
    }
    featureAge = RecordedHistogram.nanos(RequestFamily.FEATURE_AGE, modelLabels,
        buckets.apply(FEATURE_AGE), next, null);
    next += featureAge.cellCount();
    batchSize = RecordedHistogram.counts(RequestFamily.BATCH_SIZE, modelLabels,
        buckets.apply(BATCH_SIZE), next);
    next += batchSize.cellCount();
    score = RecordedHistogram.values(RequestFamily.PREDICTION_SCORE, versionLabels,
        buckets.apply(PREDICTION_SCORE), next);
    next += score.cellCount();
    List<RecordedHistogram> all = new ArrayList<>();
    all.add(requestDuration);
    all.addAll(List.of(stageDuration));
    all.add(forwardDuration);
    all.addAll(List.of(featureRetrieval));
    all.addAll(List.of(featureAge, batchSize, score));
    histograms = all.toArray(new RecordedHistogram[0]);
    this.cells = new StripedLongs(next, stripes);
  }

  /** The {@code skip} bit of a top-level stage whose time was refused. */
  static int skipStage(Stage stage) {
    return 1 << (SKIP_STAGE_SHIFT + stage.ordinal());
  }

  /**
   * Records one closed request. Stage times are the request's totals per stage (one observation
   * per stage that ran); {@code skip} names the durations the listener refused as invalid.
   */
  void record(InferenceView inf, int skip) {
    // A batch member's forward pass and batch size are observed once per execution (recordBatch).
    boolean batched = inf.batch() != null;
    int stripe = cells.claim();
    long[] c = cells.stripe(stripe);
    boolean shared = stripe == StripedLongs.SHARED;
    try {
      StripedLongs.add(c, shared, inf.status().ordinal(), 1);
      if ((skip & SKIP_REQUEST) == 0) {
        requestDuration.record(c, shared, inf.durationNanos());
      }
      for (Stage st : STAGES) {
        if (inf.ran(st) && (skip & skipStage(st)) == 0) {
          long nanos = inf.stageNanos(st);
          stageDuration[st.ordinal()].record(c, shared, nanos);
          if (st == Stage.FORWARD && !batched) {
            forwardDuration.record(c, shared, nanos);
          }
        }
      }
      if (inf.ran(Stage.FEATURES) && (skip & SKIP_RETRIEVAL) == 0) {
        featureRetrieval[CacheOutcome.of(inf).ordinal()].record(c, shared, inf.stageNanos(Stage.FEATURES));
      }
      long age = inf.featureAgeNanos();
      if (age >= 0) {
        featureAge.record(c, shared, age);
      }
      int batch = inf.batchSize();
      if (batch >= 0 && !batched) {
        batchSize.record(c, shared, batch);
      }
      StripedLongs.add(c, shared, samplesCell, batch >= 0 ? batch : 1);
      int scoreCount = inf.scoreCount();
      for (int i = 0; i < scoreCount; i++) {
        double s = inf.score(i);
        if (validScore(s)) {
          score.recordValue(c, shared, s);
        }
      }
    } finally {
      cells.release(stripe);
    }
    if (exemplars && inf.traceSampled() && inf.traceId() != null && inf.spanId() != null) {
      exemplars(inf, skip);
    }
  }

  /**
   * Records one batch execution: the execution, its member count as a batch size and, unless
   * refused as invalid, its forward pass.
   */
  void recordBatch(int members, long forwardNanos, boolean forwardValid) {
    int stripe = cells.claim();
    long[] c = cells.stripe(stripe);
    boolean shared = stripe == StripedLongs.SHARED;
    try {
      StripedLongs.add(c, shared, executionsCell, 1);
      batchSize.record(c, shared, members);
      if (forwardValid) {
        forwardDuration.record(c, shared, forwardNanos);
      }
    } finally {
      cells.release(stripe);
    }
  }

  /** Whether a score is recorded: finite and not negative (the listener counts the others). */
  static boolean validScore(double s) {
    return s >= 0 && s != Double.POSITIVE_INFINITY;
  }

  /**
   * The sampled-trace path. An exemplar is replaced only when the one it would replace is at least
   * {@value #EXEMPLAR_REFRESH_MILLIS} ms old, so under load a sampled request allocates nothing
   * here; Prometheus reads exemplars once per scrape, so fresher ones would never be seen.
   */
  private void exemplars(InferenceView inf, int skip) {
    InferenceObserver observer = inf.observer();
    long millis = observer != null ? observer.epochNanos(inf.endNanos()) / 1_000_000
        : System.currentTimeMillis();
    Trace trace = new Trace(inf);
    int batch = inf.batchSize();
    counterExemplar(inf.status().ordinal(), 1.0, trace, millis);
    counterExemplar(samplesCell, batch >= 0 ? batch : 1, trace, millis);
    if ((skip & SKIP_REQUEST) == 0) {
      requestDuration.exemplar(inf.durationNanos(), trace, millis);
    }
    for (Stage st : STAGES) {
      if (inf.ran(st) && (skip & skipStage(st)) == 0) {
        stageDuration[st.ordinal()].exemplar(inf.stageNanos(st), trace, millis);
        if (st == Stage.FORWARD && inf.batch() == null) {
          forwardDuration.exemplar(inf.stageNanos(st), trace, millis);
        }
      }
    }
    if (inf.ran(Stage.FEATURES) && (skip & SKIP_RETRIEVAL) == 0) {
      featureRetrieval[CacheOutcome.of(inf).ordinal()].exemplar(inf.stageNanos(Stage.FEATURES), trace, millis);
    }
    if (inf.featureAgeNanos() >= 0) {
      featureAge.exemplar(inf.featureAgeNanos(), trace, millis);
    }
    if (batch >= 0 && inf.batch() == null) {
      batchSize.exemplar(batch, trace, millis);
    }
  }

  private void counterExemplar(int cell, double value, Trace trace, long millis) {
    if (stale(counterExemplars.get(cell), millis)) {
      counterExemplars.set(cell, new Exemplar(value, trace.labels(), millis));
    }
  }

  /** How old a held exemplar must be before a newer request replaces it. */
  static final long EXEMPLAR_REFRESH_MILLIS = 1_000;

  /** Whether {@code held} (maybe null) should give way to an exemplar taken at {@code millis}. */
  static boolean stale(Exemplar held, long millis) {
    return held == null || millis - held.getTimestampMillis() >= EXEMPLAR_REFRESH_MILLIS
        || millis < held.getTimestampMillis();
  }

  /** The trace labels of one request, built on first use only (escape analysis removes the holder). */
  static final class Trace {
    private final InferenceView inf;
    private Labels labels;

    Trace(InferenceView inf) {
      this.inf = inf;
    }

    Labels labels() {
      Labels l = labels;
      if (l == null) {
        l = Labels.of(Exemplar.TRACE_ID, inf.traceId(), Exemplar.SPAN_ID, inf.spanId());
        labels = l;
      }
      return l;
    }
  }

  /** Adds this recorder's series to a scrape. */
  void collect(RequestCollector.Scrape scrape) {
    for (Status s : Status.values()) {
      if (s != Status.RUNNING) {
        scrape.counter(RequestFamily.REQUESTS, counterLabels[s.ordinal()], cells.sum(s.ordinal()),
            counterExemplars.get(s.ordinal()));
      }
    }
    scrape.counter(RequestFamily.SAMPLES, counterLabels[samplesCell], cells.sum(samplesCell),
        counterExemplars.get(samplesCell));
    scrape.counter(RequestFamily.BATCH_EXECUTIONS, counterLabels[executionsCell],
        cells.sum(executionsCell), null);
    for (RecordedHistogram h : histograms) {
      scrape.histogram(h, h.reading(cells));
    }
  }

  /** Stripes, for tests. */
  int stripeCount() {
    return cells.stripeCount();
  }
}
