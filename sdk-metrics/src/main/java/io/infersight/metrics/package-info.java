/**
 * Micrometer metrics for Infersight: request, stage, feature, batch and score meters with bounded
 * labels, trace exemplars, Infersight's own self-metrics and a small Prometheus scrape endpoint.
 * Start at {@link io.infersight.metrics.InfersightMetrics}.
 *
 * @since 0.1.0
 */
@NullMarked
package io.infersight.metrics;

import org.jspecify.annotations.NullMarked;
