package io.infersight.drift;

/**
 * A drift statistic, as named in the {@code method} label of {@code ml.feature.drift} and in the
 * offline report. See {@code docs/drift.md} for exact definitions and streaming error bounds.
 *
 * <pre>{@code
 * InfersightDrift.listenerBuilder(profile, registry).threshold(DriftMethod.KS, 0.1, 0.2).build();
 * }</pre>
 *
 * @since 0.1.0
 */
public enum DriftMethod {
  /** Population stability index over 10 reference-decile bins (or categories). */
  PSI("psi", true, true),
  /** Two-sample Kolmogorov–Smirnov statistic. Numeric only. */
  KS("ks", true, false),
  /** Jensen–Shannon distance, base 2, over the PSI bins (or categories). */
  JS("js", true, true),
  /** Wasserstein-1 distance, in the feature's unit. Numeric only. */
  WASSERSTEIN("wasserstein", true, false),
  /** Wasserstein-1 divided by the reference's population standard deviation. Numeric only. */
  WASSERSTEIN_NORM("wasserstein_norm", true, false),
  /** p-value of the chi-square test of homogeneity; lower means more drift. Categorical only. */
  CHI2_P("chi2_p", false, true);

  private final String label;
  private final boolean numeric;
  private final boolean categorical;

  DriftMethod(String label, boolean numeric, boolean categorical) {
    this.label = label;
    this.numeric = numeric;
    this.categorical = categorical;
  }

  /** The label value, for example {@code wasserstein_norm}. */
  public String label() {
    return label;
  }

  /** Whether the method applies to features of this kind. */
  public boolean appliesTo(FeatureKind kind) {
    return kind == FeatureKind.NUMERIC ? numeric : categorical;
  }

  /** Whether a larger value means more drift (true for all but {@link #CHI2_P}). */
  public boolean higherIsWorse() {
    return this != CHI2_P;
  }
}
