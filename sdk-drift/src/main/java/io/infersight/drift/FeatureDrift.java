package io.infersight.drift;

/**
 * One feature's row of a {@link DriftReport}: sample sizes and the drift statistics that apply to
 * its kind ({@code NaN} where a statistic does not apply or is undefined).
 *
 * <pre>{@code
 * for (FeatureDrift f : report.features()) {
 *   if (f.drifted()) System.out.println(f.name() + " psi=" + f.psi());
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class FeatureDrift {
  private final String name;
  private final FeatureKind kind;
  private final long nReference;
  private final long nCurrent;
  private final long missingCurrent;
  private final double[] values;
  private final boolean drifted;
  private final DriftHistogram histogram;

  FeatureDrift(String name, FeatureKind kind, long nReference, long nCurrent, long missingCurrent,
      double[] values, double psiThreshold, DriftHistogram histogram) {
    this.name = name;
    this.kind = kind;
    this.nReference = nReference;
    this.nCurrent = nCurrent;
    this.missingCurrent = missingCurrent;
    this.values = values;
    this.drifted = values[DriftMethod.PSI.ordinal()] >= psiThreshold;
    this.histogram = histogram;
  }

  public String name() {
    return name;
  }

  public FeatureKind kind() {
    return kind;
  }

  /** Reference values present. */
  public long nReference() {
    return nReference;
  }

  /** Current values present. */
  public long nCurrent() {
    return nCurrent;
  }

  /** Current values missing (empty or NaN). */
  public long missingCurrent() {
    return missingCurrent;
  }

  /** The value of {@code method}, or NaN when it does not apply to this feature's kind. */
  public double value(DriftMethod method) {
    return values[method.ordinal()];
  }

  public double psi() {
    return value(DriftMethod.PSI);
  }

  public double ks() {
    return value(DriftMethod.KS);
  }

  public double js() {
    return value(DriftMethod.JS);
  }

  public double wasserstein() {
    return value(DriftMethod.WASSERSTEIN);
  }

  public double wassersteinNorm() {
    return value(DriftMethod.WASSERSTEIN_NORM);
  }

  public double chi2P() {
    return value(DriftMethod.CHI2_P);
  }

  /** Whether PSI reached the report's threshold. */
  public boolean drifted() {
    return drifted;
  }

  /**
   * The reference and current counts in the bins PSI was computed from (decile bins for a
   * numeric feature, categories for a categorical one).
   */
  public DriftHistogram histogram() {
    return histogram;
  }

  @Override
  public String toString() {
    return "FeatureDrift{" + name + ", psi=" + psi() + ", drifted=" + drifted + "}";
  }
}
