/**
 * The tracing pillar: OpenTelemetry spans for every inference stage, head sampling that still
 * keeps every failed and slow request, OTLP export, and an embedded trace store. Start at {@link
 * io.infersight.tracing.InfersightTracing}.
 */
@NullMarked
package io.infersight.tracing;

import org.jspecify.annotations.NullMarked;
