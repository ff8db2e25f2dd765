package io.infersight.tracing;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infersight.core.SelfMetricNames;
import io.infersight.core.Inference;
import io.infersight.core.InferenceObserver;
import io.infersight.core.Stage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@SuppressWarnings("try") // scopes opened for their effect
class TracingListenerTest {
  private final TracingFixture fx = new TracingFixture();
  private final TracingListener listener = fx.listener(1.0);
  private final InferenceObserver observer = fx.observer(listener);

  @AfterEach
  void tearDown() {
    observer.close();
    fx.close();
  }

  private Inference fourStages(InferenceObserver obs) {
    Inference inf;
    try (Inference i = obs.start("req-1")) {
      inf = i;
      i.stage(Stage.PREPROCESS, () -> fx.clock.advanceMillis(2));
      i.stage(Stage.FEATURES, () -> fx.clock.advanceMillis(5));
      i.cacheHit(false).featureAgeMillis(6 * 3_600_000L);
      i.stage(Stage.FORWARD, () -> fx.clock.advanceMillis(7));
      i.scores(0.2, 0.91, 0.4).batchSize(3);
      i.stage(Stage.POSTPROCESS, () -> fx.clock.advanceMillis(1));
    }
    return inf;
  }

  @Test
  void emitsRootAndOneChildPerStageWithDesignNames() {
    fourStages(observer);

    SpanData root = fx.span(InferenceSpans.ROOT_SPAN_NAME);
    assertThat(fx.spans()).extracting(SpanData::getName).containsExactlyInAnyOrder(
        "ml.inference", "ml.preprocess", "feature_store.get", "model.forward", "ml.postprocess");
    for (Stage stage : new Stage[] {Stage.PREPROCESS, Stage.FEATURES, Stage.FORWARD, Stage.POSTPROCESS}) {
      assertThat(fx.span(stage.spanName()))
          .hasParent(root)
          .hasKind(SpanKind.INTERNAL)
          .hasAttribute(InferenceSpans.STAGE, stage.label());
    }
    assertThat(root).hasNoParent().hasInstrumentationScopeInfo(
        io.opentelemetry.sdk.common.InstrumentationScopeInfo.builder(InferenceSpans.INSTRUMENTATION_SCOPE)
            .setVersion(InfersightTracing.VERSION).build());
  }

  @Test
  void theQueueWaitIsAChildSpanThatEndsWhereTheRootStarts() {
    long enqueuedAt = observer.enqueued();
    fx.clock.advanceMillis(15);
    observer.dequeued();
    try (Inference inf = observer.start("req-q", enqueuedAt)) {
      inf.stage(Stage.FORWARD, () -> fx.clock.advanceMillis(4));
    }

    SpanData root = fx.span(InferenceSpans.ROOT_SPAN_NAME);
    SpanData queue = fx.span("ml.queue");
    assertThat(queue).hasParent(root).hasAttribute(InferenceSpans.STAGE, "queue");
    assertThat(queue.getEndEpochNanos()).isEqualTo(root.getStartEpochNanos());
    assertThat(queue.getEndEpochNanos() - queue.getStartEpochNanos()).isEqualTo(15_000_000L);
    assertThat(root.getEndEpochNanos() - root.getStartEpochNanos()).isEqualTo(4_000_000L);
  }

  @Test
  void rootCarriesModelCorrelationAndWhatTheRequestLearnt() {
    fourStages(observer);

    assertThat(fx.span("ml.inference"))
        .hasAttribute(InferenceSpans.MODEL_NAME, TracingFixture.MODEL)
        .hasAttribute(InferenceSpans.MODEL_VERSION, TracingFixture.VERSION)
        .hasAttribute(InferenceSpans.CORRELATION_ID, "req-1")
        .hasAttribute(InferenceSpans.BATCH_SIZE, 3L)
        .hasAttribute(InferenceSpans.CACHE_HIT, false)
        .hasAttribute(InferenceSpans.TOP_SCORE, 0.91)
        .hasStatus(io.opentelemetry.sdk.trace.data.StatusData.unset());
    assertThat(fx.span("feature_store.get"))
        .hasAttribute(InferenceSpans.CACHE_HIT, false)
        .hasAttribute(InferenceSpans.FEATURE_AGE_MS, 6 * 3_600_000.0);
    assertThat(fx.span("model.forward"))
        .hasAttribute(InferenceSpans.BATCH_SIZE, 3L)
        .hasAttribute(InferenceSpans.TOP_SCORE, 0.91);
  }

  @Test
  void stageSpansLieInsideTheirRootWithTheObserversTimings() {
    fourStages(observer);

    SpanData root = fx.span("ml.inference");
    long start = root.getStartEpochNanos();
    assertThat(root.getEndEpochNanos() - start).isEqualTo(15_000_000L);
    long[][] expected = {{0, 2}, {2, 7}, {7, 14}, {14, 15}};
    Stage[] stages = {Stage.PREPROCESS, Stage.FEATURES, Stage.FORWARD, Stage.POSTPROCESS};
    for (int i = 0; i < stages.length; i++) {
      SpanData s = fx.span(stages[i].spanName());
      assertThat(s.getStartEpochNanos() - start).isEqualTo(expected[i][0] * 1_000_000L);
      assertThat(s.getEndEpochNanos() - start).isEqualTo(expected[i][1] * 1_000_000L);
    }
  }

  @Test
  void subStagesBecomeGrandchildrenOfTheirStage() {
    try (Inference inf = observer.start()) {
      inf.stage(Stage.FEATURES, () -> {
        inf.stage(Stage.FEATURES, "user_profile", () -> {
          fx.clock.advanceMillis(3);
          return null;
        });
        inf.stage(Stage.FEATURES, "item_stats", () -> {
          fx.clock.advanceMillis(4);
          return null;
        });
      });
    }

    SpanData stage = fx.span("feature_store.get");
    assertThat(fx.span("user_profile")).hasParent(stage)
        .hasAttribute(InferenceSpans.SUB_STAGE, "user_profile")
        .hasAttribute(InferenceSpans.STAGE, "features");
    assertThat(fx.span("item_stats")).hasParent(stage);
    assertThat(fx.span("item_stats").getStartEpochNanos()).isEqualTo(fx.span("user_profile").getEndEpochNanos());
    assertThat(stage).hasParent(fx.span("ml.inference"));
  }

  @Test
  void subStageOutsideItsStageHangsFromTheRoot() {
    try (Inference inf = observer.start()) {
      inf.stage(Stage.FORWARD, "warmup", () -> null);
    }

    assertThat(fx.span("warmup")).hasParent(fx.span("ml.inference"));
  }

  @Test
  void failedStageRecordsTheExceptionAndMarksStageAndRootAsErrors() {
    IllegalStateException boom = new IllegalStateException("model crashed");
    try (Inference inf = observer.start()) {
      inf.stage(Stage.PREPROCESS, () -> fx.clock.advanceMillis(1));
      inf.stage(Stage.FORWARD, () -> {
        throw boom;
      });
    } catch (IllegalStateException expected) {
      // the stage rethrows
    }

    SpanData forward = fx.span("model.forward");
    assertThat(forward).hasStatus(io.opentelemetry.sdk.trace.data.StatusData.create(StatusCode.ERROR,
        IllegalStateException.class.getName()));
    assertThat(forward).hasException(boom);
    SpanData root = fx.span("ml.inference");
    assertThat(root.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(root).hasAttribute(InferenceSpans.ERROR_TYPE, IllegalStateException.class.getName());
    assertThat(root.getEvents()).as("recorded once, on the stage that threw").isEmpty();
    assertThat(fx.span("ml.preprocess").getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
  }

  @Test
  void rejectedRequestRecordsItsReasonWithoutErrorStatusAndIsNotKeptAsAnError() {
    IllegalArgumentException invalid = new IllegalArgumentException("amount must be positive");
    for (double ratio : new double[] {1.0, 0.0}) {
      TracingListener l = fx.listener(ratio);
      InferenceObserver validating = InferenceObserver.builder().model(TracingFixture.MODEL, "1")
          .clock(fx.clock).rejectOn(IllegalArgumentException.class).addListener(l).build();
      try (Inference inf = validating.start("rejected-" + ratio)) {
        inf.stage(Stage.PREPROCESS, () -> {
          throw invalid;
        });
      } catch (IllegalArgumentException expected) {
        // the stage rethrows
      } finally {
        validating.close();
      }
    }

    // Only the head-sampled request exports: a rejected unsampled one is not kept after the fact.
    SpanData root = fx.span("ml.inference");
    assertThat(root).hasAttribute(InferenceSpans.CORRELATION_ID, "rejected-1.0")
        .hasAttribute(InferenceSpans.STATUS, InferenceSpans.STATUS_REJECTED);
    assertThat(root.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(root.getAttributes().get(InferenceSpans.ERROR_TYPE)).isNull();
    SpanData preprocess = fx.span("ml.preprocess");
    assertThat(preprocess).hasException(invalid);
    assertThat(preprocess.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
  }

  @Test
  void failureOutsideAnyStageIsRecordedOnTheRoot() {
    RuntimeException late = new RuntimeException("serialisation failed");
    try (Inference inf = observer.start()) {
      inf.stage(Stage.FORWARD, () -> fx.clock.advanceMillis(1));
      inf.fail(late);
    }

    assertThat(fx.span("ml.inference")).hasException(late);
    assertThat(fx.span("ml.inference").getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  @Test
  void handsTheTraceAndRootSpanIdsToCore() {
    Inference inf = fourStages(observer);

    SpanData root = fx.span("ml.inference");
    assertThat(inf.traceId()).isEqualTo(root.getTraceId());
    assertThat(inf.spanId()).isEqualTo(root.getSpanId());
    assertThat(inf.traceSampled()).isTrue();
  }

  @Test
  void rootIsAChildOfTheCurrentServerSpan() {
    Span server = fx.sdk.getTracer("http").spanBuilder("POST /predict").setSpanKind(SpanKind.SERVER).startSpan();
    try (Scope ignored = server.makeCurrent()) {
      fourStages(observer);
    } finally {
      server.end();
    }

    assertThat(fx.span("ml.inference")).hasParent(fx.span("POST /predict"));
  }

  @Test
  void rootContextIsCurrentDuringStagesAndRestoredAfterwards() {
    AtomicReference<String> seen = new AtomicReference<>();
    Span before = Span.current();
    try (Inference inf = observer.start()) {
      inf.stage(Stage.FEATURES, () -> seen.set(Span.current().getSpanContext().getSpanId()));
    }

    assertThat(seen.get()).isEqualTo(fx.span("ml.inference").getSpanId());
    assertThat(Span.current()).isSameAs(before);
  }

  @Test
  void wrappedExecutorCarriesTheRootContextToWorkersAndRemovesIt() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      ExecutorService wrapped = observer.wrap(pool);
      AtomicReference<String> inTask = new AtomicReference<>();
      try (Inference inf = observer.start()) {
        wrapped.submit(() -> inTask.set(Span.current().getSpanContext().getSpanId())).get(5, TimeUnit.SECONDS);
      }
      boolean leftOnWorker = pool.submit(() -> Span.current().getSpanContext().isValid()).get(5, TimeUnit.SECONDS);

      assertThat(inTask.get()).isEqualTo(fx.span("ml.inference").getSpanId());
      assertThat(leftOnWorker).as("context removed from the worker afterwards").isFalse();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void onlyOneTracingListenerPerObserver() {
    assertThatThrownBy(() -> fx.observer(fx.listener(1.0), fx.listener(1.0)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("only one TracingListener");
  }

  @Test
  void stagesBeyondMaxStageSpansAreDroppedAndCounted() {
    TracingListener small = InfersightTracing.listenerBuilder(fx.sdk).samplingRatio(1.0).maxStageSpans(4).build();
    try (InferenceObserver obs = fx.observer(small)) {
      try (Inference inf = obs.start()) {
        for (int i = 0; i < 6; i++) {
          inf.stage(Stage.FORWARD, () -> fx.clock.advanceMillis(1));
        }
      }

      assertThat(fx.spans()).filteredOn(s -> s.getName().equals("model.forward")).hasSize(4);
      assertThat(obs.selfMetrics().count(SelfMetricNames.SPANS_DROPPED, "reason", "too_many_stages"))
          .isEqualTo(2);
    }
  }

  @Test
  void aBuiltListenerKeepsTheSettingsOfItsBuildWhateverTheBuilderDoesLater() {
    TracingListenerBuilder builder = InfersightTracing.listenerBuilder(fx.sdk).samplingRatio(1.0).maxStageSpans(4);
    TracingListener built = builder.build();
    builder.samplingRatio(0.0).maxStageSpans(64).keepErrors(false);
    try (InferenceObserver obs = fx.observer(built)) {
      try (Inference inf = obs.start()) {
        for (int i = 0; i < 6; i++) {
          inf.stage(Stage.FORWARD, () -> fx.clock.advanceMillis(1));
        }
      }

      assertThat(fx.spans()).filteredOn(s -> s.getName().equals(InferenceSpans.ROOT_SPAN_NAME)).hasSize(1);
      assertThat(fx.spans()).filteredOn(s -> s.getName().equals("model.forward")).hasSize(4);
    }
  }

  @Test
  void builderRejectsSettingsOutOfRangeNamingThem() {
    assertThatThrownBy(() -> InfersightTracing.listenerBuilder(fx.sdk).samplingRatio(1.5))
        .hasMessageContaining("samplingRatio");
    assertThatThrownBy(() -> InfersightTracing.listenerBuilder(fx.sdk).samplingRatio(Double.NaN))
        .hasMessageContaining("samplingRatio");
    assertThatThrownBy(() -> InfersightTracing.listenerBuilder(fx.sdk).maxStageSpans(2))
        .hasMessageContaining("maxStageSpans");
    assertThatThrownBy(() -> InfersightTracing.listenerBuilder(fx.sdk).recorderPoolSize(0))
        .hasMessageContaining("recorderPoolSize");
    assertThatThrownBy(() -> InfersightTracing.listener(null)).hasMessageContaining("openTelemetry");
  }

  @Test
  void closingTheObserverLeavesTheAppsOwnSdkRunning() {
    observer.close();

    fx.sdk.getTracer("app").spanBuilder("after").startSpan().end();
    assertThat(fx.spans()).extracting(SpanData::getName).contains("after");
  }
}
