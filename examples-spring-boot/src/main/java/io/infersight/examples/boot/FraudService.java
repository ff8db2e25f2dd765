package io.infersight.examples.boot;

import io.infersight.core.Inference;
import io.infersight.core.Stage;
import io.infersight.core.annotation.CorrelationId;
import io.infersight.core.annotation.ObservedInference;
import io.infersight.core.annotation.ObservedStage;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * A plain service class: {@link #predict} is one request, and the four stage methods it calls on
 * itself are timed. Nothing else is needed (no interface, no proxy to look up).
 */
@Service
public class FraudService {
  private static final Logger LOG = LoggerFactory.getLogger(FraudService.class);

  private final FeatureStore store;
  private final FraudModel model;
  private final double declineAt;

  public FraudService(FeatureStore store, FraudModel model, @Value("${fraud.decline-at:0.5}") double declineAt) {
    this.store = store;
    this.model = model;
    this.declineAt = declineAt;
  }

  @ObservedInference
  public Decision predict(@CorrelationId String correlationId, Transaction tx) {
    double[] x = preprocess(tx);
    Features f = features(tx);
    double score = forward(x, f);
    LOG.info("scored transaction of user {}", tx.userId());
    return postprocess(score, correlationId);
  }

  @ObservedStage(Stage.PREPROCESS)
  protected double[] preprocess(Transaction tx) {
    if (!(tx.amount() >= 0)) {
      throw new IllegalArgumentException("amount must be a non-negative number");
    }
    return new double[] {tx.amount(), 0, 0, 0};
  }

  @ObservedStage(Stage.FEATURES)
  protected Features features(Transaction tx) {
    Features f = store.lookup(tx.userId());
    Inference.current().cacheHit(f.fromCache()).featureAge(f.age());
    return f;
  }

  @ObservedStage(Stage.FORWARD)
  protected double forward(double[] x, Features f) {
    x[1] = f.txnCount24h();
    x[2] = f.foreignRate30d();
    x[3] = f.accountAgeDays();
    Inference.current().features(Map.of("amount", x[0], "txn_count_24h", x[1],
        "foreign_rate_30d", x[2], "account_age_days", x[3]));
    double score = model.score(x);
    Inference.current().scores(score).batchSize(1);
    return score;
  }

  @ObservedStage(Stage.POSTPROCESS)
  protected Decision postprocess(double score, String correlationId) {
    return new Decision(score >= declineAt, score, correlationId);
  }
}
