package io.infersight.tracing;

import io.opentelemetry.api.OpenTelemetry;
import java.util.Objects;

/**
 * Builds a {@link TracingListener} over an {@link OpenTelemetry} the application already has: an
 * SDK it built, {@code GlobalOpenTelemetry.get()}, or the one the OpenTelemetry Java agent installs.
 * Obtain it from {@link InfersightTracing#listenerBuilder(OpenTelemetry)}. Each setter checks its
 * value; {@link #build()} copies them into the listener, so changing or reusing the builder
 * afterwards leaves built listeners alone.
 *
 * <pre>{@code
 * TracingListener listener = InfersightTracing.listenerBuilder(GlobalOpenTelemetry.get())
 *     .samplingRatio(0.25)
 *     .build();
 * }</pre>
 *
 * <p>The listener applies its own head sampling before it creates any span (so a dropped request
 * costs no span object); the application's sampler still has the last word on the spans it is
 * asked for. See {@link InfersightTracing#sampler} for letting kept-after-the-fact traces through
 * a sampler that would drop them.
 *
 * @since 0.1.0
 */
public final class TracingListenerBuilder {
  /** Default head-sampling ratio for requests without a parent span: {@value}. */
  public static final double DEFAULT_SAMPLING_RATIO = 0.1;
  /** Default most stage and sub-stage spans per request: {@value}. */
  public static final int DEFAULT_MAX_STAGE_SPANS = 32;
  /** Default idle per-request recorders kept for reuse: {@value}. */
  public static final int DEFAULT_RECORDER_POOL_SIZE = 256;

  final OpenTelemetry openTelemetry;
  double samplingRatio = DEFAULT_SAMPLING_RATIO;
  boolean keepErrors = true;
  boolean keepSlow = true;
  int maxStageSpans = DEFAULT_MAX_STAGE_SPANS;
  int recorderPoolSize = DEFAULT_RECORDER_POOL_SIZE;
  boolean presetIds = true;

  TracingListenerBuilder(OpenTelemetry openTelemetry) {
    this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
  }

  /**
   * The fraction of requests without a parent span that are traced while they run, in [0, 1].
   * Default {@value #DEFAULT_SAMPLING_RATIO}. Requests with a parent follow its sampled flag.
   */
  public TracingListenerBuilder samplingRatio(double ratio) {
    if (!(ratio >= 0.0 && ratio <= 1.0)) {
      throw new IllegalArgumentException("samplingRatio must be in [0, 1], was " + ratio);
    }
    this.samplingRatio = ratio;
    return this;
  }

  /** Whether a failed request that head sampling dropped is still exported. Default true. */
  public TracingListenerBuilder keepErrors(boolean keep) {
    this.keepErrors = keep;
    return this;
  }

  /**
   * Whether a request slower than the observer's slow threshold that head sampling dropped is
   * still exported. Default true.
   */
  public TracingListenerBuilder keepSlow(boolean keep) {
    this.keepSlow = keep;
    return this;
  }

  /**
   * The most stage and sub-stage spans one request emits, in [4, 4096]; more are counted under
   * {@value io.infersight.core.SelfMetricNames#SPANS_DROPPED}{@code {reason=too_many_stages}}. Default {@value
   * #DEFAULT_MAX_STAGE_SPANS}.
   */
  public TracingListenerBuilder maxStageSpans(int max) {
    if (max < 4 || max > 4096) {
      throw new IllegalArgumentException("maxStageSpans must be in [4, 4096], was " + max);
    }
    this.maxStageSpans = max;
    return this;
  }

  /**
   * How many idle per-request recorders are kept for reuse, in [1, 65536]; size it to the number
   * of requests in flight (rounded up to a power of two). Default {@value
   * #DEFAULT_RECORDER_POOL_SIZE}.
   */
  public TracingListenerBuilder recorderPoolSize(int size) {
    if (size < 1 || size > 65_536) {
      throw new IllegalArgumentException("recorderPoolSize must be in [1, 65536], was " + size);
    }
    this.recorderPoolSize = size;
    return this;
  }

  /**
   * Whether a request that head sampling dropped gets its trace and span ID when it starts, so
   * that every log line it writes names the trace exported if it fails or is slow. Needs the SDK to
   * take those IDs: {@link InfersightTracing#sdkBuilder()} and the agent extension install {@link
   * InfersightTracing#idGenerator()}; an SDK of the app's own needs it set on its tracer provider
   * (without it the listener notices, logs once, and names the trace on the final event only).
   * Costs two short strings per such request. Default true.
   */
  public TracingListenerBuilder idsAtStart(boolean preset) {
    this.presetIds = preset;
    return this;
  }

  /** Builds the listener from a copy of the settings. Register it on exactly one observer. */
  public TracingListener build() {
    return new TracingListener(this, null, null);
  }
}
