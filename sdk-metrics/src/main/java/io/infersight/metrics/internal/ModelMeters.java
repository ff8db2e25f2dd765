package io.infersight.metrics.internal;

import static io.infersight.metrics.MeterNames.*;

import io.infersight.core.BoundedLabel;
import io.infersight.core.InferenceObserver;
import io.infersight.core.LabelPolicy;
import io.infersight.core.ModelId;
import io.infersight.core.SelfCounter;
import io.infersight.core.SelfMetricNames;
import io.infersight.core.Stage;
import io.infersight.core.internal.ThrottlingLogger;
import io.infersight.metrics.MeterNames;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Every meter of one model on one registry, resolved once at install so that the request path
 * only indexes arrays. The per-request series go to a {@link RequestRecorder} for each Prometheus
 * registry (the registry itself, or a child of a composite) and to {@link MicrometerRequestMeters}
 * for every other registry. Sub-stage timers stay Micrometer timers on the registry: their names
 * arrive with requests, so they are resolved on first sight and cached by the (already bounded)
 * name. Internal.
 */
final class ModelMeters implements RequestFamily.DurationCheck {
  private static final ThrottlingLogger LOG = ThrottlingLogger.forName("io.infersight.metrics");

  final RequestRecorder[] recorders;
  final MicrometerRequestMeters[] micrometer;
  final ScoreHistogram score;
  final LongAdder active;
  final SelfCounter negativeDuration;
  final SelfCounter absurdDuration;
  final SelfCounter nonFiniteScore;
  final SelfCounter negativeScore;
  final long maxDurationNanos;

  private final MeterRegistry registry;
  private final MetricsSettings settings;
  private final Tags modelTags;
  private final String modelName;
  private final @Nullable BoundedLabel subStageGuard;
  /** Registered on the first generative request's end; see {@link #generation()}. */
  private volatile @Nullable GenerationMeters generation;
  @SuppressWarnings({"unchecked", "rawtypes"}) // generic array creation: one map per stage
  private final ConcurrentHashMap<String, Timer>[] subStages = new ConcurrentHashMap[Stage.values().length];

  ModelMeters(MetricsSettings settings, InferenceObserver observer) {
    this.settings = settings;
    this.registry = settings.registry;
    this.maxDurationNanos = settings.maxDurationNanos;
    RegistryState shared = RegistryState.of(registry);
    LabelPolicy policy = observer.labelPolicy();
    ModelId model = observer.model();
    String name = shared.modelGuard(MODEL_NAME, policy, observer.selfMetrics(), settings.maxLabelValues)
        .resolve(model.name());
    String version = shared.modelGuard(MODEL_VERSION, policy, observer.selfMetrics(), settings.maxLabelValues)
        .resolve(model.version());
    String commit = shared.modelGuard(GIT_COMMIT, policy, observer.selfMetrics(), settings.maxLabelValues)
        .resolve(model.gitCommit());
    Tags base = settings.constantTags;
    this.modelName = name;
    this.modelTags = base.and(MODEL_NAME, name);
    Tags versionTags = modelTags.and(MODEL_VERSION, version);

    // First: it is the one registration that refuses a label set differing from another listener's.
    score = ScoreHistogram.register(registry, versionTags, buckets(PREDICTION_SCORE));
    List<PrometheusMeterRegistry> prometheus = new ArrayList<>();
    List<MeterRegistry> others = new ArrayList<>();
    RequestTargets.split(registry, prometheus, others);
    for (Stage st : Stage.values()) {
      subStages[st.ordinal()] = new ConcurrentHashMap<>();
    }
    active = shared.activeRequests(registry, modelTags);
    shared.queuedRequests(registry, modelTags, observer);
    // Before the per-request series: they copy the common tags Micrometer gave this gauge.
    Gauge.builder(MODEL_INFO, () -> 1.0)
        .description("The served model; always 1").tags(versionTags).tag(GIT_COMMIT, commit)
        .register(registry);
    micrometer = new MicrometerRequestMeters[others.size()];
    for (int i = 0; i < micrometer.length; i++) {
      MeterRegistry target = others.get(i);
      // A composite's child registered on directly would miss the composite's common tags.
      Tags extra = target == registry ? base : RequestTargets.tags(target, base, name, version, commit);
      Tags childModelTags = extra.and(MODEL_NAME, name);
      micrometer[i] = new MicrometerRequestMeters(target, childModelTags,
          childModelTags.and(MODEL_VERSION, version), this::buckets);
    }
    recorders = new RequestRecorder[prometheus.size()];
    for (int i = 0; i < recorders.length; i++) {
      PrometheusMeterRegistry target = prometheus.get(i);
      Labels labels = RequestTargets.labels(target, base, name, version, commit);
      recorders[i] = new RequestRecorder(labels.add(MODEL_NAME, name),
          labels.add(MODEL_NAME, name).add(MODEL_VERSION, version), this::buckets,
          ExemplarRegistries.enabled(target), settings.nativeLayout);
      RegistryState.of(target).requestCollector(target).add(recorders[i]);
    }

    negativeDuration = invalid(observer, KIND_NEGATIVE_DURATION);
    absurdDuration = invalid(observer, KIND_ABSURD_DURATION);
    nonFiniteScore = invalid(observer, KIND_NON_FINITE_SCORE);
    negativeScore = invalid(observer, KIND_NEGATIVE_SCORE);
    this.subStageGuard = settings.maxLabelValues > 0
        ? RegistryState.guard(SUB_STAGE, policy, observer.selfMetrics(), settings.maxLabelValues)
        : null;
  }

  /**
   * The GenAI meters, registered on first use so that models that generate nothing export none,
   * or {@code null} when the registry refused them.
   */
  @Nullable GenerationMeters generation() {
    GenerationMeters g = generation;
    if (g != null) {
      return g;
    }
    synchronized (this) {
      if (generation == null) {
        try {
          generation = new GenerationMeters(registry, modelTags, this::buckets);
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "gen-ai-registration",
              "Could not register the gen_ai meters; generative requests are not recorded there", e);
          return null;
        }
      }
      return generation;
    }
  }

  /** The bounded model_name label value. */
  String modelName() {
    return modelName;
  }

  /**
   * Whether a duration may be recorded: not negative and at most the configured maximum. A refusal
   * is counted under {@code infersight.invalid.observations} and logged, throttled.
   */
  @Override
  public boolean valid(long durationNanos) {
    if (durationNanos < 0) {
      refuse(negativeDuration, KIND_NEGATIVE_DURATION);
      return false;
    }
    if (durationNanos > maxDurationNanos) {
      refuse(absurdDuration, KIND_ABSURD_DURATION);
      return false;
    }
    return true;
  }

  /** Counts a refused observation of {@code kind} and logs it, throttled. */
  static void refuse(SelfCounter counter, String kind) {
    counter.increment();
    LOG.log(Level.WARNING, "invalid:" + kind, "Ignored an invalid observation (" + kind
        + "); counted under " + INVALID_OBSERVATIONS);
  }

  private static SelfCounter invalid(InferenceObserver observer, String kind) {
    return observer.selfMetrics().counter(SelfMetricNames.INVALID_OBSERVATIONS,
        "Observations refused as invalid (not recorded)", "kind", kind);
  }

  private double[] buckets(String meter) {
    double[] b = settings.buckets.get(meter);
    return b != null ? b : MeterNames.defaultBuckets(meter);
  }

  /**
   * The timer of a sub-stage, or {@code null} when it could not be registered. Core has already
   * bounded {@code subStage} by the observer's label policy; a tighter builder limit applies here.
   */
  @Nullable Timer subStage(Stage stage, String subStage) {
    ConcurrentHashMap<String, Timer> cache = subStages[stage.ordinal()];
    Timer t = cache.get(subStage);
    if (t != null) {
      return t;
    }
    return resolveSubStage(stage, subStage, cache);
  }

  private @Nullable Timer resolveSubStage(Stage stage, String subStage, ConcurrentHashMap<String, Timer> cache) {
    String value = subStageGuard == null ? subStage : subStageGuard.resolve(subStage);
    try {
      Timer t = MicrometerRequestMeters.timer(registry, SUBSTAGE_DURATION, "Duration of a named sub-stage",
          modelTags.and(STAGE, stage.label()).and(SUB_STAGE, value), buckets(SUBSTAGE_DURATION));
      Timer raced = cache.putIfAbsent(subStage, t);
      return raced != null ? raced : t;
    } catch (RuntimeException e) {
      // The registry refused the meter (a filter, or a registration failure set to throw).
      LOG.log(Level.WARNING, "substage-registration",
          "Could not register " + SUBSTAGE_DURATION + "; this sub-stage is not recorded", e);
      return null;
    }
  }
}
