/**
 * Implementation of the metrics listener. Internal: these classes may change without notice; use
 * {@link io.infersight.metrics.InfersightMetrics} instead.
 */
@NullMarked
package io.infersight.metrics.internal;

import org.jspecify.annotations.NullMarked;
