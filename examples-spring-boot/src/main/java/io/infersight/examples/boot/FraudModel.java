package io.infersight.examples.boot;

import org.springframework.stereotype.Component;

/** A small logistic model over the transaction and the user's features. */
@Component
public class FraudModel {
  public double score(double[] x) {
    double z = -4 + 0.004 * x[0] + 0.25 * x[1] + 3 * x[2] - 0.0005 * x[3];
    return 1 / (1 + Math.exp(-z));
  }
}
