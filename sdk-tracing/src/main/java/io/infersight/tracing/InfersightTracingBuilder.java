package io.infersight.tracing;

import io.infersight.core.ModelId;
import io.infersight.core.internal.ThrottlingLogger;
import io.infersight.tracing.internal.CountingSpanExporter;
import io.infersight.tracing.internal.ExportDropCounter;
import io.infersight.tracing.internal.PresetIdGenerator;
import io.infersight.tracing.internal.ProcessorDropMeterProvider;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds an OpenTelemetry SDK for apps that have none, and the {@link TracingListener} on it: the
 * service and model as resource attributes, OTLP over gRPC or HTTP/protobuf, a batch span
 * processor with a bounded queue, parent-based ratio sampling that keeps failed and slow requests,
 * and optionally an embedded {@link TraceStore}.
 *
 * <p>Configuration follows OpenTelemetry's conventions, read by its autoconfigure module: the
 * {@code OTEL_*} environment variables and {@code otel.*} system properties (endpoint, protocol,
 * headers, timeout, compression, service name, resource attributes, sampler and its argument,
 * exporter {@code none}, batch processor) apply, and a setting made on this builder takes
 * precedence over them. docs/tracing.md lists every setting honoured.
 *
 * <pre>{@code
 * InfersightTracing tracing = InfersightTracing.sdkBuilder()
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
  private static final ThrottlingLogger LOG = ThrottlingLogger.forName("io.infersight.tracing");
  /** Wait between two hand-overs to the embedded store, in milliseconds. */
  static final long STORE_SCHEDULE_DELAY_MILLIS = 200;

  private static final AttributeKey<String> SERVICE_VERSION = AttributeKey.stringKey("service.version");
  private static final AttributeKey<String> MODEL_GIT_COMMIT = AttributeKey.stringKey("ml.model_git_commit");

  private String serviceName;
  private String serviceVersion;
  private ModelId model;
  // Unset (null) settings come from OTEL_* / otel.*, else from the defaults above.
  private OtlpProtocol protocol;
  private String endpoint;
  private final Map<String, String> headers = new LinkedHashMap<>();
  private boolean exportOtlp = true;
  private TraceStore traceStore;
  private final TracingListenerBuilder listener = new TracingListenerBuilder(OpenTelemetry.noop());
  private Double samplingRatio;
  private Integer maxQueueSize;
  private Integer maxExportBatchSize;
  private Duration scheduleDelay;
  private Duration exportTimeout;

  InfersightTracingBuilder() {}

  /**
   * The {@code service.name} resource attribute. Default: {@code OTEL_SERVICE_NAME} or {@code
   * service.name} in {@code OTEL_RESOURCE_ATTRIBUTES}, else the model name, else {@value
   * #DEFAULT_SERVICE_NAME}.
   */
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

  /** OTLP transport. Default: {@code OTEL_EXPORTER_OTLP_(TRACES_)PROTOCOL}, else {@link OtlpProtocol#GRPC}. */
  public InfersightTracingBuilder protocol(OtlpProtocol protocol) {
    this.protocol = Objects.requireNonNull(protocol, "protocol");
    return this;
  }

  /**
   * The collector's OTLP endpoint, an {@code http} or {@code https} URL. For HTTP/protobuf a URL
   * without a path gets {@code /v1/traces}. Default: {@code OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT},
   * else {@value #DEFAULT_GRPC_ENDPOINT} (gRPC) or {@value #DEFAULT_HTTP_ENDPOINT} (HTTP).
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

  /**
   * A header sent with every export (for example an auth token for a hosted Tempo), added to
   * those of {@code OTEL_EXPORTER_OTLP_(TRACES_)HEADERS}; a name set both ways takes this value.
   */
  public InfersightTracingBuilder addHeader(String name, String value) {
    headers.put(requireText(name, "header name"), requireText(value, "header value"));
    return this;
  }

  /**
   * Whether spans go to the exporters of {@code OTEL_TRACES_EXPORTER} (default {@code otlp}).
   * Default true; false with a {@link #traceStore} only, as {@code OTEL_TRACES_EXPORTER=none}.
   */
  public InfersightTracingBuilder exportOtlp(boolean export) {
    this.exportOtlp = export;
    return this;
  }

  /** An embedded store that receives every exported span too. Default: none. */
  public InfersightTracingBuilder traceStore(TraceStore store) {
    this.traceStore = Objects.requireNonNull(store, "traceStore");
    return this;
  }

  /**
   * See {@link TracingListenerBuilder#samplingRatio}; also the ratio of the app's other root spans
   * ({@code parentbased_traceidratio}). Default: the ratio of {@code OTEL_TRACES_SAMPLER} and
   * {@code OTEL_TRACES_SAMPLER_ARG} ({@code always_on}: 1, {@code always_off}: 0), else {@value
   * TracingListenerBuilder#DEFAULT_SAMPLING_RATIO}. Any configured sampler is wrapped in {@link
   * InfersightSampler}.
   */
  public InfersightTracingBuilder samplingRatio(double ratio) {
    listener.samplingRatio(ratio);
    this.samplingRatio = ratio;
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
   * under {@value io.infersight.core.SelfMetricNames#SPANS_DROPPED}{@code {reason=queue_full}}. Default {@value
   * #DEFAULT_MAX_QUEUE_SIZE} ({@code OTEL_BSP_MAX_QUEUE_SIZE}).
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
   *     queue, an {@code OTEL_*} / {@code otel.*} setting is invalid (the message names it), or no
   *     exporter or sender for the configuration is on the class path
   */
  public InfersightTracing build() {
    if (!exportOtlp && traceStore == null) {
      throw new IllegalStateException("exportOtlp is false and no traceStore is set: spans would go"
          + " nowhere");
    }
    if (maxExportBatchSize != null && maxExportBatchSize > (maxQueueSize == null ? DEFAULT_MAX_QUEUE_SIZE : maxQueueSize)) {
      throw new IllegalStateException("maxExportBatchSize (" + maxExportBatchSize + ") must not exceed"
          + " maxQueueSize (" + (maxQueueSize == null ? DEFAULT_MAX_QUEUE_SIZE : maxQueueSize) + ")");
    }
    ExportDropCounter drops = new ExportDropCounter();
    OtelSettings settings = new OtelSettings();
    if (agentPresent()) {
      return onAgent(settings, drops);
    }
    OpenTelemetrySdk sdk;
    try {
      sdk = AutoConfiguredOpenTelemetrySdk.builder()
          .addPropertiesSupplier(OtelSettings::defaults)
          .addPropertiesCustomizer(this::explicitSettings)
          .addPropertiesCustomizer(settings::takeExporters)
          .addResourceCustomizer((resource, config) -> resource.merge(ownResource(config)))
          .addSamplerCustomizer((sampler, config) -> InfersightSampler.create(sampler))
          .addTracerProviderCustomizer((tracerProvider, config) ->
              addProcessors(tracerProvider, settings, config, drops))
          .setServiceClassLoader(InfersightTracingBuilder.class.getClassLoader())
          .disableShutdownHook()
          .build()
          .getOpenTelemetrySdk();
    } catch (ConfigurationException e) {
      Throwable cause = e.getCause();
      throw new IllegalStateException("OpenTelemetry configuration (OTEL_* / otel.*, docs/tracing.md): "
          + e.getMessage() + (cause == null ? "" : ": " + cause.getMessage()), e);
    }
    double ratio = samplingRatio != null ? samplingRatio : settings.samplingRatio(listener.samplingRatio);
    return new InfersightTracing(sdk, sdk, listener, ratio, drops, traceStore);
  }

  /** Whether the OpenTelemetry Java agent runs in this JVM (its jar is on the system class path). */
  static boolean agentPresent() {
    try {
      Class.forName("io.opentelemetry.javaagent.OpenTelemetryAgent", false, ClassLoader.getSystemClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /**
   * Under the Java agent: no second SDK. The listener uses the agent's OpenTelemetry (which the
   * agent puts behind GlobalOpenTelemetry) and the head-sampling ratio of the same OTEL_* settings
   * the agent reads (read here by autoconfigure with every exporter off), so both agree when the
   * Infersight extension supplies the agent's sampler.
   */
  private InfersightTracing onAgent(OtelSettings settings, ExportDropCounter drops) {
    try {
      AutoConfiguredOpenTelemetrySdk.builder()
          .addPropertiesSupplier(OtelSettings::defaults)
          .addPropertiesCustomizer(config -> Map.of("otel.traces.exporter", "none",
              "otel.metrics.exporter", "none", "otel.logs.exporter", "none"))
          .addTracerProviderCustomizer((tracerProvider, config) -> {
            settings.exporters(config); // notes the configuration; makes no exporter
            return tracerProvider;
          })
          .setServiceClassLoader(InfersightTracingBuilder.class.getClassLoader())
          .disableShutdownHook()
          .build()
          .getOpenTelemetrySdk()
          .close();
    } catch (ConfigurationException e) {
      throw new IllegalStateException("OpenTelemetry configuration (OTEL_* / otel.*, docs/tracing.md): "
          + e.getMessage(), e);
    }
    double ratio = samplingRatio != null ? samplingRatio : settings.samplingRatio(listener.samplingRatio);
    LOG.log(Level.INFO, "agent", "The OpenTelemetry Java agent runs in this JVM: Infersight's tracing"
        + " listener uses its OpenTelemetry (head-sampling ratio " + ratio + "); this builder's export"
        + " settings and trace store are not used. Load infersight-otel-extension into the agent so that"
        + " it keeps the failed and slow requests (docs/tracing.md, \"The Java agent\").");
    return new InfersightTracing(null, GlobalOpenTelemetry.get(), listener, ratio, drops, null);
  }

  /**
   * The settings made on this builder, as {@code otel.*} properties: they override what the
   * environment and system properties say.
   */
  private Map<String, String> explicitSettings(ConfigProperties config) {
    Map<String, String> out = new HashMap<>();
    if (protocol != null) {
      out.put("otel.exporter.otlp.traces.protocol", protocol.otelName());
    }
    if (endpoint != null) {
      OtlpProtocol effective = protocol != null ? protocol : OtelSettings.protocol(config);
      out.put("otel.exporter.otlp.traces.endpoint",
          effective == OtlpProtocol.HTTP_PROTOBUF ? httpTracesUrl(endpoint) : endpoint);
    }
    if (!headers.isEmpty()) {
      // The signal's own headers replace the generic ones: carry those over, ours on top.
      Map<String, String> merged = new LinkedHashMap<>(config.getMap("otel.exporter.otlp.traces.headers"));
      if (merged.isEmpty()) {
        merged.putAll(config.getMap("otel.exporter.otlp.headers"));
      }
      headers.forEach((k, v) -> merged.put(k, OtelSettings.percentEncode(v)));
      out.put("otel.exporter.otlp.traces.headers", OtelSettings.joinMap(merged));
    }
    if (exportTimeout != null) {
      out.put("otel.exporter.otlp.traces.timeout", Long.toString(exportTimeout.toMillis()));
      out.put("otel.bsp.export.timeout", Long.toString(exportTimeout.toMillis()));
    }
    if (maxQueueSize != null) {
      out.put("otel.bsp.max.queue.size", Integer.toString(maxQueueSize));
    }
    if (maxExportBatchSize != null) {
      out.put("otel.bsp.max.export.batch.size", Integer.toString(maxExportBatchSize));
    }
    if (scheduleDelay != null) {
      out.put("otel.bsp.schedule.delay", Long.toString(scheduleDelay.toMillis()));
    }
    if (!exportOtlp) {
      out.put("otel.traces.exporter", "none");
    }
    if (samplingRatio != null) {
      out.put("otel.traces.sampler", "parentbased_traceidratio");
      out.put("otel.traces.sampler.arg", Double.toString(samplingRatio));
    }
    if (serviceName != null) {
      out.put("otel.service.name", serviceName);
    } else if (model != null && config.getString("otel.service.name") == null
        && !config.getMap("otel.resource.attributes").containsKey("service.name")) {
      out.put("otel.service.name", model.name());
    }
    return out;
  }

  private SdkTracerProviderBuilder addProcessors(SdkTracerProviderBuilder tracerProvider,
      OtelSettings settings, ConfigProperties config, ExportDropCounter drops) {
    MeterProvider dropMeter = new ProcessorDropMeterProvider(drops);
    int queue = config.getInt("otel.bsp.max.queue.size", DEFAULT_MAX_QUEUE_SIZE);
    int batch = config.getInt("otel.bsp.max.export.batch.size", DEFAULT_MAX_EXPORT_BATCH_SIZE);
    if (queue < 1 || batch < 1 || batch > queue) {
      throw new ConfigurationException("otel.bsp.max.queue.size (" + queue + ") and"
          + " otel.bsp.max.export.batch.size (" + batch + ") must be positive, the batch no larger"
          + " than the queue");
    }
    tracerProvider.setIdGenerator(PresetIdGenerator.get());
    List<SpanExporter> exporters = settings.exporters(config);
    if (!exporters.isEmpty()) {
      SpanExporter exporter = exporters.size() == 1 ? exporters.get(0) : SpanExporter.composite(exporters);
      tracerProvider.addSpanProcessor(ProcessorDropMeterProvider.useLatestTelemetry(
          BatchSpanProcessor.builder(new CountingSpanExporter(exporter, drops))
              .setMaxQueueSize(queue)
              .setMaxExportBatchSize(batch)
              .setScheduleDelay(config.getDuration("otel.bsp.schedule.delay",
                  Duration.ofMillis(DEFAULT_SCHEDULE_DELAY_MILLIS)))
              .setExporterTimeout(config.getDuration("otel.bsp.export.timeout",
                  Duration.ofMillis(DEFAULT_EXPORT_TIMEOUT_MILLIS)))
              .setMeterProvider(dropMeter))
          .build());
    }
    if (traceStore != null) {
      tracerProvider.addSpanProcessor(ProcessorDropMeterProvider.useLatestTelemetry(
          BatchSpanProcessor.builder(traceStore)
              .setMaxQueueSize(queue)
              .setMaxExportBatchSize(batch)
              .setScheduleDelay(Duration.ofMillis(STORE_SCHEDULE_DELAY_MILLIS))
              .setMeterProvider(dropMeter))
          .build());
    }
    return tracerProvider;
  }

  static String httpTracesUrl(String endpoint) {
    String path = URI.create(endpoint).getPath();
    if (path == null || path.isEmpty() || path.equals("/")) {
      return endpoint.replaceAll("/+$", "") + "/v1/traces";
    }
    return endpoint;
  }

  /** The model and service version, on top of what the environment's resource says. */
  private Resource ownResource(ConfigProperties config) {
    AttributesBuilder attrs = Attributes.builder();
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
    return Resource.create(attrs.build());
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
