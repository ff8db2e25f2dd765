package io.infersight.logging;

import io.infersight.core.SelfMetricNames;
import java.util.Objects;

/**
 * Entry point of the logs pillar: structured JSON logs with correlation IDs, PII masking and
 * sampling tied to each request's outcome, on logback and logstash-logback-encoder.
 *
 * <pre>{@code
 * InferenceObserver observer = InferenceObserver.builder()
 *     .model("fraud-detector", "2.1.0")
 *     .addListener(InfersightLogging.listenerBuilder().sampleRate(0.05).build())
 *     .build();
 * }</pre>
 *
 * <p>and, in {@code logback.xml}:
 *
 * <pre>{@code
 * <configuration>
 *   <include resource="io/infersight/logging/infersight-appenders.xml"/>
 *   <root level="INFO"><appender-ref ref="INFERSIGHT"/></root>
 * </configuration>
 * }</pre>
 *
 * @since 0.1.0
 */
public final class InfersightLogging {
  /** MDC key of the request's correlation ID. */
  public static final String MDC_CORRELATION_ID = "correlation_id";
  /** MDC key of the W3C trace ID, present when the request is traced. */
  public static final String MDC_TRACE_ID = "trace_id";
  /** MDC key of the request's root span ID, present when the request is traced. */
  public static final String MDC_SPAN_ID = "span_id";
  /** @deprecated Use {@link SelfMetricNames#LOGS_SAMPLED_OUT}. */
  @Deprecated
  public static final String SAMPLED_OUT = SelfMetricNames.LOGS_SAMPLED_OUT;
  /**
   * @deprecated Use {@link SelfMetricNames#LOGS_DROPPED}, labelled {@code
   *     reason=buffer_full|queue_full|flush_timeout}.
   */
  @Deprecated
  public static final String DROPPED = SelfMetricNames.LOGS_DROPPED;
  /** Default share of successful, fast, unsampled requests whose events are kept. */
  public static final double DEFAULT_SAMPLE_RATE = 0.01;
  /** Default number of events one request holds until its sampling decision. */
  public static final int DEFAULT_REQUEST_BUFFER_SIZE = 256;
  /** The largest accepted request buffer. */
  public static final int MAX_REQUEST_BUFFER_SIZE = 65_536;
  /** Default logger of Infersight's own events. */
  public static final String DEFAULT_EVENT_LOGGER = "io.infersight.inference";

  private InfersightLogging() {}

  /** A listener with every default. */
  public static LoggingListener listener() {
    return listenerBuilder().build();
  }

  /** A builder of a listener, for options. */
  public static LoggingListenerBuilder listenerBuilder() {
    LoggingLibraries.require();
    return new LoggingListenerBuilder();
  }

  /**
   * A builder of a listener.
   *
   * @deprecated use {@link #listenerBuilder()}
   */
  @Deprecated
  public static Builder builder() {
    return new Builder(listenerBuilder());
  }

  /**
   * Sends Infersight's log events, after its sampling and masking, through {@code openTelemetry}'s
   * logs pipeline (OTLP when the app's SDK exports logs so): hands it to the OpenTelemetry logback
   * appender that {@code io/infersight/logging/infersight-appenders-otlp.xml} places behind
   * {@link OtlpLogsAppender}. Call it once logback is configured and the SDK is built; with the
   * OpenTelemetry Java agent or Spring Boot's OpenTelemetry starter, pass the {@code OpenTelemetry}
   * they provide. Needs {@code io.opentelemetry.instrumentation:opentelemetry-logback-appender-1.0}
   * (2.x) on the class path; see docs/logging.md, "OTLP logs".
   *
   * @throws IllegalStateException when the logback configuration has no started {@link
   *     OtlpLogsAppender} with an OpenTelemetry logback appender attached
   */
  public static void otlp(io.opentelemetry.api.OpenTelemetry openTelemetry) {
    Objects.requireNonNull(openTelemetry, "openTelemetry");
    if (OtlpLogsAppender.install(openTelemetry) == 0) {
      throw new IllegalStateException("otlp: the logback configuration has no OtlpLogsAppender with an"
          + " OpenTelemetry logback appender attached; include"
          + " io/infersight/logging/infersight-appenders-otlp.xml instead of infersight-appenders.xml"
          + " (and add io.opentelemetry.instrumentation:opentelemetry-logback-appender-1.0)");
    }
  }

  /**
   * The listener's builder under its former name: every method forwards to a {@link
   * LoggingListenerBuilder}.
   *
   * @since 0.1.0
   * @deprecated use {@link InfersightLogging#listenerBuilder()} and {@link LoggingListenerBuilder}
   */
  @Deprecated
  public static final class Builder {
    private final LoggingListenerBuilder builder;

    private Builder(LoggingListenerBuilder builder) {
      this.builder = builder;
    }

    /** As {@link LoggingListenerBuilder#sampleRate}. */
    public Builder sampleRate(double rate) {
      builder.sampleRate(rate);
      return this;
    }

    /** As {@link LoggingListenerBuilder#requestBufferSize}. */
    public Builder requestBufferSize(int size) {
      builder.requestBufferSize(size);
      return this;
    }

    /** As {@link LoggingListenerBuilder#eventLogger}. */
    public Builder eventLogger(String name) {
      builder.eventLogger(name);
      return this;
    }

    /** As {@link LoggingListenerBuilder#build}. */
    public LoggingListener build() {
      return builder.build();
    }
  }
}
