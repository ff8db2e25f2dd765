package io.infersight.metrics;

import io.infersight.core.SelfMetricNames;
import java.util.Map;

/**
 * The names, label keys and default buckets of every meter the metrics listener registers. The
 * shipped dashboard and alert rules query these names (Prometheus renders {@code ml.inference.requests}
 * as {@code ml_inference_requests_total}), so they are a contract.
 *
 * <pre>{@code
 * long requests = simpleRegistry.get(MeterNames.REQUEST_DURATION)
 *     .tag(MeterNames.MODEL_NAME, "fraud-detector").timer().count();
 * }</pre>
 *
 * <p>On a Prometheus registry the per-request series (requests, samples, request, stage, forward,
 * feature-retrieval, feature-age and batch-size histograms) are exported by Infersight's own
 * collector under these names rather than registered as Micrometer meters: read them from the
 * scrape. Their histograms have no {@code _max} there.
 *
 * @since 0.1.0
 */
public final class MeterNames {
  /** Counter of finished requests, labelled by model_name, model_version, status. */
  public static final String REQUESTS = "ml.inference.requests";
  /** Histogram (timer) of request duration, labelled by model_name, model_version. */
  public static final String REQUEST_DURATION = "ml.inference.duration";
  /** Histogram (timer) of top-level stage duration, labelled by model_name, stage. */
  public static final String STAGE_DURATION = "ml.stage.duration";
  /** Histogram (timer) of named sub-stage duration, labelled by model_name, stage, sub_stage. */
  public static final String SUBSTAGE_DURATION = "ml.substage.duration";
  /** Histogram (timer) of the feature stage, labelled by model_name, cache_hit. */
  public static final String FEATURE_RETRIEVAL_DURATION = "ml.feature.retrieval.duration";
  /** Histogram (timer) of feature age in seconds, labelled by model_name. */
  public static final String FEATURE_AGE = "ml.feature.age";
  /** Histogram (timer) of the model forward pass, labelled by model_name, model_version. */
  public static final String FORWARD_DURATION = "ml.model.forward.duration";
  /** Histogram (distribution summary) of samples per request, labelled by model_name. */
  public static final String BATCH_SIZE = "ml.inference.batch.size";
  /** Counter of samples, labelled by model_name, model_version. */
  public static final String SAMPLES = "ml.inference.samples";
  /**
   * Counter of forward passes run for a batch of requests ({@code InferenceBatch}), labelled by
   * model_name; beside {@link #SAMPLES} it gives the mean batch size.
   */
  public static final String BATCH_EXECUTIONS = "ml.batch.executions";
  /** Gauge of requests in flight, labelled by model_name. */
  public static final String ACTIVE_REQUESTS = "ml.inference.active.requests";
  /**
   * Gauge of requests waiting in the application's queues ({@code InferenceObserver.enqueued()}),
   * labelled by model_name.
   */
  public static final String QUEUED_REQUESTS = "ml.inference.queued.requests";
  /** Histogram (distribution summary) of prediction scores, labelled by model_name, model_version. */
  public static final String PREDICTION_SCORE = "ml.prediction.score";
  /** Gauge that is always 1, labelled by model_name, model_version, git_commit. */
  public static final String MODEL_INFO = "ml.model.info";

  /** Histogram (timer) of time to first token of generative requests, labelled by model_name. */
  public static final String GEN_AI_TIME_TO_FIRST_TOKEN = "gen_ai.server.time_to_first_token";
  /** Histogram (timer) of time per output token after the first, labelled by model_name. */
  public static final String GEN_AI_TIME_PER_OUTPUT_TOKEN = "gen_ai.server.time_per_output_token";
  /** Histogram (timer) of generative request duration, labelled by model_name. */
  public static final String GEN_AI_REQUEST_DURATION = "gen_ai.server.request.duration";
  /** Histogram (distribution summary) of tokens per request, labelled by model_name, gen_ai_token_type. */
  public static final String GEN_AI_TOKEN_USAGE = "gen_ai.client.token.usage";
  /** The label of {@link #GEN_AI_TOKEN_USAGE}: {@code input} or {@code output}. */
  public static final String GEN_AI_TOKEN_TYPE = "gen_ai_token_type";

  public static final String MODEL_NAME = "model_name";
  public static final String MODEL_VERSION = "model_version";
  public static final String GIT_COMMIT = "git_commit";
  public static final String STATUS = "status";
  public static final String STAGE = "stage";
  public static final String SUB_STAGE = "sub_stage";
  public static final String CACHE_HIT = "cache_hit";

  /** @deprecated Use {@link SelfMetricNames#INVALID_OBSERVATIONS}, labelled by {@code kind}. */
  @Deprecated
  public static final String INVALID_OBSERVATIONS = SelfMetricNames.INVALID_OBSERVATIONS;
  /** {@code kind} of a negative duration (a clock that went backwards). */
  public static final String KIND_NEGATIVE_DURATION = "negative_duration";
  /** {@code kind} of a duration above the listener's {@code maxDuration}. */
  public static final String KIND_ABSURD_DURATION = "absurd_duration";
  /** {@code kind} of a NaN or infinite prediction score. */
  public static final String KIND_NON_FINITE_SCORE = "non_finite_score";
  /** {@code kind} of a negative prediction score (Micrometer summaries cannot record it). */
  public static final String KIND_NEGATIVE_SCORE = "negative_score";

  private static final double[] REQUEST_BUCKETS = {
    0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5
  };
  private static final double[] STAGE_BUCKETS = {
    0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5
  };
  private static final double[] FORWARD_BUCKETS = {
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5
  };
  private static final double[] FEATURE_AGE_BUCKETS = {
    1, 5, 15, 30, 60, 300, 900, 1800, 3600, 7200, 21600, 86400
  };
  private static final double[] BATCH_BUCKETS = {1, 2, 4, 8, 16, 32, 64, 128, 256};
  private static final double[] SCORE_BUCKETS = {
    0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99
  };

  // The OpenTelemetry GenAI semantic conventions' recommended boundaries, exactly.
  private static final double[] TTFT_BUCKETS = {
    0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0
  };
  private static final double[] TPOT_BUCKETS = {
    0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5
  };
  private static final double[] GEN_AI_DURATION_BUCKETS = {
    0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92
  };
  private static final double[] TOKEN_BUCKETS = {
    1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864
  };

  private static final Map<String, double[]> DEFAULT_BUCKETS = Map.ofEntries(
      Map.entry(GEN_AI_TIME_TO_FIRST_TOKEN, TTFT_BUCKETS),
      Map.entry(GEN_AI_TIME_PER_OUTPUT_TOKEN, TPOT_BUCKETS),
      Map.entry(GEN_AI_REQUEST_DURATION, GEN_AI_DURATION_BUCKETS),
      Map.entry(GEN_AI_TOKEN_USAGE, TOKEN_BUCKETS),
      Map.entry(REQUEST_DURATION, REQUEST_BUCKETS),
      Map.entry(STAGE_DURATION, STAGE_BUCKETS),
      Map.entry(SUBSTAGE_DURATION, STAGE_BUCKETS),
      Map.entry(FEATURE_RETRIEVAL_DURATION, STAGE_BUCKETS),
      Map.entry(FORWARD_DURATION, FORWARD_BUCKETS),
      Map.entry(FEATURE_AGE, FEATURE_AGE_BUCKETS),
      Map.entry(BATCH_SIZE, BATCH_BUCKETS),
      Map.entry(PREDICTION_SCORE, SCORE_BUCKETS));

  private MeterNames() {}

  /** Whether {@code meterName} is one of the histograms whose buckets can be set. */
  public static boolean isHistogram(String meterName) {
    return meterName != null && DEFAULT_BUCKETS.containsKey(meterName);
  }

  /**
   * The default upper bounds of a histogram (seconds for timers), a copy.
   *
   * @throws IllegalArgumentException when {@code meterName} is not a histogram of this module
   */
  public static double[] defaultBuckets(String meterName) {
    double[] b = meterName == null ? null : DEFAULT_BUCKETS.get(meterName);
    if (b == null) {
      throw new IllegalArgumentException("meterName '" + meterName + "' is not an Infersight histogram;"
          + " expected one of " + DEFAULT_BUCKETS.keySet());
    }
    return b.clone();
  }
}
