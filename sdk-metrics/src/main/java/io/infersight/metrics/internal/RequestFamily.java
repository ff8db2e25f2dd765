package io.infersight.metrics.internal;

import io.infersight.metrics.MeterNames;
import io.prometheus.metrics.model.registry.MetricType;

/**
 * The per-request metric families, with the Micrometer name and description the Micrometer path
 * registers and the Prometheus name the striped path exports. Both paths read them from here so
 * that a Prometheus scrape has the same names and HELP text whichever path produced it. Internal.
 */
enum RequestFamily {
  REQUESTS(MeterNames.REQUESTS, "ml_inference_requests", MetricType.COUNTER,
      "Inference requests by outcome"),
  SAMPLES(MeterNames.SAMPLES, "ml_inference_samples", MetricType.COUNTER,
      "Samples inferred (batch size, or 1 when unknown)"),
  REQUEST_DURATION(MeterNames.REQUEST_DURATION, "ml_inference_duration_seconds", MetricType.HISTOGRAM,
      "Inference request duration"),
  STAGE_DURATION(MeterNames.STAGE_DURATION, "ml_stage_duration_seconds", MetricType.HISTOGRAM,
      "Duration of one inference stage"),
  FORWARD_DURATION(MeterNames.FORWARD_DURATION, "ml_model_forward_duration_seconds",
      MetricType.HISTOGRAM, "Duration of the model forward pass"),
  FEATURE_RETRIEVAL(MeterNames.FEATURE_RETRIEVAL_DURATION, "ml_feature_retrieval_duration_seconds",
      MetricType.HISTOGRAM, "Duration of feature retrieval by cache outcome"),
  FEATURE_AGE(MeterNames.FEATURE_AGE, "ml_feature_age_seconds", MetricType.HISTOGRAM,
      "Age of the features the model received"),
  BATCH_SIZE(MeterNames.BATCH_SIZE, "ml_inference_batch_size", MetricType.HISTOGRAM,
      "Samples per inference request"),
  PREDICTION_SCORE(MeterNames.PREDICTION_SCORE, "ml_prediction_score", MetricType.HISTOGRAM,
      "Prediction scores");

  final String meterName;
  /** The Prometheus family name: without {@code _total} for counters, as client_java wants it. */
  final String prometheusName;
  final MetricType type;
  final String help;

  RequestFamily(String meterName, String prometheusName, MetricType type, String help) {
    this.meterName = meterName;
    this.prometheusName = prometheusName;
    this.type = type;
    this.help = help;
  }
}
