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
  /** A stage threw, or {@link Inference#fail(Throwable)} was called: the service failed. */
  ERROR("error"),
  /**
   * Refused because of the caller's input (validation: a missing field, a negative amount), by
   * {@link Inference#reject(Throwable)} or an exception type registered with {@link
   * InferenceObserver.Builder#rejectOn(Class)}. Not a failure of the service: error-rate alerts and
   * the always-keep-errors rules of logs and traces leave it out.
   */
  REJECTED("rejected");

  private final String label;

  Status(String label) {
    this.label = label;
  }

  /** The lower-case metric label value, for example {@code "success"}. */
  public String label() {
    return label;
  }
}
