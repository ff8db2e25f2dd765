package io.infersight.examples.fraud;

import io.infersight.core.Inference;
import io.infersight.core.InferenceObserver;
import io.infersight.core.InferencePipeline;
import io.infersight.core.Stage;
import io.infersight.core.annotation.CorrelationId;
import io.infersight.core.annotation.ObservedInference;
import io.infersight.core.annotation.ObservedStage;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The fraud-scoring service, instrumented in all three styles so users can copy whichever fits:
 * {@link #predictScope} (scope), {@link #predictPipeline} (one call) and {@link #predictAnnotated}
 * (an annotated interface behind a JDK proxy). All three feed the same metrics, logs and traces.
 */
public final class FraudService {
  /** Scores at or above this are declined. */
  static final double DECLINE_AT = 0.5;
  /** What {@link #validate} throws for a bad transaction: the server answers it with a 400. */
  public static final Class<IllegalArgumentException> INVALID_INPUT = IllegalArgumentException.class;
  /** Scores at or above this are sent to review. */
  static final double REVIEW_AT = 0.2;

  private final InferenceObserver observer;
  private final FeatureStore store;
  private final FraudModel model;
  private final Faults faults;
  private final String modelVersion;
  private final InferencePipeline<Transaction, Decision> pipeline;
  private final Predictor annotated;
  /** The batch workload's batcher: when set, every request's forward pass goes through it. */
  private DynamicBatcher batcher;

  public FraudService(InferenceObserver observer, FeatureStore store, FraudModel model, Faults faults) {
    this.observer = Objects.requireNonNull(observer);
    this.store = store;
    this.model = model;
    this.faults = faults;
    this.modelVersion = observer.model().version();
    this.pipeline = InferencePipeline.<Transaction>builder()
        .preprocess(FraudService::validate)
        .features(this::lookup)
        .forward(this::forward)
        .postprocess(this::decide)
        .build();
    this.annotated = observer.instrument(Predictor.class, new PredictorImpl());
  }

  /** Sends every forward pass through {@code batcher} (null: one pass per request). Returns this. */
  FraudService batcher(DynamicBatcher batcher) {
    this.batcher = batcher;
    return this;
  }

  /** The batcher every request goes through, or null. */
  DynamicBatcher batcher() {
    return batcher;
  }

  // ---- scope style ------------------------------------------------------------------------

  /** Scores {@code tx} with an explicit {@link Inference} scope. */
  public Decision predictScope(String correlationId, Transaction tx) {
    try (Inference inf = observer.start(correlationId)) {
      Transaction valid = inf.stage(Stage.PREPROCESS, () -> validate(tx));
      FeatureStore.Lookup found = inf.stage(Stage.FEATURES, () -> store.get(valid.userId()));
      double[] x = SyntheticData.features(valid, found.profile());
      inf.cacheHit(found.fromCache()).featureAge(found.age()).features(x);
      double score = inf.stage(Stage.FORWARD, () -> {
        faults.beforeForward();
        return model.score(x);
      });
      inf.scores(score).batchSize(1);
      return inf.stage(Stage.POSTPROCESS, () -> decision(inf.correlationId(), score));
    }
  }

  // ---- batched (the batch workload) --------------------------------------------------------

  /**
   * Scores {@code tx} with its forward pass run by {@code batcher} together with the other
   * requests that queued up: this thread waits while the batcher runs the batch.
   */
  public Decision predictBatched(String correlationId, Transaction tx, DynamicBatcher batcher) {
    try (Inference inf = observer.start(correlationId)) {
      Transaction valid = inf.stage(Stage.PREPROCESS, () -> validate(tx));
      FeatureStore.Lookup found = inf.stage(Stage.FEATURES, () -> store.get(valid.userId()));
      double[] x = SyntheticData.features(valid, found.profile());
      inf.cacheHit(found.fromCache()).featureAge(found.age()).features(x);
      double score;
      try {
        score = batcher.score(inf, x).join();
      } catch (java.util.concurrent.CompletionException e) {
        // The batch already recorded the failure on this request; the caller answers it.
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
      inf.scores(score);
      return inf.stage(Stage.POSTPROCESS, () -> decision(inf.correlationId(), score));
    }
  }

  // ---- one-call style ---------------------------------------------------------------------

  /** Scores {@code tx} through the one-call pipeline. */
  public Decision predictPipeline(String correlationId, Transaction tx) {
    return observer.run(pipeline, tx, correlationId);
  }

  private Scored lookup(Transaction tx, Inference inf) {
    FeatureStore.Lookup found = store.get(tx.userId());
    double[] x = SyntheticData.features(tx, found.profile());
    inf.cacheHit(found.fromCache()).featureAge(found.age()).features(x);
    return new Scored(x, 0);
  }

  private Scored forward(Scored in, Inference inf) {
    faults.beforeForward();
    double score = model.score(in.features());
    inf.scores(score).batchSize(1);
    return new Scored(in.features(), score);
  }

  private Decision decide(Scored s, Inference inf) {
    return decision(inf.correlationId(), s.score());
  }

  private record Scored(double[] features, double score) {}

  // ---- annotation style -------------------------------------------------------------------

  /** Scores {@code tx} through the annotated, proxied {@link Predictor}. */
  public Decision predictAnnotated(String correlationId, Transaction tx) {
    return annotated.predict(correlationId, tx);
  }

  /** The annotated interface: the proxy opens the inference and times each stage method. */
  public interface Predictor {
    @ObservedInference
    default Decision predict(@CorrelationId String correlationId, Transaction tx) {
      Transaction valid = preprocess(tx);
      double[] x = features(valid);
      return postprocess(forward(x));
    }

    @ObservedStage(Stage.PREPROCESS)
    Transaction preprocess(Transaction tx);

    @ObservedStage(Stage.FEATURES)
    double[] features(Transaction tx);

    @ObservedStage(Stage.FORWARD)
    double forward(double[] x);

    @ObservedStage(Stage.POSTPROCESS)
    Decision postprocess(double score);
  }

  private final class PredictorImpl implements Predictor {
    @Override
    public Transaction preprocess(Transaction tx) {
      return validate(tx);
    }

    @Override
    public double[] features(Transaction tx) {
      FeatureStore.Lookup found = store.get(tx.userId());
      double[] x = SyntheticData.features(tx, found.profile());
      Inference.current().cacheHit(found.fromCache()).featureAge(found.age()).features(x);
      return x;
    }

    @Override
    public double forward(double[] x) {
      faults.beforeForward();
      double score = model.score(x);
      Inference.current().scores(score).batchSize(1);
      return score;
    }

    @Override
    public Decision postprocess(double score) {
      return decision(Inference.current().correlationId(), score);
    }
  }

  // ---- shared steps -----------------------------------------------------------------------

  static Transaction validate(Transaction tx) {
    if (tx == null || tx.userId() == null || tx.userId().isBlank()) {
      throw new IllegalArgumentException("userId is required");
    }
    if (!(tx.amount() > 0) || tx.amount() > 1_000_000) {
      throw new IllegalArgumentException("amount must be in (0, 1000000]");
    }
    if (tx.hour() < 0 || tx.hour() > 23) {
      throw new IllegalArgumentException("hour must be 0-23");
    }
    // A little real work: normalising input costs something in a real service too.
    LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(100 + ThreadLocalRandom.current().nextInt(200)));
    return tx;
  }

  private Decision decision(String correlationId, double score) {
    String d = score >= DECLINE_AT ? "decline" : score >= REVIEW_AT ? "review" : "approve";
    return new Decision(correlationId, score, d, modelVersion);
  }
}
