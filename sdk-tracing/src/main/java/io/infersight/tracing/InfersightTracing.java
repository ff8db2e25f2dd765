package io.infersight.tracing;

import io.infersight.core.internal.ThrottlingLogger;
import io.infersight.tracing.internal.ExportDropCounter;
import io.infersight.tracing.internal.PresetIdGenerator;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * Entry point of the tracing pillar. Two set-ups:
 *
 * <pre>{@code
 * // 1. The app has an OpenTelemetry (its own SDK, GlobalOpenTelemetry, the Java agent's):
 * observer = InferenceObserver.builder().model("fraud-detector", "2.1.0")
 *     .addListener(InfersightTracing.listener(GlobalOpenTelemetry.get()))
 *     .build();
 *
 * // 2. It has none: build one that exports OTLP to a collector.
 * InfersightTracing tracing = InfersightTracing.sdkBuilder()
 *     .serviceName("fraud-api").model("fraud-detector", "2.1.0")
 *     .endpoint("http://otel-collector:4317")
 *     .build();
 * observer = InferenceObserver.builder().model("fraud-detector", "2.1.0")
 *     .addListener(tracing.listener())
 *     .build();
 * ...
 * observer.close();   // closes the listener, which flushes and shuts the SDK down
 * }</pre>
 *
 * <p>An instance (set-up 2) owns its SDK: {@link #close()} or closing the observer flushes what
 * was accepted, within a bound, and stops the export threads.
 *
 * <p>Every factory first checks that the OpenTelemetry API (and, for what builds on the SDK, the
 * SDK) on the class path is a supported version (docs/compatibility.md), and throws {@link
 * IllegalStateException} naming the library, the version found and the version needed when one is
 * older.
 *
 * @since 0.1.0
 */
public final class InfersightTracing implements AutoCloseable {
  /** This module's version, reported as the instrumentation scope version. */
  public static final String VERSION = "0.1.0";
  /** Default bound of {@link #close()}, in milliseconds: {@value}. */
  public static final long DEFAULT_CLOSE_TIMEOUT_MILLIS = 5_000;

  private static final ThrottlingLogger LOG = ThrottlingLogger.forName("io.infersight.tracing");

  /** The SDK this instance built and owns, or {@code null} under the Java agent. */
  private final OpenTelemetrySdk sdk;
  private final OpenTelemetry openTelemetry;
  private final TracingListener listener;
  private final TraceStore traceStore;
  private final AtomicBoolean closed = new AtomicBoolean();

  InfersightTracing(OpenTelemetrySdk sdk, OpenTelemetry openTelemetry, TracingListenerBuilder settings,
      double samplingRatio, ExportDropCounter drops, TraceStore traceStore) {
    this.sdk = sdk;
    this.openTelemetry = openTelemetry;
    this.traceStore = traceStore;
    TracingListenerBuilder b = new TracingListenerBuilder(openTelemetry)
        .samplingRatio(samplingRatio)
        .keepErrors(settings.keepErrors)
        .keepSlow(settings.keepSlow)
        .maxStageSpans(settings.maxStageSpans)
        .recorderPoolSize(settings.recorderPoolSize)
        .idsAtStart(settings.presetIds);
    this.listener = new TracingListener(b, drops, sdk == null ? null : new TracingListener.OwnedSdk() {
      @Override
      public void shutdown(long timeoutMillis) {
        InfersightTracing.this.shutdown(timeoutMillis);
      }

      @Override
      public boolean isShutdown() {
        return closed.get();
      }
    });
  }

  /** A listener with default settings over the app's own {@code openTelemetry}. */
  public static TracingListener listener(OpenTelemetry openTelemetry) {
    return listenerBuilder(openTelemetry).build();
  }

  /** A listener builder over the app's own {@code openTelemetry}. */
  public static TracingListenerBuilder listenerBuilder(OpenTelemetry openTelemetry) {
    TracingLibraries.requireApi();
    return new TracingListenerBuilder(openTelemetry);
  }

  /**
   * A builder of an OpenTelemetry SDK that exports OTLP, with its listener, for apps without an
   * {@code OpenTelemetry}; {@link #listener()} of what it builds is the listener to register.
   */
  public static InfersightTracingBuilder sdkBuilder() {
    TracingLibraries.requireSdk();
    return new InfersightTracingBuilder();
  }

  /**
   * A builder of an SDK that exports OTLP.
   *
   * @deprecated use {@link #sdkBuilder()}, which names what it builds beside {@link
   *     #listenerBuilder(OpenTelemetry)}
   */
  @Deprecated
  public static InfersightTracingBuilder builder() {
    return sdkBuilder();
  }

  /**
   * Wraps the app's sampler so that it lets through what the listener decided to keep; see {@link
   * InfersightSampler}.
   */
  public static Sampler sampler(Sampler delegate) {
    TracingLibraries.requireSdk();
    return InfersightSampler.create(delegate);
  }

  /**
   * The ID generator to set on an SDK of the app's own ({@code
   * SdkTracerProviderBuilder.setIdGenerator(...)}) so that a request kept after the fact is
   * exported under the trace ID its log lines already carry. Random IDs for every other span.
   */
  public static IdGenerator idGenerator() {
    return PresetIdGenerator.get();
  }

  /** The listener to add to the observer (one observer). Closing the observer closes this SDK. */
  public TracingListener listener() {
    return listener;
  }

  /**
   * The OpenTelemetry the listener uses, for the app's own spans and for {@code
   * GlobalOpenTelemetry.set(...)}: the SDK this instance built, or the Java agent's.
   */
  public OpenTelemetry openTelemetry() {
    return openTelemetry;
  }

  /** Whether the listener runs on the OpenTelemetry Java agent's SDK rather than one of its own. */
  public boolean usesAgent() {
    return sdk == null;
  }

  /** The embedded store, or {@code null} when none was configured. */
  public @Nullable TraceStore traceStore() {
    return traceStore;
  }

  /** Exports what is queued now; returns whether that finished within {@code timeout}. */
  public boolean flush(Duration timeout) {
    if (sdk == null) {
      return true; // the agent exports on its own schedule
    }
    CompletableResultCode result = sdk.getSdkTracerProvider().forceFlush();
    return result.join(timeout.toMillis(), TimeUnit.MILLISECONDS).isSuccess();
  }

  /** Flushes and shuts the SDK down within {@value #DEFAULT_CLOSE_TIMEOUT_MILLIS} ms. Idempotent. */
  @Override
  public void close() {
    shutdown(DEFAULT_CLOSE_TIMEOUT_MILLIS);
  }

  void shutdown(long timeoutMillis) {
    if (!closed.compareAndSet(false, true) || sdk == null) {
      return;
    }
    CompletableResultCode result = sdk.shutdown().join(timeoutMillis, TimeUnit.MILLISECONDS);
    if (!result.isDone()) {
      LOG.log(Level.WARNING, "shutdown-timeout", "Tracing did not flush within " + timeoutMillis
          + " ms; spans still queued are lost (the export threads are daemons and stop on their own)");
    }
  }

  @Override
  public String toString() {
    return "InfersightTracing{" + listener + ", traceStore=" + traceStore + "}";
  }
}
