package io.infersight.drift;

/**
 * Bad user input to the offline tools or to a profile: an empty or ragged CSV file, an
 * all-missing column, mismatched headers, a malformed or mismatched profile file. The message
 * names the file, line or column and the problem, and is meant to be shown as is, without a
 * stack trace.
 *
 * <pre>{@code
 * try {
 *   ReferenceProfile profile = ReferenceProfile.load(path);
 * } catch (DriftInputException e) {
 *   System.err.println(e.getMessage());
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class DriftInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An input error with a message for the user. */
  public DriftInputException(String message) {
    super(message);
  }

  /** An input error with a message for the user, caused by {@code cause}. */
  public DriftInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
