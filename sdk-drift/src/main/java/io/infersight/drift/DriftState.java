package io.infersight.drift;

/**
 * The drift state of one feature (or of the prediction score), from the configured thresholds.
 * Exported as the gauge {@code ml.feature.drift.state} with the value {@link #level()}.
 *
 * <pre>{@code
 * if (monitor.state("amount") == DriftState.DRIFT) { page(); }
 * }</pre>
 *
 * @since 0.1.0
 */
public enum DriftState {
  OK(0),
  WARN(1),
  DRIFT(2);

  private final int level;

  DriftState(int level) {
    this.level = level;
  }

  /** 0, 1 or 2: the gauge value. */
  public int level() {
    return level;
  }

  /** The lower-case name used in log events. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
