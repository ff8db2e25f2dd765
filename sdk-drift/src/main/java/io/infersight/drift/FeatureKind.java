package io.infersight.drift;

import org.jspecify.annotations.Nullable;

/**
 * Whether a feature is compared as numbers (binned at reference quantiles) or as categories.
 *
 * <pre>{@code
 * if (profile.feature("country").kind() == FeatureKind.CATEGORICAL) { ... }
 * }</pre>
 *
 * @since 0.1.0
 */
public enum FeatureKind {
  NUMERIC("numeric"),
  CATEGORICAL("categorical");

  private final String label;

  FeatureKind(String label) {
    this.label = label;
  }

  /** The name used in profile JSON and in the report: {@code numeric} or {@code categorical}. */
  public String label() {
    return label;
  }

  static @Nullable FeatureKind fromLabel(String label) {
    for (FeatureKind k : values()) {
      if (k.label.equals(label)) {
        return k;
      }
    }
    return null;
  }
}
