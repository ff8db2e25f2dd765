package io.infersight.tracing;

import io.infersight.core.ModelId;
import io.infersight.tracing.internal.CountingSpanExporter;
import io.infersight.tracing.internal.ExportDropCounter;
import io.infersight.tracing.internal.ProcessorDropMeterProvider;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Builds an OpenTelemetry SDK for apps that have none, and the {@link TracingListener} on it: the
 * service and model as resource attributes, OTLP over gRPC or HTTP/protobuf, a batch span
 * processor with a bounded queue, parent-based ratio sampling that keeps failed and slow requests,
 * and optionally an embedded {@link TraceStore}.
 *
 * <pre>{@code
 * InfersightTracing tracing = InfersightTracing.builder()
 *     .serviceName("fraud-api").serviceVersion("1.4.0")
 *     .model("fraud-detector", "2.1.0")
 *     .endpoint("http://otel-collector:4317")          // OTLP/gRPC by default
 *     .samplingRatio(0.1)
 *     .build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class InfersightTracingBuilder {
  /** Default OTLP/gRPC endpoint: {@value}. */
  public static final String DEFAULT_GRPC_ENDPOINT = "http://localhost:4317";
  /** Default OTLP/HTTP endpoint: {@value}. */
  public static final String DEFAULT_HTTP_ENDPOINT = "http://localhost:4318/v1/traces";
  /** Default service name, as OpenTelemetry's: {@value}. */
  public static final String DEFAULT_SERVICE_NAME = "unknown_service:java";
  /** Default bound of the export queue, in spans: {@value}. */
  public static final int DEFAULT_MAX_QUEUE_SIZE = 2048;
  /** Default most spans per export request: {@value}. */
  public static final int DEFAULT_MAX_EXPORT_BATCH_SIZE = 512;
  /** Default wait between two exports, in milliseconds: {@value}. */
  public static final long DEFAULT_SCHEDULE_DELAY_MILLIS = 1000;
  /** Default limit of one export request, in milliseconds: {@value}. */
  public static final long DEFAULT_EXPORT_TIMEOUT_MILLIS = 10_000;
  /** Wait between two hand-overs to the embedded store, in milliseconds. */
  static final long STORE_SCHEDULE_DELAY_MILLIS = 200;

  private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
  private static final AttributeKey<String> SERVICE_VERSION = AttributeKey.stringKey("service.version");
  private static final AttributeKey<String> MODEL_GIT_COMMIT = AttributeKey.stringKey("ml.model_git_commit");

  private String serviceName;
  private String serviceVersion;
  private ModelId model;
  private OtlpProtocol protocol = OtlpProtocol.GRPC;
  private String endpoint;
  private final Map<String, String> headers = new LinkedHashMap<>();
  private boolean exportOtlp = true;
  private TraceStore traceStore;
  private final TracingListenerBuilder listener = new TracingListenerBuilder(OpenTelemetry.noop());
  private int maxQueueSize = DEFAULT_MAX_QUEUE_SIZE;
  private int maxExportBatchSize = DEFAULT_MAX_EXPORT_BATCH_SIZE;
  private Duration scheduleDelay = Duration.ofMillis(DEFAULT_SCHEDULE_DELAY_MILLIS);
  private Duration exportTimeout = Duration.ofMillis(DEFAULT_EXPORT_TIMEOUT_MILLIS);

  InfersightTracingBuilder() {}

  /** The {@code service.name} resource attribute. Default: the model name, else {@value #DEFAULT_SERVICE_NAME}. */
  public InfersightTracingBuilder serviceName(String name) {
    this.serviceName = requireText(name, "serviceName");
    return this;
  }

  /** The {@code service.version} resource attribute. Default: none. */
  public InfersightTracingBuilder serviceVersion(String version) {
    this.serviceVersion = requireText(version, "serviceVersion");
    return this;
  }

  /** The served model, as resource attributes {@code ml.model_name} and {@code ml.model_version}. */
  public InfersightTracingBuilder model(String name, String version) {
    return model(ModelId.of(name, version));
  }

  /** The served model, as resource attributes (with {@code ml.model_git_commit} when known). */
  public InfersightTracingBuilder model(ModelId model) {
    this.model = Objects.requireNonNull(model, "model");
    return this;
  }

  /** OTLP transport. Default {@link OtlpProtocol#GRPC}. */
  public InfersightTracingBuilder protocol(OtlpProtocol protocol) {
    this.protocol = Objects.requireNonNull(protocol, "protocol");
    return this;
  }

  /**
   * The collector's OTLP endpoint, an {@code http} or {@code https} URL. For HTTP/protobuf a URL
   * without a path gets {@code /v1/traces}. Default {@value #DEFAULT_GRPC_ENDPOINT} (gRPC) or
   * {@value #DEFAULT_HTTP_ENDPOINT} (HTTP).
   */
  public InfersightTracingBuilder endpoint(String endpoint) {
    Objects.requireNonNull(endpoint, "endpoint");
    URI uri;
    try {
      uri = URI.create(endpoint);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("endpoint must be an http(s) URL, was " + endpoint, e);
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
      throw new IllegalArgumentException("endpoint must be an http(s) URL with a host, was " + endpoint);
    }
    this.endpoint = endpoint;
    return this;
  }

  /** A header sent with every export (for example an auth token for a hosted Tempo). */
  public InfersightTracingBuilder addHeader(String name, String value) {
    headers.put(requireText(name, "header name"), Objects.requireNonNull(value, "header value"));
    return this;
  }

  /** Whether spans go to the OTLP endpoint. Default true; false with a {@link #traceStore} only. */
  public InfersightTracingBuilder exportOtlp(boolean export) {
    this.exportOtlp = export;
    return this;
  }

  /** An embedded store that receives every exported span too. Default: none. */
  public InfersightTracingBuilder traceStore(TraceStore store) {
    this.traceStore = Objects.requireNonNull(store, "traceStore");
    return this;
  }

  /** See {@link TracingListenerBuilder#samplingRatio}; also the ratio of the app's other root spans. */
  public InfersightTracingBuilder samplingRatio(double ratio) {
    listener.samplingRatio(ratio);
    return this;
  }

  /** See {@link TracingListenerBuilder#keepErrors}. */
  public InfersightTracingBuilder keepErrors(boolean keep) {
    listener.keepErrors(keep);
    return this;
  }

  /** See {@link TracingListenerBuilder#keepSlow}. */
  public InfersightTracingBuilder keepSlow(boolean keep) {
    listener.keepSlow(keep);
    return this;
  }

  /** See {@link TracingListenerBuilder#maxStageSpans}. */
  public InfersightTracingBuilder maxStageSpans(int max) {
    listener.maxStageSpans(max);
    return this;
  }

  /**
   * Bound of the export queue, in [1, 1000000]; when full, new spans are dropped and counted
   * under {@value TracingListener#SPANS_DROPPED}{@code {reason=queue_full}}. Default {@value
   * #DEFAULT_MAX_QUEUE_SIZE}.
   */
  public InfersightTracingBuilder maxQueueSize(int spans) {
    if (spans < 1 || spans > 1_000_000) {
      throw new IllegalArgumentException("maxQueueSize must be in [1, 1000000], was " + spans);
    }
    this.maxQueueSize = spans;
    return this;
  }

  /** Most spans per export request, in [1, maxQueueSize]. Default {@value #DEFAULT_MAX_EXPORT_BATCH_SIZE}. */
  public InfersightTracingBuilder maxExportBatchSize(int spans) {
    if (spans < 1 || spans > 1_000_000) {
      throw new IllegalArgumentException("maxExportBatchSize must be in [1, 1000000], was " + spans);
    }
    this.maxExportBatchSize = spans;
    return this;
  }

  /** Wait between two exports; positive. Default {@value #DEFAULT_SCHEDULE_DELAY_MILLIS} ms. */
  public InfersightTracingBuilder scheduleDelay(Duration delay) {
    this.scheduleDelay = requirePositive(delay, "scheduleDelay");
    return this;
  }

  /** Limit of one export request, retries included; positive. Default {@value #DEFAULT_EXPORT_TIMEOUT_MILLIS} ms. */
  public InfersightTracingBuilder exportTimeout(Duration timeout) {
    this.exportTimeout = requirePositive(timeout, "exportTimeout");
    return this;
  }

  /**
   * Builds the SDK and the listener. Nothing is registered globally: call {@code
   * GlobalOpenTelemetry.set(tracing.openTelemetry())} if other libraries should use it.
   *
   * @throws IllegalStateException when nothing would receive spans, the batch is larger than the
   *     queue, or no OTLP sender for the protocol is on the class path
   */
  public InfersightTracing build() {
    if (!exportOtlp && traceStore == null) {
      throw new IllegalStateException("exportOtlp is false and no traceStore is set: spans would go"
          + " nowhere");
    }
    if (maxExportBatchSize > maxQueueSize) {
      throw new IllegalStateException("maxExportBatchSize (" + maxExportBatchSize + ") must not exceed"
          + " maxQueueSize (" + maxQueueSize + ")");
    }
    ExportDropCounter drops = new ExportDropCounter();
    MeterProvider dropMeter = new ProcessorDropMeterProvider(drops);
    SdkTracerProviderBuilder tracerProvider = SdkTracerProvider.builder()
        .setResource(resource())
        .setSampler(InfersightSampler.create(
            Sampler.parentBased(Sampler.traceIdRatioBased(listener.samplingRatio))));
    if (exportOtlp) {
      tracerProvider.addSpanProcessor(ProcessorDropMeterProvider.useLatestTelemetry(
          BatchSpanProcessor.builder(new CountingSpanExporter(otlpExporter(), drops))
              .setMaxQueueSize(maxQueueSize)
              .setMaxExportBatchSize(maxExportBatchSize)
              .setScheduleDelay(scheduleDelay)
              .setExporterTimeout(exportTimeout)
              .setMeterProvider(dropMeter))
          .build());
    }
    if (traceStore != null) {
      tracerProvider.addSpanProcessor(ProcessorDropMeterProvider.useLatestTelemetry(
          BatchSpanProcessor.builder(traceStore)
              .setMaxQueueSize(maxQueueSize)
              .setMaxExportBatchSize(Math.min(maxExportBatchSize, maxQueueSize))
              .setScheduleDelay(Duration.ofMillis(STORE_SCHEDULE_DELAY_MILLIS))
              .setMeterProvider(dropMeter))
          .build());
    }
    OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(tracerProvider.build())
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
        .build();
    return new InfersightTracing(sdk, listener, drops, traceStore);
  }

  private SpanExporter otlpExporter() {
    try {
      if (protocol == OtlpProtocol.GRPC) {
        var b = OtlpGrpcSpanExporter.builder()
            .setEndpoint(endpoint == null ? DEFAULT_GRPC_ENDPOINT : endpoint)
            .setTimeout(exportTimeout)
            .setRetryPolicy(RetryPolicy.getDefault())
            .setMeterProvider(MeterProvider::noop);
        headers.forEach(b::addHeader);
        return b.build();
      }
      var b = OtlpHttpSpanExporter.builder()
          .setEndpoint(endpoint == null ? DEFAULT_HTTP_ENDPOINT : httpTracesUrl(endpoint))
          .setTimeout(exportTimeout)
          .setRetryPolicy(RetryPolicy.getDefault())
          .setMeterProvider(MeterProvider::noop);
      headers.forEach(b::addHeader);
      return b.build();
    } catch (IllegalStateException e) {
      throw new IllegalStateException("protocol " + protocol + ": no OTLP sender for it on the class"
          + " path (" + e.getMessage() + "); see docs/tracing.md, \"Senders\"", e);
    }
  }

  static String httpTracesUrl(String endpoint) {
    String path = URI.create(endpoint).getPath();
    if (path == null || path.isEmpty() || path.equals("/")) {
      return endpoint.replaceAll("/+$", "") + "/v1/traces";
    }
    return endpoint;
  }

  private Resource resource() {
    AttributesBuilder attrs = Attributes.builder();
    String service = serviceName != null ? serviceName : model != null ? model.name() : DEFAULT_SERVICE_NAME;
    attrs.put(SERVICE_NAME, service);
    if (serviceVersion != null) {
      attrs.put(SERVICE_VERSION, serviceVersion);
    }
    if (model != null) {
      attrs.put(InferenceSpans.MODEL_NAME, model.name());
      attrs.put(InferenceSpans.MODEL_VERSION, model.version());
      if (!ModelId.UNKNOWN_COMMIT.equals(model.gitCommit())) {
        attrs.put(MODEL_GIT_COMMIT, model.gitCommit());
      }
    }
    return Resource.getDefault().merge(Resource.create(attrs.build()));
  }

  private static String requireText(String value, String setting) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(setting + " must be a non-blank string");
    }
    return value;
  }

  private static Duration requirePositive(Duration d, String setting) {
    Objects.requireNonNull(d, setting);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(setting + " must be positive, was " + d);
    }
    return d;
  }
}
