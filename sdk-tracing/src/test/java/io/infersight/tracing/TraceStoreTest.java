package io.infersight.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.api.trace.StatusCode;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceStoreTest {
  private static final long T0 = 1_750_000_000_000_000_000L;

  private static String traceId(int n) {
    return String.format("%032x", n + 1);
  }

  private static SpanData span(int trace, int span, int parent, String name, long startMs, long endMs,
      boolean error) {
    SpanContext parentContext = parent < 0 ? SpanContext.getInvalid()
        : SpanContext.create(traceId(trace), String.format("%016x", parent + 1), TraceFlags.getSampled(), TraceState.getDefault());
    return TestSpanData.builder()
        .setSpanContext(SpanContext.create(traceId(trace), String.format("%016x", span + 1),
            TraceFlags.getSampled(), TraceState.getDefault()))
        .setParentSpanContext(parentContext)
        .setName(name)
        .setKind(SpanKind.INTERNAL)
        .setStartEpochNanos(T0 + startMs * 1_000_000L)
        .setEndEpochNanos(T0 + endMs * 1_000_000L)
        .setAttributes(Attributes.of(InferenceSpans.MODEL_NAME, "m", InferenceSpans.BATCH_SIZE, 4L))
        .setStatus(error ? StatusData.create(StatusCode.ERROR, "java.lang.IllegalStateException") : StatusData.unset())
        .setHasEnded(true)
        .setTotalRecordedEvents(0)
        .setTotalRecordedLinks(0)
        .build();
  }

  private static SpanData root(int trace, long durationMs, boolean error) {
    return span(trace, 0, -1, "ml.inference", 0, durationMs, error);
  }

  @Test
  void groupsSpansByTraceAndExposesAPlainReadModel() {
    TraceStore store = TraceStore.create();
    store.export(List.of(span(1, 1, 0, "model.forward", 2, 9, false), root(1, 10, false)));

    StoredTrace t = store.trace(traceId(1));
    assertThat(t.spans()).extracting(StoredSpan::name).containsExactly("ml.inference", "model.forward");
    assertThat(t.rootName()).isEqualTo("ml.inference");
    assertThat(t.durationNanos()).isEqualTo(10_000_000L);
    assertThat(t.startEpochNanos()).isEqualTo(T0);
    assertThat(t.hasError()).isFalse();
    StoredSpan forward = t.spans().get(1);
    assertThat(forward.parentSpanId()).isEqualTo(t.root().spanId());
    assertThat(forward.traceId()).isEqualTo(traceId(1));
    assertThat(forward.kind()).isEqualTo("INTERNAL");
    assertThat(forward.durationNanos()).isEqualTo(7_000_000L);
    assertThat(forward.attributes()).containsEntry("ml.model_name", "m").containsEntry("ml.batch_size", 4L);
    assertThat(forward.status()).isEqualTo(StoredSpan.STATUS_UNSET);
    assertThat(t.root().parentSpanId()).isNull();
  }

  @Test
  void keepsOnlyTheLastNRecentTraces() {
    TraceStore store = TraceStore.builder().maxRecent(3).maxSlowest(0).maxErrors(0).build();
    for (int i = 0; i < 10; i++) {
      store.export(List.of(root(i, 5, false)));
    }

    assertThat(store.recent()).extracting(StoredTrace::traceId)
        .containsExactly(traceId(9), traceId(8), traceId(7));
    assertThat(store.size()).isEqualTo(3);
  }

  @Test
  void keepsTheSlowestNBeyondTheRecentWindow() {
    TraceStore store = TraceStore.builder().maxRecent(2).maxSlowest(2).maxErrors(0).build();
    store.export(List.of(root(0, 900, false)));
    store.export(List.of(root(1, 700, false)));
    for (int i = 2; i < 20; i++) {
      store.export(List.of(root(i, 5, false)));
    }

    assertThat(store.slowest()).extracting(StoredTrace::traceId).containsExactly(traceId(0), traceId(1));
    assertThat(store.size()).isEqualTo(4);
  }

  @Test
  void keepsEveryErrorUpToN() {
    TraceStore store = TraceStore.builder().maxRecent(1).maxSlowest(0).maxErrors(3).build();
    for (int i = 0; i < 30; i++) {
      store.export(List.of(root(i, 5, i % 5 == 0)));
    }

    assertThat(store.errors()).extracting(StoredTrace::traceId)
        .containsExactly(traceId(25), traceId(20), traceId(15));
    assertThat(store.errors()).allMatch(StoredTrace::hasError);
  }

  @Test
  void spansArrivingLaterJoinTheirTrace() {
    TraceStore store = TraceStore.create();
    store.export(List.of(span(3, 1, 0, "model.forward", 1, 2, false)));
    store.export(List.of(root(3, 4, false)));

    assertThat(store.trace(traceId(3)).spans()).hasSize(2);
    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void refusesSpansPastThePerTraceLimitAndCountsThem() {
    TraceStore store = TraceStore.builder().maxSpansPerTrace(2).build();
    store.export(List.of(root(1, 4, false), span(1, 1, 0, "a", 0, 1, false), span(1, 2, 0, "b", 1, 2, false)));

    assertThat(store.trace(traceId(1)).spans()).hasSize(2);
    assertThat(store.droppedSpans()).isEqualTo(1);
  }

  @Test
  void unknownTraceIsNullAndClearForgetsAll() {
    TraceStore store = TraceStore.create();
    store.export(List.of(root(1, 4, true)));
    assertThat(store.trace(traceId(2))).isNull();

    store.clear();
    assertThat(store.size()).isZero();
    assertThat(store.errors()).isEmpty();
  }

  @Test
  void refusesExportsAfterShutdown() {
    TraceStore store = TraceStore.create();
    store.shutdown();

    assertThat(store.export(List.of(root(1, 4, false))).isSuccess()).isFalse();
  }

  @Test
  void builderRejectsSizesOutOfRangeNamingThem() {
    assertThatThrownBy(() -> TraceStore.builder().maxRecent(-1)).hasMessageContaining("maxRecent");
    assertThatThrownBy(() -> TraceStore.builder().maxSlowest(100_001)).hasMessageContaining("maxSlowest");
    assertThatThrownBy(() -> TraceStore.builder().maxErrors(-5)).hasMessageContaining("maxErrors");
    assertThatThrownBy(() -> TraceStore.builder().maxSpansPerTrace(0)).hasMessageContaining("maxSpansPerTrace");
    assertThatThrownBy(() -> TraceStore.builder().maxRecent(0).maxSlowest(0).maxErrors(0).build())
        .hasMessageContaining("keep nothing");
  }
}
