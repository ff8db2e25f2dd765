package io.infersight.metrics.internal;

import io.infersight.core.InferenceView;
import io.prometheus.metrics.tracer.common.SpanContext;
import org.jspecify.annotations.Nullable;

/**
 * A Prometheus {@link SpanContext} that reads the trace identity the tracing listener stored on the
 * {@link Inference} being recorded, so exemplars need no tracing library here. Internal.
 */
public final class InferenceSpanContext implements SpanContext {
  public static final InferenceSpanContext INSTANCE = new InferenceSpanContext();

  private InferenceSpanContext() {}

  @Override
  public @Nullable String getCurrentTraceId() {
    return ExemplarContext.inference().traceId();
  }

  @Override
  public @Nullable String getCurrentSpanId() {
    return ExemplarContext.inference().spanId();
  }

  @Override
  public boolean isCurrentSpanSampled() {
    InferenceView inf = ExemplarContext.inference();
    return inf.traceSampled() && inf.traceId() != null && inf.spanId() != null;
  }

  @Override
  public void markCurrentSpanAsExemplar() {
    // The span belongs to the tracing module; it keeps sampled spans anyway.
  }
}
