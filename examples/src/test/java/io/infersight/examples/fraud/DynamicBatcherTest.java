package io.infersight.examples.fraud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.infersight.core.InferenceObserver;
import io.infersight.core.Stage;
import io.infersight.metrics.InfersightMetrics;
import io.infersight.metrics.MeterNames;
import io.infersight.testing.RecordedInference;
import io.infersight.testing.RecordedStage;
import io.infersight.testing.RecordingListener;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The batch workload's batcher records every member's wait as its queue stage and counts the
 * waiting requests under {@code ml_inference_queued_requests}. A batch of three with a 10 s wait
 * runs only once its third member arrives, so the counts are exact.
 */
class DynamicBatcherTest {
  private static final Duration LONG_WAIT = Duration.ofSeconds(10);

  private final SyntheticData world = new SyntheticData(200, 42);
  private final FraudModel model = FraudModel.train(world.trainingSet(500, 7), 20, 0.5);
  private final RecordingListener recorded = RecordingListener.create();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final InferenceObserver observer = InferenceObserver.builder().model("fraud-detector", "2.1.0")
      .featureSchema(SyntheticData.FEATURES).addListener(recorded)
      .addListener(InfersightMetrics.listener(registry)).build();
  private final FeatureStore store = new FeatureStore(world, Clock.systemUTC(), 0);
  private final Faults faults = new Faults(store);
  private final DynamicBatcher batcher = new DynamicBatcher(observer, model, faults, 3, LONG_WAIT);
  private final FraudService service = new FraudService(observer, store, model, faults).batcher(batcher);
  private final ExecutorService requests = Executors.newFixedThreadPool(3);
  private final Random random = new Random(5);

  @AfterEach
  void stop() {
    batcher.close();
    requests.shutdownNow();
  }

  @Test
  void everyMemberRecordsItsWaitAsTheQueueStageAndTheGaugeCountsTheWaitingRequests() throws Exception {
    List<CompletableFuture<Decision>> decisions = new ArrayList<>();
    decisions.add(request("a"));
    decisions.add(request("b"));
    // Two of three: the batch waits for its third member (or 10 s), and both count as queued.
    await().atMost(Duration.ofSeconds(5)).until(() -> observer.queuedRequests() == 2);
    assertThat(queuedGauge()).isEqualTo(2.0);
    assertThat(recorded.batches()).isEmpty();

    decisions.add(request("c"));
    for (CompletableFuture<Decision> d : decisions) {
      d.get(5, TimeUnit.SECONDS);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> recorded.size() == 3);

    assertThat(observer.queuedRequests()).isZero();
    assertThat(queuedGauge()).isZero();
    assertThat(recorded.batches()).hasSize(1);
    assertThat(recorded.batches().get(0).memberCorrelationIds()).containsExactlyInAnyOrder("a", "b", "c");
    for (RecordedInference r : recorded.inferences()) {
      assertThat(r.stages()).extracting(RecordedStage::stage).containsExactly(Stage.PREPROCESS,
          Stage.FEATURES, Stage.QUEUE, Stage.FORWARD, Stage.POSTPROCESS);
      assertThat(r.executionSize()).isEqualTo(3);
    }
  }

  @Test
  void closingFailsTheWaitingRequestsAndEmptiesTheGauge() {
    CompletableFuture<Decision> waiting = request("d");
    await().atMost(Duration.ofSeconds(5)).until(() -> observer.queuedRequests() == 1);

    batcher.close();

    assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS)).cause()
        .isInstanceOf(IllegalStateException.class).hasMessage("batcher closed");
    assertThat(observer.queuedRequests()).isZero();
    assertThat(queuedGauge()).isZero();
    await().atMost(Duration.ofSeconds(5)).until(() -> recorded.size() == 1);
    assertThat(recorded.last().stages()).extracting(RecordedStage::stage).doesNotContain(Stage.QUEUE,
        Stage.FORWARD);
    assertThat(recorded.batches()).isEmpty();
  }

  private CompletableFuture<Decision> request(String correlationId) {
    Transaction tx = world.transaction(random);
    return CompletableFuture.supplyAsync(() -> service.predictBatched(correlationId, tx, batcher), requests);
  }

  private double queuedGauge() {
    return registry.get(MeterNames.QUEUED_REQUESTS).gauge().value();
  }
}
