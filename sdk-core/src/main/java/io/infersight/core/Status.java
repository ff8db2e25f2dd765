package io.infersight.core;

/**
 * How an inference ended.
 *
 * @since 0.1.0
 */
public enum Status {
  /** Still running: {@link Inference#close()} has not been called. */
  RUNNING("running"),
  /** Closed without a recorded failure. */
  SUCCESS("success"),
  /** A stage threw, or {@link Inference#fail(Throwable)} was called. */
  ERROR("error");

  private final String label;

  Status(String label) {
    this.label = label;
  }

  /** The lower-case metric label value, for example {@code "success"}. */
  public String label() {
    return label;
  }
}
