package io.infersight.examples.boot;

import io.infersight.core.annotation.CorrelationId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /predict}: the correlation ID arrives already checked, from the X-Correlation-ID header. */
@RestController
public class FraudController {
  private static final Logger LOG = LoggerFactory.getLogger(FraudController.class);
  private final FraudService service;

  public FraudController(FraudService service) {
    this.service = service;
  }

  @PostMapping("/predict")
  public Decision predict(@CorrelationId String correlationId, @RequestBody Transaction tx) {
    Decision decision = service.predict(correlationId, tx);
    LOG.info("answered /predict");
    return decision;
  }
}
