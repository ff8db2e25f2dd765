package io.infersight.core;

/**
 * Why a pillar that samples keeps a request's record (its log event, its trace): the request's
 * own outcome comes first, then a random draw. {@link InferenceView#keepReason()} gives the
 * outcome-based reason; {@link #RATE} is the pillar's own draw.
 *
 * @since 0.2.0
 */
public enum KeepReason {
  /** The request failed (a rejection is the caller's mistake and does not count). */
  ERROR("error"),
  /** The request took longer than the observer's slow threshold. */
  SLOW("slow"),
  /** The request's trace is exported, so its other records are kept to go with it. */
  TRACE("trace"),
  /** Drawn by the pillar's sampling rate. */
  RATE("rate");

  private final String label;

  KeepReason(String label) {
    this.label = label;
  }

  /** The lower-case value pillars write, for example {@code "slow"} in {@code kept_by}. */
  public String label() {
    return label;
  }
}
