package io.infersight.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import java.util.List;
import org.junit.jupiter.api.Test;

class InfersightSamplerTest {
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private final Sampler sampler = InfersightTracing.sampler(Sampler.parentBased(Sampler.alwaysOff()));
  private final Context unsampledParent = Context.root().with(Span.wrap(SpanContext.create(
      TRACE, "00f067aa0ba902b7", TraceFlags.getDefault(), TraceState.getDefault())));

  private SamplingDecision decide(Context parent, String name, Attributes attributes) {
    return sampler.shouldSample(parent, TRACE, name, SpanKind.INTERNAL, attributes, List.of()).getDecision();
  }

  @Test
  void keepsSpansFlaggedAfterTheFactEvenUnderAnUnsampledParent() {
    Attributes kept = Attributes.of(InferenceSpans.KEPT_AFTER_THE_FACT, InferenceSpans.KEPT_ERROR);
    assertThat(decide(unsampledParent, "model.forward", kept)).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
    assertThat(decide(Context.root(), "ml.inference", kept)).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
  }

  @Test
  void trustsTheListenersHeadDecisionForParentlessRoots() {
    assertThat(decide(Context.root(), InferenceSpans.ROOT_SPAN_NAME, Attributes.empty()))
        .isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
  }

  @Test
  void asksTheDelegateAboutEveryOtherSpan() {
    assertThat(decide(Context.root(), "GET /health", Attributes.empty())).isEqualTo(SamplingDecision.DROP);
    assertThat(decide(unsampledParent, InferenceSpans.ROOT_SPAN_NAME, Attributes.empty()))
        .isEqualTo(SamplingDecision.DROP);
    assertThat(sampler.getDescription()).startsWith("InfersightSampler{");
  }

  @Test
  void rejectsANullDelegate() {
    assertThatThrownBy(() -> InfersightSampler.create(null)).hasMessageContaining("delegate");
  }
}
