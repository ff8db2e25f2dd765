package io.infersight.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersight.core.InferenceView;
import io.infersight.core.InferenceListener;
import io.infersight.core.InferenceObserver;
import io.infersight.core.SelfCounter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class SelfMetricsExportTest {
  private final PrometheusMeterRegistry registry = Registries.prometheus();

  static final class ThrowingListener implements InferenceListener {
    @Override
    public void onEnd(InferenceView inference) {
      throw new IllegalStateException("listener bug");
    }
  }

  @Test
  void exportsErrorsOfOtherListeners() {
    InferenceObserver observer = InferenceObserver.builder().model("fraud", "1")
        .addListener(new ThrowingListener()).addListener(InfersightMetrics.listener(registry)).build();
    observer.start().close();
    observer.start().close();
    assertThat(registry.scrape())
        .contains("infersight_listener_errors_total{listener=\"ThrowingListener\",model_name=\"fraud\"} 2.0")
        .contains("ml_inference_requests_total{model_name=\"fraud\",model_version=\"1\",status=\"success\"} 2.0");
  }

  @Test
  void exportsCountersThatOtherModulesCreateLater() {
    InferenceObserver observer = InferenceObserver.builder().model("fraud", "1")
        .addListener(InfersightMetrics.listener(registry)).build();
    SelfCounter dropped = observer.selfMetrics().counter("infersight.logs.dropped", "Log events dropped",
        "reason", "queue_full");
    dropped.add(3);
    SelfCounter spans = observer.selfMetrics().counter("infersight.spans.dropped", "");
    spans.increment();
    assertThat(registry.scrape())
        .contains("infersight_logs_dropped_total{model_name=\"fraud\",reason=\"queue_full\"} 3.0")
        .contains("infersight_spans_dropped_total{model_name=\"fraud\"} 1.0")
        .contains("infersight_correlation_rejected_total{model_name=\"fraud\"} 0.0");
  }

  @Test
  void skipsSelfCountersWhoseLabelKeyIsAnIdentifier() {
    InferenceObserver observer = InferenceObserver.builder().model("fraud", "1")
        .addListener(InfersightMetrics.listener(registry)).build();
    observer.selfMetrics().counter("infersight.bad", "bad", "user_id", "42").increment();
    assertThat(registry.find("infersight.bad").meters()).isEmpty();
  }

  @Test
  void boundsSelfCounterLabelValues() {
    InferenceObserver observer = InferenceObserver.builder().model("fraud", "1")
        .addListener(InfersightMetrics.listenerBuilder(registry).maxLabelValues(2).build()).build();
    for (int i = 0; i < 5; i++) {
      observer.selfMetrics().counter("infersight.test.errors", "test", "reason", "r" + i).increment();
    }
    assertThat(registry.find("infersight.test.errors").functionCounters()).hasSize(3);
    assertThat(registry.get("infersight.test.errors").tag("reason", "other").functionCounter().count())
        .isEqualTo(3);
  }
}
