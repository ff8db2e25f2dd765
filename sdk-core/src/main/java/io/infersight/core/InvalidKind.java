package io.infersight.core;

/**
 * The kinds of bad input a recording call refuses, each counted under {@value
 * SelfMetricNames#INVALID_OBSERVATIONS}{@code {kind}} with its {@link #label()}.
 */
enum InvalidKind {
  NULL_STAGE("null_stage"),
  FEATURE_AGE("feature_age"),
  NULL_FEATURES("null_features"),
  NULL_SCORES("null_scores"),
  NEGATIVE_BATCH_SIZE("negative_batch_size"),
  NULL_ERROR("null_error"),
  NULL_DURATION("null_duration"),
  NEGATIVE_DURATION("negative_duration");

  private final String label;

  InvalidKind(String label) {
    this.label = label;
  }

  /** The {@code kind} label value. */
  String label() {
    return label;
  }
}
