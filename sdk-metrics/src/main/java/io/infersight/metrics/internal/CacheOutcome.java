package io.infersight.metrics.internal;

import io.infersight.core.InferenceView;

/** A request's feature-cache outcome: the {@code cache_hit} label of feature retrieval. Internal. */
enum CacheOutcome {
  HIT("true"),
  MISS("false"),
  /** Serving code did not say. */
  UNKNOWN("unknown");

  /** All outcomes without the defensive copy of {@link #values()}; do not modify. */
  static final CacheOutcome[] ALL = values();

  /** The {@code cache_hit} label value. */
  final String label;

  CacheOutcome(String label) {
    this.label = label;
  }

  static CacheOutcome of(InferenceView inf) {
    return !inf.cacheHitKnown() ? UNKNOWN : inf.cacheHit() ? HIT : MISS;
  }
}
