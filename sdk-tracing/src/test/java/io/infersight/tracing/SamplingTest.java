package io.infersight.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersight.core.Inference;
import io.infersight.core.InferenceObserver;
import io.infersight.core.Stage;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Head sampling at ratio r, and every failed and slow request kept whatever r is. */
class SamplingTest {
  private static final double RATIO = 0.25;
  private static final int REQUESTS = 4_000;

  @Test
  void exportedFractionOfHealthyRequestsIsWithinABinomialBound() {
    try (TracingFixture fx = new TracingFixture(); InferenceObserver observer = fx.observer(fx.listener(RATIO))) {
      for (int i = 0; i < REQUESTS; i++) {
        try (Inference inf = observer.start()) {
          inf.stage(Stage.FORWARD, () -> fx.clock.advanceMillis(1));
        }
      }

      long traces = fx.spans().stream().filter(s -> s.getName().equals(InferenceSpans.ROOT_SPAN_NAME)).count();
      double mean = REQUESTS * RATIO;
      double sd = Math.sqrt(REQUESTS * RATIO * (1 - RATIO));
      // 5 standard deviations: a false failure about once in 1.7 million runs.
      assertThat((double) traces).isBetween(mean - 5 * sd, mean + 5 * sd);
    }
  }

  @Test
  void everyFailedAndEverySlowRequestIsExported() {
    try (TracingFixture fx = new TracingFixture(); InferenceObserver observer = fx.observer(fx.listener(RATIO))) {
      Set<String> failedOrSlow = new HashSet<>();
      for (int i = 0; i < 1_000; i++) {
        int kind = i % 4;
        try (Inference inf = observer.start("r" + i)) {
          inf.stage(Stage.FORWARD, () -> fx.clock.advanceMillis(kind == 1 ? 700 : 1));
          if (kind == 0) {
            inf.fail(new IllegalArgumentException("bad input"));
          }
        }
        if (kind <= 1) {
          failedOrSlow.add("r" + i);
        }
      }

      Set<String> exported = new HashSet<>();
      for (SpanData s : fx.spans()) {
        if (s.getName().equals(InferenceSpans.ROOT_SPAN_NAME)) {
          exported.add(s.getAttributes().get(InferenceSpans.CORRELATION_ID));
        }
      }
      assertThat(exported).containsAll(failedOrSlow);
      assertThat(failedOrSlow).hasSize(500);
    }
  }
}
