package io.infersight.drift;

import java.util.Random;

/** Random samples for tests, seeded for reproducibility. */
final class Samples {
  private Samples() {}

  static double[] normal(Random rnd, int n, double mean, double std) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = mean + std * rnd.nextGaussian();
    }
    return v;
  }

  static double[] lognormal(Random rnd, int n, double mu, double sigma) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = Math.exp(mu + sigma * rnd.nextGaussian());
    }
    return v;
  }

  static double[] bimodal(Random rnd, int n, double shift) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = (rnd.nextBoolean() ? -3 : 3) + shift + 0.7 * rnd.nextGaussian();
    }
    return v;
  }

  /** Integers 0..5 with most mass on 0 (heavy ties), optionally skewed upwards. */
  static double[] ties(Random rnd, int n, double skew) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      double u = Math.pow(rnd.nextDouble(), 3 - skew);
      v[i] = Math.floor(u * 6);
    }
    return v;
  }

  static String[] categories(Random rnd, int n, String[] names, double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    String[] out = new String[n];
    for (int i = 0; i < n; i++) {
      double u = rnd.nextDouble() * total;
      int k = 0;
      while (k < weights.length - 1 && u >= weights[k]) {
        u -= weights[k];
        k++;
      }
      out[i] = names[k];
    }
    return out;
  }
}
