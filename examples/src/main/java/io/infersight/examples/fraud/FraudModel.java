package io.infersight.examples.fraud;

/**
 * Logistic regression trained by full-batch gradient descent on standardised features: small,
 * deterministic, and trained at start-up from {@link SyntheticData}, so nothing is downloaded.
 */
public final class FraudModel {
  private final double[] mean;
  private final double[] std;
  private final double[] weights;
  private double bias;

  private FraudModel(int d) {
    mean = new double[d];
    std = new double[d];
    weights = new double[d];
  }

  /** Trains on {@code data} for {@code epochs} passes with learning rate {@code lr}. */
  public static FraudModel train(SyntheticData.TrainingSet data, int epochs, double lr) {
    double[][] x = data.x();
    int n = x.length;
    int d = x[0].length;
    FraudModel m = new FraudModel(d);
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        m.mean[j] += row[j] / n;
      }
    }
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        m.std[j] += (row[j] - m.mean[j]) * (row[j] - m.mean[j]) / n;
      }
    }
    for (int j = 0; j < d; j++) {
      m.std[j] = Math.sqrt(m.std[j]) + 1e-9;
    }
    double[] grad = new double[d];
    for (int epoch = 0; epoch < epochs; epoch++) {
      java.util.Arrays.fill(grad, 0);
      double gradBias = 0;
      for (int i = 0; i < n; i++) {
        double err = m.score(x[i]) - data.y()[i];
        for (int j = 0; j < d; j++) {
          grad[j] += err * (x[i][j] - m.mean[j]) / m.std[j];
        }
        gradBias += err;
      }
      for (int j = 0; j < d; j++) {
        m.weights[j] -= lr * (grad[j] / n + 1e-4 * m.weights[j]);
      }
      m.bias -= lr * gradBias / n;
    }
    return m;
  }

  /** The fraud probability of one feature vector. */
  public double score(double[] features) {
    double z = bias;
    for (int j = 0; j < weights.length; j++) {
      z += weights[j] * (features[j] - mean[j]) / std[j];
    }
    return 1 / (1 + Math.exp(-z));
  }

  /** Accuracy-style check: share of rows where the thresholded score matches the label. */
  public double accuracy(SyntheticData.TrainingSet data, double threshold) {
    int ok = 0;
    for (int i = 0; i < data.x().length; i++) {
      boolean predicted = score(data.x()[i]) >= threshold;
      if (predicted == (data.y()[i] >= 0.5)) {
        ok++;
      }
    }
    return ok / (double) data.x().length;
  }
}
