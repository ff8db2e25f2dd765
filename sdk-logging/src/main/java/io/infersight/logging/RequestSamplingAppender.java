package io.infersight.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.infersight.core.Inference;
import io.infersight.core.InferenceView;
import io.infersight.logging.internal.InferenceEventMarker;
import io.infersight.logging.internal.RequestLogBuffer;
import java.util.function.Consumer;

/**
 * Samples the log lines of inference requests by their outcome. An event below WARN that is
 * logged while an inference is current (on the request thread, or in a task wrapped by the
 * observer) is held in that request's bounded buffer; when the request ends, the {@link
 * LoggingListener} keeps all of it (failed, slow, trace sampled, or drawn at the sample rate) or
 * drops and counts all of it. WARN and ERROR pass at once; so does everything logged outside an
 * inference, or for an observer without the logging listener.
 *
 * <p>It also puts the {@code trace_id} and {@code span_id} of a request whose trace is not
 * exported yet (drawn at its start, so that a failed or slow request's lines name the trace kept
 * for it) in the MDC, when the first line of the request reaches it on a thread.
 *
 * <pre>{@code
 * <appender name="SAMPLED" class="io.infersight.logging.RequestSamplingAppender">
 *   <appender-ref ref="ASYNC_JSON"/>
 * </appender>
 * }</pre>
 *
 * @since 0.1.0
 */
public final class RequestSamplingAppender extends ForwardingAppender {
  private final Consumer<ILoggingEvent> forward = this::forward;

  /** For logback's configurator. */
  public RequestSamplingAppender() {}

  @Override
  protected void append(ILoggingEvent event) {
    InferenceEventMarker marker = InferenceEventMarker.of(event);
    InferenceView inf = marker != null ? marker.inference() : Inference.current();
    // The no-op inference has no observer, hence no logging listener and no buffer.
    boolean recording = inf.observer() != null;
    if (recording) {
      // Before the event reads the MDC: the IDs of a trace not exported yet are formatted only now.
      LoggingListener.putPendingTraceIds(inf);
    }
    if (event.getLevel().isGreaterOrEqual(Level.WARN) || (marker != null && marker.decided())) {
      forward(event);
      return;
    }
    RequestLogBuffer buffer = recording ? LoggingListener.bufferFor(inf) : null;
    if (buffer == null || buffer.offer(forward, event)) {
      forward(event);
    }
  }

  private void forward(ILoggingEvent event) {
    appenders.appendLoopOnAppenders(event);
  }

  @Override
  public void stop() {
    super.stop();
    appenders.detachAndStopAllAppenders();
  }
}
