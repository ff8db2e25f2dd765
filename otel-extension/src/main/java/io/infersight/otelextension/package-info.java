/**
 * Infersight inside the OpenTelemetry Java agent: {@link
 * io.infersight.otelextension.InfersightAgentCustomizer}.
 */
@NullMarked
package io.infersight.otelextension;

import org.jspecify.annotations.NullMarked;
