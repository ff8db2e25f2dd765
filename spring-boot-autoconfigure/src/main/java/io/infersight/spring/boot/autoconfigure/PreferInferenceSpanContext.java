package io.infersight.spring.boot.autoconfigure;

import io.infersight.metrics.InfersightMetrics;
import io.prometheus.metrics.tracer.common.SpanContext;
import org.jspecify.annotations.Nullable;

/**
 * The application's (or Boot tracing's) exemplar span context, with the trace of the request being
 * recorded taking precedence: while an inference with a trace is recorded, its IDs are the
 * exemplar; otherwise the application's span context answers.
 */
final class PreferInferenceSpanContext implements SpanContext {
  private final SpanContext inference = InfersightMetrics.exemplarSpanContext();
  private final SpanContext other;

  PreferInferenceSpanContext(SpanContext other) {
    this.other = other;
  }

  private SpanContext pick() {
    return inference.getCurrentTraceId() != null ? inference : other;
  }

  @Override
  public @Nullable String getCurrentTraceId() {
    return pick().getCurrentTraceId();
  }

  @Override
  public @Nullable String getCurrentSpanId() {
    return pick().getCurrentSpanId();
  }

  @Override
  public boolean isCurrentSpanSampled() {
    return pick().isCurrentSpanSampled();
  }

  @Override
  public void markCurrentSpanAsExemplar() {
    pick().markCurrentSpanAsExemplar();
  }

  @Override
  public String toString() {
    return "PreferInferenceSpanContext(" + other + ")";
  }
}
