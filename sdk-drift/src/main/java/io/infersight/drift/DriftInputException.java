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

  /** Whether the mistake is in the command's arguments (the command then prints its usage). */
  private final boolean usage;

  /** An input error with a message for the user. */
  public DriftInputException(String message) {
    super(message);
    this.usage = false;
  }

  private DriftInputException(String message, boolean usage) {
    super(message);
    this.usage = usage;
  }

  /** A mistake in a command's arguments. */
  static DriftInputException usage(String message) {
    return new DriftInputException(message, true);
  }

  boolean isUsageError() {
    return usage;
  }

  /** An input error with a message for the user, caused by {@code cause}. */
  public DriftInputException(String message, Throwable cause) {
    super(message, cause);
    this.usage = false;
  }
}
