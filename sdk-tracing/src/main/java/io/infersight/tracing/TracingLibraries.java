package io.infersight.tracing;

import io.infersight.core.internal.RuntimeLibraries;
import io.infersight.core.internal.RuntimeLibraries.Library;

/**
 * The start-up check of the OpenTelemetry libraries this module runs on: every factory of the
 * module calls it before it loads a class that links against them, so that an OpenTelemetry older
 * than the supported floor fails with one line naming the library, the version found and the
 * version needed, and not with a {@code NoSuchMethodError} later.
 */
final class TracingLibraries {
  private TracingLibraries() {}

  /** For a listener on the application's own {@code OpenTelemetry}: the API only. */
  static void requireApi() {
    fail(Api.PROBLEMS);
  }

  /** For what builds on the SDK: the SDK it builds, exports to or samples for, and the API. */
  static void requireSdk() {
    fail(Sdk.PROBLEMS);
  }

  private static void fail(String problems) {
    if (problems != null) {
      throw new IllegalStateException(problems);
    }
  }

  private static final class Api {
    static final String PROBLEMS = RuntimeLibraries.problems("Infersight tracing",
        TracingLibraries.class, Library.OPENTELEMETRY_API);
  }

  private static final class Sdk {
    static final String PROBLEMS = RuntimeLibraries.problems("Infersight tracing",
        TracingLibraries.class, Library.OPENTELEMETRY_API, Library.OPENTELEMETRY_SDK);
  }
}
