package io.infersight.examples.fraud;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A synthetic card-payment world with a fixed seed: users with their habits, payments drawn from
 * those habits, and a fraud label from a hidden rule with noise. The model is trained on it at
 * start-up; the traffic generator draws from the same world, so a healthy demo has no drift.
 */
public final class SyntheticData {
  /** Merchant categories, with a fraud-risk weight each. */
  public static final String[] MERCHANT_CATEGORIES = {
    "grocery", "fuel", "restaurant", "electronics", "travel", "gaming", "jewelry", "pharmacy"
  };
  static final double[] CATEGORY_RISK = {0.05, 0.1, 0.1, 0.6, 0.4, 0.7, 0.8, 0.05};

  /** Feature names in model order: the feature schema of the demo. */
  public static final String[] FEATURES = {
    "amount_ratio", "log_amount", "txn_count_24h", "account_age_days", "foreign", "foreign_rate_30d",
    "merchant_risk", "card_present", "night"
  };

  private final int users;
  private final double[] userAvgAmount;
  private final double[] userTxnRate;
  private final double[] userAccountAge;
  private final double[] userForeignRate;

  public SyntheticData(int users, long seed) {
    this.users = users;
    Random r = new Random(seed);
    userAvgAmount = new double[users];
    userTxnRate = new double[users];
    userAccountAge = new double[users];
    userForeignRate = new double[users];
    for (int u = 0; u < users; u++) {
      userAvgAmount[u] = Math.exp(3.2 + 0.8 * r.nextGaussian());
      userTxnRate[u] = 1 + r.nextInt(8);
      userAccountAge[u] = 30 + r.nextInt(3000);
      userForeignRate[u] = r.nextDouble() < 0.2 ? 0.3 * r.nextDouble() : 0.02 * r.nextDouble();
    }
  }

  public int users() {
    return users;
  }

  public static String userId(int u) {
    return "u" + u;
  }

  static int userIndex(String userId) {
    try {
      return Integer.parseInt(userId.substring(1));
    } catch (RuntimeException e) {
      return -1;
    }
  }

  /** The current aggregates of a user, as the backing store computes them. */
  public UserProfile profile(int u, Random r, long nowMillis) {
    double count = Math.max(0, userTxnRate[u] + r.nextGaussian());
    return new UserProfile(userAvgAmount[u] * (0.9 + 0.2 * r.nextDouble()), Math.rint(count),
        userAccountAge[u], userForeignRate[u], nowMillis);
  }

  /**
   * A user's aggregates from the nightly snapshot, {@code hoursOld} ago and computed by an older
   * job: averages over a smaller, cheaper window, yesterday's busy-day counts, no foreign history.
   * Every one of them makes a normal payment look riskier, so the model declines good payments.
   */
  public UserProfile staleProfile(int u, long nowMillis, double hoursOld) {
    return new UserProfile(userAvgAmount[u] * 0.35, userTxnRate[u] + 6, Math.max(1, userAccountAge[u] - 400),
        0.0, nowMillis - (long) (hoursOld * 3_600_000));
  }

  /** A payment: mostly in character for the user, sometimes fraud. */
  public Transaction transaction(Random r) {
    int u = r.nextInt(users);
    boolean fraud = r.nextDouble() < 0.03;
    double amount;
    int category;
    boolean foreign;
    boolean cardPresent;
    int hour;
    if (fraud) {
      amount = userAvgAmount[u] * (3 + 6 * r.nextDouble());
      category = r.nextDouble() < 0.7 ? 3 + r.nextInt(4) : r.nextInt(MERCHANT_CATEGORIES.length);
      foreign = r.nextDouble() < 0.6;
      cardPresent = r.nextDouble() < 0.15;
      hour = r.nextDouble() < 0.5 ? r.nextInt(6) : r.nextInt(24);
    } else {
      amount = userAvgAmount[u] * Math.exp(0.5 * r.nextGaussian());
      category = r.nextDouble() < 0.8 ? pickCommon(r) : r.nextInt(MERCHANT_CATEGORIES.length);
      foreign = r.nextDouble() < userForeignRate[u];
      cardPresent = r.nextDouble() < 0.7;
      hour = 7 + r.nextInt(16);
    }
    return new Transaction(userId(u), Math.round(amount * 100) / 100.0, MERCHANT_CATEGORIES[category],
        hour, cardPresent, foreign);
  }

  private static int pickCommon(Random r) {
    int[] common = {0, 1, 2, 7};
    return common[r.nextInt(common.length)];
  }

  /** Whether a transaction is fraud under the hidden rule (for labels). */
  static boolean label(Transaction t, UserProfile p, Random r) {
    double ratio = t.amount() / Math.max(1, p.avgAmount30d());
    double z = -4.5 + 1.1 * Math.log(ratio + 1e-3) + 2.0 * categoryRisk(t.merchantCategory())
        + (t.foreign() ? 1.2 - 3 * p.foreignRate30d() : 0) + (t.cardPresent() ? -1.0 : 0.6)
        + (t.hour() < 6 ? 0.8 : 0) + (p.accountAgeDays() < 90 ? 0.7 : 0)
        + 0.15 * p.txnCount24h();
    return r.nextDouble() < 1 / (1 + Math.exp(-z));
  }

  static double categoryRisk(String category) {
    for (int i = 0; i < MERCHANT_CATEGORIES.length; i++) {
      if (MERCHANT_CATEGORIES[i].equals(category)) {
        return CATEGORY_RISK[i];
      }
    }
    return 0.5;
  }

  /** The model's input vector, in {@link #FEATURES} order. */
  public static double[] features(Transaction t, UserProfile p) {
    return new double[] {
      t.amount() / Math.max(1, p.avgAmount30d()),
      Math.log1p(t.amount()),
      p.txnCount24h(),
      p.accountAgeDays(),
      t.foreign() ? 1 : 0,
      p.foreignRate30d(),
      categoryRisk(t.merchantCategory()),
      t.cardPresent() ? 1 : 0,
      t.hour() < 6 ? 1 : 0
    };
  }

  /** A labelled training set of {@code n} rows with current profiles. */
  public TrainingSet trainingSet(int n, long seed) {
    Random r = new Random(seed);
    List<double[]> x = new ArrayList<>(n);
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      Transaction t = transaction(r);
      UserProfile p = profile(userIndex(t.userId()), r, 0);
      x.add(features(t, p));
      y[i] = label(t, p, r) ? 1 : 0;
    }
    return new TrainingSet(x.toArray(new double[0][]), y);
  }

  /** Rows and labels. */
  public record TrainingSet(double[][] x, double[] y) {}
}
