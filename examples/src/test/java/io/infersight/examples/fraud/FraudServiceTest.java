package io.infersight.examples.fraud;

import static io.infersight.testing.InfersightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infersight.core.InferenceObserver;
import io.infersight.core.Stage;
import io.infersight.testing.RecordedInference;
import io.infersight.testing.RecordingListener;
import java.time.Clock;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The demo service records the same request shape in all three instrumentation styles. */
class FraudServiceTest {
  private final SyntheticData world = new SyntheticData(200, 42);
  private final FraudModel model = FraudModel.train(world.trainingSet(2_000, 7), 100, 0.5);
  private final RecordingListener recorded = RecordingListener.create();
  private final InferenceObserver observer = InferenceObserver.builder().model("fraud-detector", "2.1.0")
      .featureSchema(SyntheticData.FEATURES).rejectOn(FraudService.INVALID_INPUT).addListener(recorded).build();
  // No random invalidations: the three styles must read the same cached features for one user.
  private final FeatureStore store = new FeatureStore(world, Clock.systemUTC(), 0);
  private final Faults faults = new Faults(store);
  private final FraudService service = new FraudService(observer, store, model, faults);
  private final Transaction tx = world.transaction(new Random(1));

  @Test
  void everyStyleRecordsFourStagesCacheHitScoreAndCorrelationId() {
    Decision a = service.predictScope("scope-1", tx);
    Decision b = service.predictPipeline("pipeline-1", tx);
    Decision c = service.predictAnnotated("annotated-1", tx);
    assertThat(a.score()).isEqualTo(b.score()).isEqualTo(c.score());
    assertThat(recorded.inferences()).hasSize(3);
    for (RecordedInference r : recorded.inferences()) {
      assertThat(r).hasStage(Stage.PREPROCESS).hasStage(Stage.FEATURES).hasStage(Stage.FORWARD)
          .hasStage(Stage.POSTPROCESS).hasBatchSize(1).succeeded();
      assertThat(r.scores()).hasSize(1);
      assertThat(r.correlationId()).endsWith("-1");
    }
    // The cache is filled at start and nothing invalidates it here: all three styles record a hit.
    assertThat(recorded.inferences()).extracting(RecordedInference::cacheHit).containsExactly(true, true, true);
    assertThat(recorded.inferences()).extracting(RecordedInference::scores)
        .allSatisfy(s -> assertThat(s).containsExactly(a.score()));
  }

  @Test
  void everyStyleRecordsTheMissOfAStoreThatInvalidatesEveryEntry() {
    // churn 1: every lookup finds its entry just invalidated, so each style must record a miss.
    RecordingListener misses = RecordingListener.create();
    InferenceObserver o = InferenceObserver.builder().model("fraud-detector", "2.1.0")
        .featureSchema(SyntheticData.FEATURES).addListener(misses).build();
    FeatureStore invalidating = new FeatureStore(world, Clock.systemUTC(), 1.0);
    FraudService s = new FraudService(o, invalidating, model, new Faults(invalidating));
    s.predictScope("scope-2", tx);
    s.predictPipeline("pipeline-2", tx);
    s.predictAnnotated("annotated-2", tx);
    assertThat(misses.inferences()).extracting(RecordedInference::cacheHit).containsExactly(false, false, false);
  }

  @Test
  void theCacheOutageServesHoursOldFeaturesMostlyFromMisses() {
    faults.activate(Scenario.CACHE_OUTAGE);
    Random random = new Random(2);
    int misses = 0;
    for (int i = 0; i < 400; i++) {
      service.predictScope(null, world.transaction(random));
    }
    for (RecordedInference r : recorded.inferences()) {
      if (!r.cacheHit()) {
        misses++;
        assertThat(r.featureAgeNanos()).isGreaterThan(java.time.Duration.ofHours(5).toNanos());
      }
    }
    assertThat(misses).isGreaterThan(250);
  }

  @Test
  void modelFailuresFailTheRequestAndComeOutUnchanged() {
    faults.activate(Scenario.ERRORS);
    Random random = new Random(3);
    int failures = 0;
    for (int i = 0; i < 200; i++) {
      try {
        service.predictAnnotated(null, world.transaction(random));
      } catch (Faults.ModelUnavailableException e) {
        failures++;
      }
    }
    assertThat(failures).isPositive();
    assertThat(recorded.inferences().stream().filter(r -> r.error() != null).count()).isEqualTo(failures);
  }

  @Test
  void invalidTransactionsAreRejectedNotFailedInEveryStyle() {
    Transaction bad = new Transaction("u1", -5, "grocery", 10, true, false);
    assertThatThrownBy(() -> service.predictPipeline(null, bad)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("amount");
    assertThat(recorded.last()).wasRejectedWith(IllegalArgumentException.class).hasNoStage(Stage.FORWARD);
    assertThatThrownBy(() -> service.predictScope(null, bad)).isInstanceOf(IllegalArgumentException.class);
    assertThat(recorded.last()).wasRejectedWith(IllegalArgumentException.class);
    assertThatThrownBy(() -> service.predictAnnotated(null, bad)).isInstanceOf(IllegalArgumentException.class);
    assertThat(recorded.last()).wasRejectedWith(IllegalArgumentException.class);
  }

  @Test
  void theTrainedModelSeparatesFraudFromNormalPayments() {
    SyntheticData.TrainingSet holdout = world.trainingSet(2_000, 99);
    assertThat(model.accuracy(holdout, FraudService.DECLINE_AT)).isGreaterThan(0.9);
  }
}
