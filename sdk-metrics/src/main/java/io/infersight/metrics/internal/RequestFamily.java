package io.infersight.metrics.internal;

import io.infersight.metrics.MeterNames;

/**
 * The per-request metric families, with the Micrometer name and description the Micrometer path
 * registers and the Prometheus name the striped path exports. Both paths read them from here so
 * that a Prometheus scrape has the same names and HELP text whichever path produced it. Internal.
 */
enum RequestFamily {
  REQUESTS(MeterNames.REQUESTS, "ml_inference_requests", Kind.COUNTER,
      "Inference requests by outcome"),
  SAMPLES(MeterNames.SAMPLES, "ml_inference_samples", Kind.COUNTER,
      "Samples inferred (batch size, or 1 when unknown)"),
  BATCH_EXECUTIONS(MeterNames.BATCH_EXECUTIONS, "ml_batch_executions", Kind.COUNTER,
      "Forward passes run for a batch of requests"),
  REQUEST_DURATION(MeterNames.REQUEST_DURATION, "ml_inference_duration_seconds", Kind.HISTOGRAM,
      "Inference request duration"),
  STAGE_DURATION(MeterNames.STAGE_DURATION, "ml_stage_duration_seconds", Kind.HISTOGRAM,
      "Duration of one inference stage"),
  FORWARD_DURATION(MeterNames.FORWARD_DURATION, "ml_model_forward_duration_seconds",
      Kind.HISTOGRAM, "Duration of the model forward pass"),
  FEATURE_RETRIEVAL(MeterNames.FEATURE_RETRIEVAL_DURATION, "ml_feature_retrieval_duration_seconds",
      Kind.HISTOGRAM, "Duration of feature retrieval by cache outcome"),
  FEATURE_AGE(MeterNames.FEATURE_AGE, "ml_feature_age_seconds", Kind.HISTOGRAM,
      "Age of the features the model received"),
  BATCH_SIZE(MeterNames.BATCH_SIZE, "ml_inference_batch_size", Kind.HISTOGRAM,
      "Samples per inference request"),
  PREDICTION_SCORE(MeterNames.PREDICTION_SCORE, "ml_prediction_score", Kind.HISTOGRAM,
      "Prediction scores");

  final String meterName;
  /** The Prometheus family name: without {@code _total} for counters, as client_java wants it. */
  final String prometheusName;
  final Kind kind;
  final String help;

  RequestFamily(String meterName, String prometheusName, Kind kind, String help) {
    this.meterName = meterName;
    this.prometheusName = prometheusName;
    this.kind = kind;
    this.help = help;
  }

  /**
   * The family's Prometheus type. Our own enum rather than client_java's {@code MetricType}, which
   * client_java 1.3 (the supported floor) lacks.
   */
  enum Kind {
    COUNTER,
    HISTOGRAM
  }
}
