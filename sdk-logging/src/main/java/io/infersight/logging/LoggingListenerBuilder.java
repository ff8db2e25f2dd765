package io.infersight.logging;

import java.util.Objects;

/**
 * Options of a {@link LoggingListener}. Obtain it from {@link InfersightLogging#listenerBuilder()}.
 * Each setter checks its value; {@link #build()} copies them into the listener, so changing or
 * reusing the builder afterwards leaves built listeners alone.
 *
 * <pre>{@code
 * LoggingListener logging = InfersightLogging.listenerBuilder()
 *     .sampleRate(0.05)
 *     .requestBufferSize(512)
 *     .build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class LoggingListenerBuilder {
  private double sampleRate = InfersightLogging.DEFAULT_SAMPLE_RATE;
  private int requestBufferSize = InfersightLogging.DEFAULT_REQUEST_BUFFER_SIZE;
  private String eventLogger = InfersightLogging.DEFAULT_EVENT_LOGGER;

  LoggingListenerBuilder() {}

  /**
   * Share, from 0 to 1, of successful, fast, unsampled requests whose INFO and lower events are
   * kept. Failed, slow and trace-sampled requests keep everything. Default {@value
   * InfersightLogging#DEFAULT_SAMPLE_RATE}; 1 turns sampling off.
   */
  public LoggingListenerBuilder sampleRate(double rate) {
    if (!(rate >= 0.0 && rate <= 1.0)) {
      throw new IllegalArgumentException("sampleRate must be between 0 and 1, was " + rate);
    }
    this.sampleRate = rate;
    return this;
  }

  /**
   * Most events one request holds until its sampling decision; more are dropped and counted
   * under {@value io.infersight.core.SelfMetricNames#LOGS_DROPPED}{@code {reason=buffer_full}}. Default {@value
   * InfersightLogging#DEFAULT_REQUEST_BUFFER_SIZE}, from 1 to {@value
   * InfersightLogging#MAX_REQUEST_BUFFER_SIZE}.
   */
  public LoggingListenerBuilder requestBufferSize(int size) {
    if (size < 1 || size > InfersightLogging.MAX_REQUEST_BUFFER_SIZE) {
      throw new IllegalArgumentException("requestBufferSize must be between 1 and "
          + InfersightLogging.MAX_REQUEST_BUFFER_SIZE + ", was " + size);
    }
    this.requestBufferSize = size;
    return this;
  }

  /** Logger name of Infersight's events. Default {@value InfersightLogging#DEFAULT_EVENT_LOGGER}. */
  public LoggingListenerBuilder eventLogger(String name) {
    Objects.requireNonNull(name, "eventLogger");
    if (name.isBlank()) {
      throw new IllegalArgumentException("eventLogger must be a non-blank logger name");
    }
    this.eventLogger = name;
    return this;
  }

  /** Builds the listener from a copy of the settings. Register it on exactly one observer. */
  public LoggingListener build() {
    return new LoggingListener(sampleRate, requestBufferSize, eventLogger);
  }
}
