package io.infersight.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersight.core.Inference;
import io.infersight.core.InferenceObserver;
import io.infersight.core.Stage;
import io.infersight.testing.FakeClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The QUEUE stage and the queued-requests gauge on both kinds of registry. */
class QueueMetricsTest {
  private final FakeClock clock = FakeClock.create();

  private InferenceObserver observer(MeterRegistry registry) {
    return InferenceObserver.builder().model("fraud", "2.1.0").clock(clock)
        .addListener(InfersightMetrics.listener(registry)).build();
  }

  /** One request that waited 20 ms in the queue and ran 3 ms, while two more wait. */
  private void serve(InferenceObserver obs) {
    long enqueuedAt = obs.enqueued();
    obs.enqueued();
    obs.enqueued();
    clock.advanceMillis(20);
    obs.dequeued();
    try (Inference inf = obs.start("tx-1", enqueuedAt)) {
      inf.stage(Stage.FORWARD, () -> clock.advanceMillis(3));
    }
  }

  @Test
  void aPrometheusScrapeShowsTheQueueStageAndTheQueuedCount() {
    PrometheusMeterRegistry prometheus = Registries.prometheus();
    serve(observer(prometheus));
    String text = prometheus.scrape();
    assertThat(text)
        .contains("ml_stage_duration_seconds_bucket{model_name=\"fraud\",stage=\"queue\",le=\"0.01\"} 0")
        .contains("ml_stage_duration_seconds_bucket{model_name=\"fraud\",stage=\"queue\",le=\"0.025\"} 1")
        .contains("ml_inference_duration_seconds_bucket{model_name=\"fraud\",model_version=\"2.1.0\",le=\"0.005\"} 1")
        .contains("ml_inference_queued_requests{model_name=\"fraud\"} 2")
        .contains("ml_inference_active_requests{model_name=\"fraud\"} 0");
  }

  @Test
  void otherRegistriesGetTheQueueTimerAndGaugeToo() {
    SimpleMeterRegistry simple = Registries.simple();
    InferenceObserver obs = observer(simple);
    serve(obs);
    assertThat(simple.get(MeterNames.STAGE_DURATION).tag("stage", "queue").timer()
        .totalTime(TimeUnit.MILLISECONDS)).isEqualTo(20.0);
    assertThat(simple.get(MeterNames.QUEUED_REQUESTS).tag("model_name", "fraud").gauge().value())
        .isEqualTo(2.0);
  }

  @Test
  void observersOfOneModelShareTheQueuedGauge() {
    SimpleMeterRegistry simple = Registries.simple();
    InferenceObserver a = observer(simple);
    InferenceObserver b = observer(simple);
    a.enqueued();
    b.enqueued();
    assertThat(simple.get(MeterNames.QUEUED_REQUESTS).tag("model_name", "fraud").gauge().value())
        .isEqualTo(2.0);
  }
}
