package io.infersight.tracing;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.infersight.core.SelfMetricNames;
import io.infersight.core.Inference;
import io.infersight.core.InferenceView;
import io.infersight.core.InferenceObserver;
import io.infersight.core.Stage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Requests that head sampling dropped: nothing while they run, the whole tree if they fail or are slow. */
@SuppressWarnings("try") // scopes opened for their effect
class AfterTheFactTest {
  private static final String PARENT_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String PARENT_SPAN = "00f067aa0ba902b7";

  private final TracingFixture fx = new TracingFixture();
  private final InferenceObserver observer = fx.observer(fx.listener(0.0));

  @AfterEach
  void tearDown() {
    observer.close();
    fx.close();
  }

  private void request(long forwardMillis, RuntimeException forwardError) {
    try (Inference inf = observer.start("req-7")) {
      inf.stage(Stage.PREPROCESS, () -> fx.clock.advanceMillis(1));
      inf.stage(Stage.FEATURES, () -> {
        inf.stage(Stage.FEATURES, "user_profile", () -> {
          fx.clock.advanceMillis(2);
          return null;
        });
      });
      inf.cacheHit(true);
      inf.stage(Stage.FORWARD, () -> {
        fx.clock.advanceMillis(forwardMillis);
        if (forwardError != null) {
          throw forwardError;
        }
      });
      inf.scores(0.3).batchSize(1);
      inf.stage(Stage.POSTPROCESS, () -> fx.clock.advanceMillis(1));
      if (forwardError != null) {
        throw new AssertionError("the forward stage did not rethrow " + forwardError);
      }
    } catch (RuntimeException e) {
      // Only the planned forward error, rethrown by the stage as the same instance.
      if (e != forwardError) {
        throw e;
      }
    }
  }

  @Test
  void healthyUnsampledRequestExportsNothingAndMakesNoContextCurrent() {
    AtomicBoolean spanDuringStage = new AtomicBoolean(true);
    Inference inf;
    try (Inference i = observer.start()) {
      inf = i;
      i.stage(Stage.FORWARD, () -> spanDuringStage.set(Span.current().getSpanContext().isValid()));
    }

    assertThat(fx.spans()).isEmpty();
    assertThat(spanDuringStage).isFalse();
    assertThat(inf.traceId()).isNull();
  }

  @Test
  void failedUnsampledRequestIsEmittedWholeAfterItEnds() {
    IllegalStateException boom = new IllegalStateException("nan in logits");
    request(3, boom);

    assertThat(fx.spans()).extracting(SpanData::getName).containsExactlyInAnyOrder("ml.inference",
        "ml.preprocess", "feature_store.get", "user_profile", "model.forward");
    SpanData root = fx.span("ml.inference");
    for (SpanData s : fx.spans()) {
      assertThat(s).hasAttribute(InferenceSpans.KEPT_AFTER_THE_FACT, InferenceSpans.KEPT_ERROR);
      assertThat(s.getTraceId()).isEqualTo(root.getTraceId());
    }
    assertThat(fx.span("user_profile")).hasParent(fx.span("feature_store.get"));
    assertThat(fx.span("model.forward")).hasParent(root).hasException(boom);
    assertThat(root.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(root).hasAttribute(InferenceSpans.CORRELATION_ID, "req-7")
        .hasAttribute(InferenceSpans.CACHE_HIT, true);
    assertThat(observer.selfMetrics().count(SelfMetricNames.TRACES_KEPT, "reason", "error")).isEqualTo(1);
  }

  @Test
  void keptTreeHasTheTimingsCoreRecorded() {
    request(3, new IllegalStateException());

    SpanData root = fx.span("ml.inference");
    long t0 = root.getStartEpochNanos();
    assertThat(t0).isEqualTo(FakeClock.EPOCH_BASE + 1_000);
    assertThat(root.getEndEpochNanos() - t0).isEqualTo(6_000_000L);
    assertThat(fx.span("feature_store.get").getStartEpochNanos() - t0).isEqualTo(1_000_000L);
    assertThat(fx.span("user_profile").getEndEpochNanos() - t0).isEqualTo(3_000_000L);
    assertThat(fx.span("model.forward").getEndEpochNanos() - t0).isEqualTo(6_000_000L);
  }

  @Test
  void slowUnsampledRequestIsKeptAndFlaggedSlow() {
    request(600, null);

    SpanData root = fx.span("ml.inference");
    assertThat(root).hasAttribute(InferenceSpans.KEPT_AFTER_THE_FACT, InferenceSpans.KEPT_SLOW);
    assertThat(root.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(fx.spans()).hasSize(6);
    assertThat(observer.selfMetrics().count(SelfMetricNames.TRACES_KEPT, "reason", "slow")).isEqualTo(1);
  }

  @Test
  void keptRequestHandsItsIdsToCoreBeforeLaterListenersEnd() {
    AtomicBoolean idSeenAtEnd = new AtomicBoolean();
    io.infersight.core.InferenceListener logging = new io.infersight.core.InferenceListener() {
      @Override
      public void onEnd(InferenceView inf) {
        idSeenAtEnd.set(inf.traceId() != null);
      }
    };
    try (InferenceObserver obs = fx.observer(fx.listener(0.0), logging)) {
      try (Inference inf = obs.start()) {
        inf.fail(new RuntimeException());
      }
    }

    assertThat(idSeenAtEnd).isTrue();
  }

  @Test
  void keepErrorsAndKeepSlowCanBeTurnedOff() {
    TracingListener strict = InfersightTracing.listenerBuilder(fx.sdk).samplingRatio(0.0)
        .keepErrors(false).keepSlow(false).build();
    try (InferenceObserver obs = fx.observer(strict)) {
      try (Inference inf = obs.start()) {
        inf.stage(Stage.FORWARD, () -> fx.clock.advanceMillis(900));
        inf.fail(new RuntimeException());
      }
    }

    assertThat(fx.spans()).isEmpty();
  }

  @Test
  void unsampledParentIsFollowedAndTheKeptTreeJoinsItsTrace() {
    Context parent = Context.root().with(Span.wrap(SpanContext.createFromRemoteParent(
        PARENT_TRACE, PARENT_SPAN, TraceFlags.getDefault(), TraceState.getDefault())));
    try (InferenceObserver obs = fx.observer(fx.listener(1.0)); Scope ignored = parent.makeCurrent()) {
      try (Inference inf = obs.start()) {
        inf.stage(Stage.FORWARD, () -> fx.clock.advanceMillis(1));
      }
      assertThat(fx.spans()).as("parent not sampled: no live trace despite ratio 1").isEmpty();

      try (Inference inf = obs.start()) {
        inf.fail(new RuntimeException());
      }
    }

    SpanData root = fx.span("ml.inference");
    assertThat(root.getTraceId()).isEqualTo(PARENT_TRACE);
    assertThat(root.getParentSpanId()).isEqualTo(PARENT_SPAN);
  }

  @Test
  void sampledParentIsFollowedAtRatioZero() {
    Context parent = Context.root().with(Span.wrap(SpanContext.createFromRemoteParent(
        PARENT_TRACE, PARENT_SPAN, TraceFlags.getSampled(), TraceState.getDefault())));
    try (Scope ignored = parent.makeCurrent()) {
      try (Inference inf = observer.start()) {
        inf.stage(Stage.FORWARD, () -> fx.clock.advanceMillis(1));
      }
    }

    assertThat(fx.span("ml.inference").getTraceId()).isEqualTo(PARENT_TRACE);
    assertThat(fx.span("ml.inference").getAttributes().get(InferenceSpans.KEPT_AFTER_THE_FACT)).isNull();
  }

  @Test
  void samplerThatIsNotInfersightAwareRefusesKeptTreesUnderUnsampledParentAndItIsCounted() {
    try (TracingFixture plain = new TracingFixture(Sampler.parentBased(Sampler.alwaysOn()))) {
      Context parent = Context.root().with(Span.wrap(SpanContext.createFromRemoteParent(
          PARENT_TRACE, PARENT_SPAN, TraceFlags.getDefault(), TraceState.getDefault())));
      try (InferenceObserver obs = plain.observer(plain.listener(0.0)); Scope ignored = parent.makeCurrent()) {
        try (Inference inf = obs.start()) {
          inf.stage(Stage.FORWARD, () -> plain.clock.advanceMillis(1));
          inf.fail(new RuntimeException());
        }
        assertThat(plain.spans()).isEmpty();
        assertThat(obs.selfMetrics().count(SelfMetricNames.SPANS_DROPPED, "reason", "sampler_refused"))
            .isEqualTo(2);
      }
    }
  }

  @Test
  void consecutiveRequestsNeverShareRecordedStages() {
    for (int i = 0; i < 100; i++) {
      request(1, i % 10 == 0 ? new IllegalStateException() : null);
    }

    assertThat(fx.spans()).as("10 failed trees of 5 spans (postprocess never ran)").hasSize(10 * 5);
    assertThat(fx.spans().stream().map(SpanData::getTraceId).distinct()).hasSize(10);
  }
}
