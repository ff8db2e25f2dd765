package io.infersight.metrics.internal;

import static io.infersight.metrics.MeterNames.*;

import io.infersight.core.BoundedLabel;
import io.infersight.core.InferenceObserver;
import io.infersight.core.LabelPolicy;
import io.infersight.core.ModelId;
import io.infersight.core.SelfCounter;
import io.infersight.core.Stage;
import io.infersight.core.Status;
import io.infersight.core.internal.ThrottlingLogger;
import io.infersight.metrics.MeterNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every meter of one model on one registry, resolved once at install so that the request path
 * only indexes arrays. Sub-stage timers are the exception: their names arrive with requests, so
 * they are resolved on first sight and cached by the (already bounded) name. Internal.
 */
final class ModelMeters {
  private static final ThrottlingLogger LOG = ThrottlingLogger.forName("io.infersight.metrics");
  static final int HIT = 0;
  static final int MISS = 1;
  static final int UNKNOWN = 2;

  /** By {@link Status#ordinal()}; the {@code RUNNING} slot stays null. */
  final Counter[] requests = new Counter[Status.values().length];
  final Timer requestDuration;
  final Timer[] stageDuration = new Timer[Stage.values().length];
  final Timer forwardDuration;
  final Timer[] featureRetrieval = new Timer[3];
  final Timer featureAge;
  final DistributionSummary batchSize;
  final Counter samples;
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
  private final BoundedLabel subStageGuard;
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
    for (Status s : Status.values()) {
      if (s == Status.RUNNING) {
        continue; // listeners only see closed requests
      }
      requests[s.ordinal()] = Counter.builder(REQUESTS)
          .description("Inference requests by outcome").tags(versionTags).tag(STATUS, s.label())
          .register(registry);
    }
    requestDuration = timer(REQUEST_DURATION, "Inference request duration", versionTags);
    for (Stage st : Stage.values()) {
      stageDuration[st.ordinal()] = timer(STAGE_DURATION, "Duration of one inference stage",
          modelTags.and(STAGE, st.label()));
      subStages[st.ordinal()] = new ConcurrentHashMap<>();
    }
    forwardDuration = timer(FORWARD_DURATION, "Duration of the model forward pass", versionTags);
    String retrieval = "Duration of feature retrieval by cache outcome";
    featureRetrieval[HIT] = timer(FEATURE_RETRIEVAL_DURATION, retrieval, modelTags.and(MeterNames.CACHE_HIT, "true"));
    featureRetrieval[MISS] = timer(FEATURE_RETRIEVAL_DURATION, retrieval, modelTags.and(MeterNames.CACHE_HIT, "false"));
    featureRetrieval[UNKNOWN] = timer(FEATURE_RETRIEVAL_DURATION, retrieval, modelTags.and(MeterNames.CACHE_HIT, "unknown"));
    featureAge = timer(FEATURE_AGE, "Age of the features the model received", modelTags);
    batchSize = DistributionSummary.builder(BATCH_SIZE)
        .description("Samples per inference request").tags(modelTags)
        .serviceLevelObjectives(buckets(BATCH_SIZE)).publishPercentileHistogram(false)
        .register(registry);
    samples = Counter.builder(SAMPLES).description("Samples inferred (batch size, or 1 when unknown)")
        .tags(versionTags).register(registry);
    active = shared.activeRequests(registry, modelTags);
    Gauge.builder(MODEL_INFO, () -> 1.0)
        .description("The served model; always 1").tags(versionTags).tag(GIT_COMMIT, commit)
        .register(registry);

    negativeDuration = invalid(observer, KIND_NEGATIVE_DURATION);
    absurdDuration = invalid(observer, KIND_ABSURD_DURATION);
    nonFiniteScore = invalid(observer, KIND_NON_FINITE_SCORE);
    negativeScore = invalid(observer, KIND_NEGATIVE_SCORE);
    this.subStageGuard = settings.maxLabelValues > 0
        ? RegistryState.guard(SUB_STAGE, policy, observer.selfMetrics(), settings.maxLabelValues)
        : null;
  }

  /** The bounded model_name label value. */
  String modelName() {
    return modelName;
  }

  private static SelfCounter invalid(InferenceObserver observer, String kind) {
    return observer.selfMetrics().counter(INVALID_OBSERVATIONS,
        "Observations refused as invalid (not recorded)", "kind", kind);
  }

  private double[] buckets(String meter) {
    double[] b = settings.buckets.get(meter);
    return b != null ? b : MeterNames.defaultBuckets(meter);
  }

  private Timer timer(String meter, String description, Tags tags) {
    double[] seconds = buckets(meter);
    Duration[] slos = new Duration[seconds.length];
    for (int i = 0; i < seconds.length; i++) {
      slos[i] = Duration.ofNanos(Math.round(seconds[i] * 1e9));
    }
    return Timer.builder(meter).description(description).tags(tags)
        .serviceLevelObjectives(slos).publishPercentileHistogram(false)
        .register(registry);
  }

  /**
   * The timer of a sub-stage, or {@code null} when it could not be registered. Core has already
   * bounded {@code subStage} by the observer's label policy; a tighter builder limit applies here.
   */
  Timer subStage(Stage stage, String subStage) {
    ConcurrentHashMap<String, Timer> cache = subStages[stage.ordinal()];
    Timer t = cache.get(subStage);
    if (t != null) {
      return t;
    }
    return resolveSubStage(stage, subStage, cache);
  }

  private Timer resolveSubStage(Stage stage, String subStage, ConcurrentHashMap<String, Timer> cache) {
    String value = subStageGuard == null ? subStage : subStageGuard.resolve(subStage);
    try {
      Timer t = timer(SUBSTAGE_DURATION, "Duration of a named sub-stage",
          modelTags.and(STAGE, stage.label()).and(SUB_STAGE, value));
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
