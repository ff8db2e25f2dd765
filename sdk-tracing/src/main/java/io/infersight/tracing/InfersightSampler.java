package io.infersight.tracing;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;
import java.util.Objects;

/**
 * A {@link Sampler} that lets through the spans whose fate the {@link TracingListener} already
 * decided, and asks its delegate about every other span:
 *
 * <ul>
 *   <li>spans carrying {@link InferenceSpans#KEPT_AFTER_THE_FACT} (a failed or slow request that
 *       head sampling dropped) are always sampled, even under an unsampled parent;
 *   <li>a root {@code ml.inference} span without a parent is sampled: the listener applied the
 *       head-sampling ratio before starting it, and sampling it again would square the ratio.
 * </ul>
 *
 * <pre>{@code
 * SdkTracerProvider.builder()
 *     .setSampler(InfersightTracing.sampler(Sampler.parentBased(Sampler.traceIdRatioBased(0.1))))
 *     ...
 * }</pre>
 *
 * @since 0.1.0
 */
public final class InfersightSampler implements Sampler {
  private final Sampler delegate;

  private InfersightSampler(Sampler delegate) {
    this.delegate = delegate;
  }

  /**
   * Wraps {@code delegate}, which decides every span that is not Infersight's. It runs no library
   * version check: the agent extension builds it inside the Java agent, whose SDK is the agent's
   * own and whose class loader holds only this class and {@link InferenceSpans}.
   */
  public static InfersightSampler create(Sampler delegate) {
    return new InfersightSampler(Objects.requireNonNull(delegate, "delegate"));
  }

  @Override
  public SamplingResult shouldSample(Context parentContext, String traceId, String name,
      SpanKind spanKind, Attributes attributes, List<LinkData> parentLinks) {
    if (attributes.get(InferenceSpans.KEPT_AFTER_THE_FACT) != null) {
      return SamplingResult.recordAndSample();
    }
    if (InferenceSpans.ROOT_SPAN_NAME.equals(name)
        && !Span.fromContext(parentContext).getSpanContext().isValid()) {
      return SamplingResult.recordAndSample();
    }
    return delegate.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
  }

  @Override
  public String getDescription() {
    return "InfersightSampler{" + delegate.getDescription() + "}";
  }

  @Override
  public String toString() {
    return getDescription();
  }
}
