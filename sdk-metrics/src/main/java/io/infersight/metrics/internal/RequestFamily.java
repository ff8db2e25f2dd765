package io.infersight.metrics.internal;

import io.infersight.core.InferenceView;
import io.infersight.core.Stage;
import io.infersight.core.Status;
import io.infersight.metrics.MeterNames;

/**
 * The table of per-request series, the one definition both back-ends build from and record from:
 * the striped {@link RequestRecorder} (Prometheus registries: counts and exemplars) and {@link
 * MicrometerRequestMeters} (every other registry). A row is a metric family: its Micrometer name,
 * Prometheus name, type and HELP text, which labels its series carry ({@link Scope}, {@link
 * Split}), what it records ({@link Unit}) and whether it may keep native buckets. Which value of a
 * request feeds which series, and when an observation is skipped, is written once, in {@link
 * #walk} and {@link #walkBatch}; each back-end is a {@link Sink} that stores what the walk hands
 * it. docs/architecture.md ("Per-request series") shows the table. Internal.
 */
enum RequestFamily {
  REQUESTS(MeterNames.REQUESTS, "ml_inference_requests", Kind.COUNTER, Unit.WHOLE, Scope.VERSION,
      Split.STATUS, false, "Inference requests by outcome"),
  SAMPLES(MeterNames.SAMPLES, "ml_inference_samples", Kind.COUNTER, Unit.WHOLE, Scope.VERSION,
      Split.NONE, false, "Samples inferred (batch size, or 1 when unknown)"),
  BATCH_EXECUTIONS(MeterNames.BATCH_EXECUTIONS, "ml_batch_executions", Kind.COUNTER, Unit.WHOLE,
      Scope.MODEL, Split.NONE, false, "Forward passes run for a batch of requests"),
  REQUEST_DURATION(MeterNames.REQUEST_DURATION, "ml_inference_duration_seconds", Kind.HISTOGRAM,
      Unit.NANOS, Scope.VERSION, Split.NONE, true, "Inference request duration"),
  STAGE_DURATION(MeterNames.STAGE_DURATION, "ml_stage_duration_seconds", Kind.HISTOGRAM,
      Unit.NANOS, Scope.MODEL, Split.STAGE, true, "Duration of one inference stage"),
  FORWARD_DURATION(MeterNames.FORWARD_DURATION, "ml_model_forward_duration_seconds",
      Kind.HISTOGRAM, Unit.NANOS, Scope.VERSION, Split.NONE, true,
      "Duration of the model forward pass"),
  FEATURE_RETRIEVAL(MeterNames.FEATURE_RETRIEVAL_DURATION, "ml_feature_retrieval_duration_seconds",
      Kind.HISTOGRAM, Unit.NANOS, Scope.MODEL, Split.CACHE_HIT, true,
      "Duration of feature retrieval by cache outcome"),
  FEATURE_AGE(MeterNames.FEATURE_AGE, "ml_feature_age_seconds", Kind.HISTOGRAM, Unit.NANOS,
      Scope.MODEL, Split.NONE, false, "Age of the features the model received"),
  BATCH_SIZE(MeterNames.BATCH_SIZE, "ml_inference_batch_size", Kind.HISTOGRAM, Unit.WHOLE,
      Scope.MODEL, Split.NONE, false, "Samples per inference request"),
  PREDICTION_SCORE(MeterNames.PREDICTION_SCORE, "ml_prediction_score", Kind.HISTOGRAM, Unit.REAL,
      Scope.VERSION, Split.NONE, false, "Prediction scores");

  /** All families in table order, without the defensive copy of {@link #values()}; do not modify. */
  static final RequestFamily[] ALL = values();

  /** {@code skip} bit of {@link #walk}: the request duration was refused as invalid. */
  static final int SKIP_REQUEST = 1;
  /** {@code skip} bit of {@link #walk}: the feature retrieval was refused as invalid. */
  static final int SKIP_RETRIEVAL = 1 << 1;
  private static final int SKIP_STAGE_SHIFT = 2;
  private static final Stage[] STAGES = Stage.values();

  final String meterName;
  /** The Prometheus family name: without {@code _total} for counters, as client_java wants it. */
  final String prometheusName;
  final Kind kind;
  final Unit unit;
  final Scope scope;
  final Split split;
  /** Whether the family keeps native buckets when they are configured: the latency histograms. */
  final boolean nativeBuckets;
  final String help;

  RequestFamily(String meterName, String prometheusName, Kind kind, Unit unit, Scope scope,
      Split split, boolean nativeBuckets, String help) {
    this.meterName = meterName;
    this.prometheusName = prometheusName;
    this.kind = kind;
    this.unit = unit;
    this.scope = scope;
    this.split = split;
    this.nativeBuckets = nativeBuckets;
    this.help = help;
  }

  /**
   * Where the observations of one request or batch execution go. The walk calls it on the
   * request's thread, so an implementation allocates nothing (the exemplar sink of a sampled
   * request aside: a new exemplar at most once per second per series bucket).
   *
   * @param <C> what the caller of the walk hands through to every call (a claimed stripe, the
   *     request), so that a sink keeps no per-request state of its own
   */
  interface Sink<C> {
    /** Adds {@code delta} to series {@code series} ({@link Split}) of counter {@code family}. */
    void count(C at, RequestFamily family, int series, long delta);

    /** Observes a whole value (nanoseconds or a count, by {@link Unit}) in a histogram series. */
    void observe(C at, RequestFamily family, int series, long value);

    /** Observes a valid prediction score in {@link #PREDICTION_SCORE}. */
    void score(C at, double value);
  }

  /**
   * Hands every observation of one closed request to {@code sink}, skipping the durations that
   * {@code skip} (from {@link #refusals}) names. The rows, in table order:
   *
   * <ul>
   *   <li>{@link #REQUESTS}: 1 in the series of the request's status;
   *   <li>{@link #SAMPLES}: the batch size, or 1 when it is unknown;
   *   <li>{@link #REQUEST_DURATION}: the request's duration;
   *   <li>{@link #STAGE_DURATION}: each stage that ran, its total time in the request;
   *   <li>{@link #FORWARD_DURATION}: the {@code FORWARD} stage's observation again, unless the
   *       request is a batch member;
   *   <li>{@link #FEATURE_RETRIEVAL}: the {@code FEATURES} stage's time, in the series of the
   *       request's {@link CacheOutcome};
   *   <li>{@link #FEATURE_AGE}: the feature age, when known;
   *   <li>{@link #BATCH_SIZE}: the batch size, when known, unless the request is a batch member;
   *   <li>{@link #PREDICTION_SCORE}: every {@linkplain #validScore valid} score.
   * </ul>
   *
   * A batch member's forward pass and batch size are observed once per execution instead, by
   * {@link #walkBatch}. {@link #BATCH_EXECUTIONS} is not fed per request.
   */
  static <C> void walk(InferenceView inf, int skip, Sink<C> sink, C at) {
    boolean batched = inf.batch() != null;
    sink.count(at, REQUESTS, inf.status().ordinal(), 1);
    int batch = inf.batchSize();
    sink.count(at, SAMPLES, 0, batch >= 0 ? batch : 1);
    if ((skip & SKIP_REQUEST) == 0) {
      sink.observe(at, REQUEST_DURATION, 0, inf.durationNanos());
    }
    for (Stage st : STAGES) {
      if (inf.ran(st) && (skip & skipStage(st)) == 0) {
        long nanos = inf.stageNanos(st);
        sink.observe(at, STAGE_DURATION, st.ordinal(), nanos);
        if (st == Stage.FORWARD && !batched) {
          sink.observe(at, FORWARD_DURATION, 0, nanos);
        }
      }
    }
    if (inf.ran(Stage.FEATURES) && (skip & SKIP_RETRIEVAL) == 0) {
      sink.observe(at, FEATURE_RETRIEVAL, CacheOutcome.of(inf).ordinal(),
          inf.stageNanos(Stage.FEATURES));
    }
    long age = inf.featureAgeNanos();
    if (age >= 0) {
      sink.observe(at, FEATURE_AGE, 0, age);
    }
    if (batch >= 0 && !batched) {
      sink.observe(at, BATCH_SIZE, 0, batch);
    }
    int scoreCount = inf.scoreCount();
    for (int i = 0; i < scoreCount; i++) {
      double s = inf.score(i);
      if (validScore(s)) {
        sink.score(at, s);
      }
    }
  }

  /**
   * Hands the observations of one batch execution to {@code sink}: the execution, its member count
   * as a batch size and, unless refused as invalid, its forward pass.
   */
  static <C> void walkBatch(int members, long forwardNanos, boolean forwardValid, Sink<C> sink,
      C at) {
    sink.count(at, BATCH_EXECUTIONS, 0, 1);
    sink.observe(at, BATCH_SIZE, 0, members);
    if (forwardValid) {
      sink.observe(at, FORWARD_DURATION, 0, forwardNanos);
    }
  }

  /** Decides whether a duration may be recorded, and counts the refusal when it may not. */
  interface DurationCheck {
    boolean valid(long durationNanos);
  }

  /**
   * Checks every duration {@link #walk} would observe, once, and returns the refused ones as
   * {@code skip} bits: the request, each stage that ran (its forward-pass observation shares the
   * stage's verdict) and the feature retrieval (checked and counted apart from its stage).
   */
  static int refusals(InferenceView inf, DurationCheck check) {
    int skip = 0;
    if (!check.valid(inf.durationNanos())) {
      skip |= SKIP_REQUEST;
    }
    for (Stage st : STAGES) {
      if (inf.ran(st) && !check.valid(inf.stageNanos(st))) {
        skip |= skipStage(st);
      }
    }
    if (inf.ran(Stage.FEATURES) && !check.valid(inf.stageNanos(Stage.FEATURES))) {
      skip |= SKIP_RETRIEVAL;
    }
    return skip;
  }

  /** The {@code skip} bit of a stage whose time was refused. */
  static int skipStage(Stage stage) {
    return 1 << (SKIP_STAGE_SHIFT + stage.ordinal());
  }

  /** Whether a score is recorded: finite and not negative (the listener counts the others). */
  static boolean validScore(double s) {
    return s >= 0 && s != Double.POSITIVE_INFINITY;
  }

  /**
   * The family's Prometheus type. Our own enum rather than client_java's {@code MetricType}, which
   * client_java 1.3 (the supported floor) lacks.
   */
  enum Kind {
    COUNTER,
    HISTOGRAM
  }

  /** What a family records. */
  enum Unit {
    /** Durations in whole nanoseconds, exported in seconds (Micrometer: a timer). */
    NANOS,
    /** Whole counts (Micrometer: a counter, or a distribution summary for a histogram). */
    WHOLE,
    /** Doubles: prediction scores ({@link ScoreHistogram} outside Prometheus registries). */
    REAL
  }

  /** The labels every series of a family carries, before its {@link Split}. */
  enum Scope {
    /** The constant and common labels, and model_name. */
    MODEL,
    /** As {@link #MODEL}, plus model_version. */
    VERSION
  }

  /** How a family splits into series: the label that tells them apart and its values. */
  enum Split {
    /** One series. */
    NONE(null, 1),
    /**
     * One series per {@link Status}, by ordinal. The {@code RUNNING} series is kept but never
     * registered or exported: listeners see closed requests only.
     */
    STATUS(MeterNames.STATUS, Status.values().length),
    /** One series per {@link Stage}, by ordinal. */
    STAGE(MeterNames.STAGE, Stage.values().length),
    /** One series per {@link CacheOutcome}, by ordinal. */
    CACHE_HIT(MeterNames.CACHE_HIT, CacheOutcome.ALL.length);

    private static final Status[] STATUSES = Status.values();

    /** The label key, or null for {@link #NONE}. */
    final String key;
    /** How many series: series indexes run from 0 to {@code width - 1}. */
    final int width;

    Split(String key, int width) {
      this.key = key;
      this.width = width;
    }

    /** The label value of a series, or null for {@link #NONE}. */
    String value(int series) {
      return switch (this) {
        case NONE -> null;
        case STATUS -> STATUSES[series].label();
        case STAGE -> STAGES[series].label();
        case CACHE_HIT -> CacheOutcome.ALL[series].label;
      };
    }

    /** Whether a series is registered and exported. */
    boolean exported(int series) {
      return this != STATUS || STATUSES[series] != Status.RUNNING;
    }
  }
}
