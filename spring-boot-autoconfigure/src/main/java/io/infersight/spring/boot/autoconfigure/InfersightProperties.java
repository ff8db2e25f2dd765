package io.infersight.spring.boot.autoconfigure;

import io.infersight.core.CorrelationIds;
import io.infersight.core.InferenceObserver;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.io.Resource;

/**
 * Settings of the Infersight starter, under {@code infersight.*}. Every value is checked when the
 * application starts; a bad one stops the start with a message naming the property.
 *
 * @since 0.1.0
 */
@ConfigurationProperties(prefix = "infersight")
public final class InfersightProperties {
  /** Whether the starter configures anything at all. */
  private boolean enabled = true;

  /** Requests slower than this keep their logs and traces whatever the sampling says. */
  private Duration slowThreshold = Duration.ofMillis(InferenceObserver.DEFAULT_SLOW_THRESHOLD_MILLIS);

  private final Model model = new Model();
  private final Metrics metrics = new Metrics();
  private final Tracing tracing = new Tracing();
  private final Logging logging = new Logging();
  private final Drift drift = new Drift();
  private final Gpu gpu = new Gpu();
  private final CorrelationId correlationId = new CorrelationId();

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public Duration getSlowThreshold() {
    return slowThreshold;
  }

  public void setSlowThreshold(Duration slowThreshold) {
    this.slowThreshold = slowThreshold;
  }

  public Model getModel() {
    return model;
  }

  public Metrics getMetrics() {
    return metrics;
  }

  public Tracing getTracing() {
    return tracing;
  }

  public Logging getLogging() {
    return logging;
  }

  public Drift getDrift() {
    return drift;
  }

  public Gpu getGpu() {
    return gpu;
  }

  public CorrelationId getCorrelationId() {
    return correlationId;
  }

  /** Checks every value; throws naming the first property that is wrong. */
  void validate() {
    if (slowThreshold == null || slowThreshold.isNegative() || slowThreshold.isZero()) {
      throw invalid("infersight.slow-threshold", slowThreshold, "must be a positive duration, such as 250ms");
    }
    double ratio = tracing.samplingRatio;
    if (!(ratio >= 0.0 && ratio <= 1.0)) {
      throw invalid("infersight.tracing.sampling-ratio", ratio, "must be between 0 and 1");
    }
    double rate = logging.sampleRate;
    if (!(rate >= 0.0 && rate <= 1.0)) {
      throw invalid("infersight.logging.sample-rate", rate, "must be between 0 and 1");
    }
    if (logging.queueSize < 1) {
      throw invalid("infersight.logging.queue-size", logging.queueSize, "must be at least 1");
    }
    if (logging.format == null) {
      throw invalid("infersight.logging.format", null, "must be json or console");
    }
    String header = correlationId.header;
    if (header == null || header.isBlank() || !header.chars().allMatch(InfersightProperties::tokenChar)) {
      throw invalid("infersight.correlation-id.header", header, "must be an HTTP header name");
    }
    if (drift.referenceProfile != null && !drift.referenceProfile.exists()) {
      throw invalid("infersight.drift.reference-profile", drift.referenceProfile.getDescription(),
          "does not exist");
    }
    Duration gpuInterval = gpu.interval;
    if (gpuInterval == null || gpuInterval.toMillis() < 100) {
      throw invalid("infersight.gpu.interval", gpuInterval, "must be at least 100ms");
    }
  }

  private static boolean tokenChar(int c) {
    return c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
  }

  static InvalidConfigurationPropertyValueException invalid(String property, @Nullable Object value, String reason) {
    return new InvalidConfigurationPropertyValueException(property, value, reason);
  }

  /** The served model's identity; labels every metric, log line and span. */
  public static final class Model {
    /** Model name; defaults to the build's artifact name from META-INF/build-info.properties. */
    private @Nullable String name;
    /** Model version; defaults to the build's version, else "unknown". */
    private @Nullable String version;
    /** Git commit of the model code; defaults to git.properties' commit ID, else "unknown". */
    private @Nullable String gitCommit;

    public @Nullable String getName() {
      return name;
    }

    public void setName(@Nullable String name) {
      this.name = name;
    }

    public @Nullable String getVersion() {
      return version;
    }

    public void setVersion(@Nullable String version) {
      this.version = version;
    }

    public @Nullable String getGitCommit() {
      return gitCommit;
    }

    public void setGitCommit(@Nullable String gitCommit) {
      this.gitCommit = gitCommit;
    }
  }

  /** The metrics pillar: records into Boot's MeterRegistry. */
  public static final class Metrics {
    /** Whether requests are recorded into Boot's MeterRegistry. */
    private boolean enabled = true;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }

  /** The tracing pillar. */
  public static final class Tracing {
    /** Whether requests are traced. */
    private boolean enabled = true;
    /** Share of ordinary requests traced; failed and slow ones are always kept. */
    private double samplingRatio = 0.1;
    /**
     * OTLP endpoint of Infersight's own SDK, used when the application has neither an OpenTelemetry
     * SDK of its own nor the Java agent; unset keeps traces in the embedded store only.
     */
    private @Nullable String otlpEndpoint;
    /** Service name of Infersight's own SDK; defaults to spring.application.name. */
    private @Nullable String serviceName;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public double getSamplingRatio() {
      return samplingRatio;
    }

    public void setSamplingRatio(double samplingRatio) {
      this.samplingRatio = samplingRatio;
    }

    public @Nullable String getOtlpEndpoint() {
      return otlpEndpoint;
    }

    public void setOtlpEndpoint(@Nullable String otlpEndpoint) {
      this.otlpEndpoint = otlpEndpoint;
    }

    public @Nullable String getServiceName() {
      return serviceName;
    }

    public void setServiceName(@Nullable String serviceName) {
      this.serviceName = serviceName;
    }
  }

  /** The logs pillar. */
  public static final class Logging {
    /** Whether per-request log events and the MDC correlation fields are produced. */
    private boolean enabled = true;
    /** Share of successful, fast requests whose log lines are kept. */
    private double sampleRate = 0.01;
    /** Output of the shipped logback configuration: json (one object per line) or console. */
    private Format format = Format.JSON;
    /** Capacity of the shipped configuration's non-blocking queue; events past it are dropped and counted. */
    private int queueSize = 8192;

    public int getQueueSize() {
      return queueSize;
    }

    public void setQueueSize(int queueSize) {
      this.queueSize = queueSize;
    }

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public double getSampleRate() {
      return sampleRate;
    }

    public void setSampleRate(double sampleRate) {
      this.sampleRate = sampleRate;
    }

    public Format getFormat() {
      return format;
    }

    public void setFormat(Format format) {
      this.format = format;
    }

    /** Output format of the shipped logback configuration. */
    public enum Format {
      JSON,
      CONSOLE
    }
  }

  /** The drift pillar. */
  public static final class Drift {
    /** Reference profile (a Spring resource location); drift monitoring is on when set. */
    private @Nullable Resource referenceProfile;

    public @Nullable Resource getReferenceProfile() {
      return referenceProfile;
    }

    public void setReferenceProfile(@Nullable Resource referenceProfile) {
      this.referenceProfile = referenceProfile;
    }
  }

  /** The GPU pillar. */
  public static final class Gpu {
    /** Whether NVML GPU gauges are polled (nothing is polled when NVML does not load). */
    private boolean enabled = true;
    /** Poll interval. */
    private Duration interval = Duration.ofSeconds(15);

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public Duration getInterval() {
      return interval;
    }

    public void setInterval(Duration interval) {
      this.interval = interval;
    }
  }

  /** Correlation IDs of HTTP requests. */
  public static final class CorrelationId {
    /** Request header read, validated and echoed. */
    private String header = CorrelationIds.HEADER;

    public String getHeader() {
      return header;
    }

    public void setHeader(String header) {
      this.header = header;
    }
  }
}
