package io.infersight.drift;

/**
 * The levels at which one method's statistic puts a feature in the {@link DriftState#WARN} and
 * {@link DriftState#DRIFT} states. For a method where lower is worse (the KS p-value) a value at
 * or below a level reaches it; for the others, a value at or above it.
 */
record DriftThreshold(DriftMethod method, double warn, double drift) {

  /** The state {@code value} of this method puts a feature in. */
  DriftState classify(double value) {
    if (method.higherIsWorse()) {
      return value >= drift ? DriftState.DRIFT : value >= warn ? DriftState.WARN : DriftState.OK;
    }
    return value <= drift ? DriftState.DRIFT : value <= warn ? DriftState.WARN : DriftState.OK;
  }
}
