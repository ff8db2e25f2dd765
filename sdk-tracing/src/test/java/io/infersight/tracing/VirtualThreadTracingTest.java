package io.infersight.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersight.core.Inference;
import io.infersight.core.InferenceObserver;
import io.infersight.core.Stage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.infersight.testsupport.Required;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Sampled requests on virtual threads (JDK 21+; skipped on older JDKs, run by CI's JDK 25 pass):
 * far more requests in flight than pooled recorders, each virtual thread unmounted inside every
 * stage. Every request must still get its own complete span tree, see its own root as the current
 * span during its stages, and leave no context behind.
 */
class VirtualThreadTracingTest {

  @Test
  void everyRequestOnAVirtualThreadGetsItsOwnCompleteTreeWhenTheJdkHasThem() throws Exception {
    ExecutorService pool;
    Required.javaFeature(21, "virtual threads");
    try {
      pool = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    } catch (NoSuchMethodException e) {
      throw Required.missing("virtual threads need JDK 21+; this is " + Runtime.version());
    }
    int requests = 2_000;
    try (TracingFixture fx = new TracingFixture()) {
      // 8 pooled recorders for 2 000 requests in flight: most requests get an unpooled one.
      TracingListener listener = InfersightTracing.listenerBuilder(fx.sdk)
          .samplingRatio(1.0).recorderPoolSize(8).build();
      InferenceObserver observer = fx.observer(listener);
      Map<String, String> currentSpanInStages = new ConcurrentHashMap<>();
      LongAdder wrongCurrent = new LongAdder();
      LongAdder leftBehind = new LongAdder();
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int r = 0; r < requests; r++) {
        String id = "vt-" + r;
        done.add(pool.submit(() -> {
          go.await();
          try (Inference inf = observer.start(id)) {
            for (Stage stage : Stage.values()) {
              inf.stage(stage, () -> {
                Thread.yield(); // unmount; may resume on another carrier
                String spanId = Span.current().getSpanContext().getSpanId();
                if (!spanId.equals(inf.spanId())) {
                  wrongCurrent.increment();
                }
                currentSpanInStages.put(inf.traceId(), spanId);
              });
            }
          }
          if (Span.current().getSpanContext().isValid()) {
            leftBehind.increment();
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get(5, TimeUnit.MINUTES);
      }
      pool.shutdown();
      observer.close();

      assertThat(wrongCurrent.sum()).isZero();
      assertThat(leftBehind.sum()).isZero();
      List<String> expectedNames = new ArrayList<>();
      expectedNames.add(InferenceSpans.ROOT_SPAN_NAME);
      for (Stage stage : Stage.values()) {
        expectedNames.add(stage.spanName());
      }
      List<SpanData> spans = fx.spans();
      assertThat(spans).hasSize(requests * (Stage.values().length + 1)); // a span per stage, and the root
      Map<String, List<SpanData>> byTrace = spans.stream().collect(Collectors.groupingBy(SpanData::getTraceId));
      assertThat(byTrace).hasSize(requests);
      for (List<SpanData> tree : byTrace.values()) {
        SpanData root = tree.stream().filter(s -> s.getName().equals(InferenceSpans.ROOT_SPAN_NAME))
            .findFirst().orElseThrow();
        assertThat(tree).extracting(SpanData::getName).containsExactlyInAnyOrderElementsOf(expectedNames);
        assertThat(tree).filteredOn(s -> s != root)
            .allSatisfy(s -> assertThat(s.getParentSpanId()).isEqualTo(root.getSpanId()));
        assertThat(currentSpanInStages.get(root.getTraceId())).isEqualTo(root.getSpanId());
      }
      assertThat(spans.stream().map(s -> s.getAttributes().get(InferenceSpans.CORRELATION_ID))
          .filter(java.util.Objects::nonNull).distinct().count()).isEqualTo(requests);
    }
  }
}
