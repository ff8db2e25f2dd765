package io.infersight.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import io.infersight.logging.internal.MaskedEvent;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceId;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * Sends Infersight's log events over OTLP: it masks every event that reaches it and hands the
 * masked copy to the appenders attached to it, normally OpenTelemetry's logback appender
 * ({@code io.opentelemetry.instrumentation:opentelemetry-logback-appender-1.0}), with the event's
 * {@code trace_id} / {@code span_id} made the current trace context, so that each log record
 * carries them. Placed behind {@link RequestSamplingAppender} and {@link NonBlockingAsyncAppender}
 * (as {@code io/infersight/logging/infersight-appenders-otlp.xml} does), it sees only the events
 * that sampling kept, and masks and exports on the writer thread, never on a request thread.
 *
 * <p>What the attached appender receives (see {@code MaskedEvent}): the masked message; the MDC,
 * key-value pairs, Infersight's event fields and the exception ({@code exception.type}, {@code
 * exception.message}, {@code exception.stacktrace}) as masked key-value pairs, which
 * OpenTelemetry's appender exports as typed attributes with {@code
 * captureKeyValuePairAttributes=true}; no throwable and no MDC map. Masking properties as {@link
 * PiiMaskingJsonDecorator}: {@code maskedField}, {@code maskedPattern}, {@code maskEmails}, {@code
 * maskCardNumbers}.
 *
 * <p>Needs the OpenTelemetry API on the class path. Hand the app's {@code OpenTelemetry} to the
 * appenders behind it with {@link InfersightLogging#otlp(OpenTelemetry)}.
 *
 * @since 0.1.0
 */
public final class OtlpLogsAppender extends ForwardingAppender {
  private static final String OTEL_APPENDER =
      "io.opentelemetry.instrumentation.logback.appender.v1_0.OpenTelemetryAppender";
  private static final List<OtlpLogsAppender> STARTED = new CopyOnWriteArrayList<>();

  private final PiiMaskingJsonDecorator masking = new PiiMaskingJsonDecorator();

  /** For logback's configurator. */
  public OtlpLogsAppender() {}

  /** Adds a sensitive field name (logback property {@code maskedField}, repeatable). */
  public void addMaskedField(String name) {
    masking.addMaskedField(name);
  }

  /** Adds a regular expression to mask (logback property {@code maskedPattern}, repeatable). */
  public void addMaskedPattern(String regex) {
    masking.addMaskedPattern(regex);
  }

  /** Whether e-mail addresses are masked (logback property {@code maskEmails}). Default {@code true}. */
  public void setMaskEmails(boolean mask) {
    masking.setMaskEmails(mask);
  }

  /** Whether card numbers are masked (logback property {@code maskCardNumbers}). Default {@code true}. */
  public void setMaskCardNumbers(boolean mask) {
    masking.setMaskCardNumbers(mask);
  }

  @Override
  public void start() {
    super.start();
    STARTED.add(this);
  }

  @Override
  public void stop() {
    STARTED.remove(this);
    super.stop();
    appenders.detachAndStopAllAppenders();
  }

  @Override
  protected void append(ILoggingEvent event) {
    MaskedEvent masked = MaskedEvent.of(event, masking.masker());
    SpanContext trace = spanContext(event.getMDCPropertyMap());
    if (trace == null) {
      appenders.appendLoopOnAppenders(masked);
      return;
    }
    try (Scope ignored = Context.root().with(Span.wrap(trace)).makeCurrent()) {
      appenders.appendLoopOnAppenders(masked);
    }
  }

  /** The trace context named by the event's MDC, or null when it names none (or an invalid one). */
  private static @Nullable SpanContext spanContext(@Nullable Map<String, String> mdc) {
    if (mdc == null) {
      return null;
    }
    String traceId = mdc.get(InfersightLogging.MDC_TRACE_ID);
    String spanId = mdc.get(InfersightLogging.MDC_SPAN_ID);
    if (traceId == null || spanId == null || !TraceId.isValid(traceId) || !SpanId.isValid(spanId)) {
      return null;
    }
    return SpanContext.create(traceId, spanId, TraceFlags.getDefault(), TraceState.getDefault());
  }

  /**
   * Hands {@code openTelemetry} to every OpenTelemetry logback appender attached to a started
   * {@code OtlpLogsAppender}; returns how many took it. Its own {@code install} finds only
   * appenders attached to loggers, not ones behind Infersight's chain.
   */
  static int install(OpenTelemetry openTelemetry) {
    int installed = 0;
    for (OtlpLogsAppender a : STARTED) {
      Iterator<Appender<ILoggingEvent>> it = a.appenders.iteratorForAppenders();
      List<Appender<ILoggingEvent>> targets = new ArrayList<>();
      it.forEachRemaining(targets::add);
      for (Appender<ILoggingEvent> target : targets) {
        if (target.getClass().getName().equals(OTEL_APPENDER)) {
          try {
            Method set = target.getClass().getMethod("setOpenTelemetry", OpenTelemetry.class);
            set.invoke(target, openTelemetry);
            installed++;
          } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("otlp: the OpenTelemetry logback appender on the class path"
                + " has no setOpenTelemetry(OpenTelemetry); use opentelemetry-logback-appender-1.0"
                + " 2.x", e);
          }
        }
      }
    }
    return installed;
  }
}
