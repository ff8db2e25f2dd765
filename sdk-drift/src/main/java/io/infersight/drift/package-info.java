/**
 * Streaming input and prediction drift inside the serving process, and an offline drift report.
 * Start with {@link io.infersight.drift.ReferenceProfile} and {@link io.infersight.drift.InfersightDrift}.
 *
 * @since 0.1.0
 */
@NullMarked
package io.infersight.drift;

import org.jspecify.annotations.NullMarked;
