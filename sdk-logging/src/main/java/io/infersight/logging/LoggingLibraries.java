package io.infersight.logging;

import io.infersight.core.internal.RuntimeLibraries;
import io.infersight.core.internal.RuntimeLibraries.Library;

/**
 * The start-up check of the libraries this module runs on (logback, logstash-logback-encoder and
 * the Jackson it writes with): the listener's builder and the encoder call it before they load a
 * class that links against them, so that a library outside the supported range fails with one
 * line naming it, the version found and the version needed.
 */
final class LoggingLibraries {
  private static final String PROBLEMS = RuntimeLibraries.problems("Infersight logging",
      LoggingLibraries.class, Library.LOGBACK, Library.LOGSTASH_ENCODER, Library.JACKSON_CORE,
      Library.JACKSON_DATABIND);

  private LoggingLibraries() {}

  /** Null when every library is in range, else the one line that says which are not. */
  static String problems() {
    return PROBLEMS;
  }

  static void require() {
    if (PROBLEMS != null) {
      throw new IllegalStateException(PROBLEMS);
    }
  }
}
