/**
 * Structured JSON logs for Infersight: the {@link io.infersight.logging.LoggingListener} (MDC
 * correlation IDs, inference events, per-request sampling), logback appenders that sample by
 * request outcome and never block, and PII masking for the JSON and console formats. Start at
 * {@link io.infersight.logging.InfersightLogging}.
 *
 * @since 0.1.0
 */
@NullMarked
package io.infersight.logging;

import org.jspecify.annotations.NullMarked;
