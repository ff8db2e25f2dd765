package io.infersight.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One span as the {@link TraceStore} keeps it: plain values only, ready to render as JSON or as a
 * waterfall row. Immutable.
 *
 * <pre>{@code
 * for (StoredSpan s : trace.spans()) {
 *   long offsetMicros = (s.startEpochNanos() - trace.startEpochNanos()) / 1000;
 *   System.out.println(s.name() + " +" + offsetMicros + "us " + s.durationNanos() / 1000 + "us " + s.status());
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class StoredSpan {
  /** {@link #status()} of a span that did not set one. */
  public static final String STATUS_UNSET = "UNSET";
  /** {@link #status()} of a span marked successful. */
  public static final String STATUS_OK = "OK";
  /** {@link #status()} of a failed span. */
  public static final String STATUS_ERROR = "ERROR";

  private final String name;
  private final String traceId;
  private final String spanId;
  private final @Nullable String parentSpanId;
  private final String kind;
  private final long startEpochNanos;
  private final long endEpochNanos;
  private final Map<String, Object> attributes;
  private final String status;
  private final String statusDescription;

  private StoredSpan(SpanData data) {
    this.name = data.getName();
    this.traceId = data.getTraceId();
    this.spanId = data.getSpanId();
    this.parentSpanId = data.getParentSpanContext().isValid() ? data.getParentSpanId() : null;
    this.kind = data.getKind().name();
    this.startEpochNanos = data.getStartEpochNanos();
    this.endEpochNanos = data.getEndEpochNanos();
    Map<String, Object> attrs = new LinkedHashMap<>();
    data.getAttributes().forEach((key, value) -> attrs.put(key.getKey(), plain(key, value)));
    this.attributes = Collections.unmodifiableMap(attrs);
    this.status = data.getStatus().getStatusCode().name();
    this.statusDescription = data.getStatus().getDescription();
  }

  static StoredSpan of(SpanData data) {
    return new StoredSpan(data);
  }

  private static Object plain(AttributeKey<?> key, Object value) {
    if (value instanceof List) {
      return Collections.unmodifiableList(new ArrayList<>((List<?>) value));
    }
    return value;
  }

  /** The span name, for example {@code model.forward}. */
  public String name() {
    return name;
  }

  /** The trace ID, 32 lower-case hex digits. */
  public String traceId() {
    return traceId;
  }

  /** The span ID, 16 lower-case hex digits. */
  public String spanId() {
    return spanId;
  }

  /** The parent's span ID, or {@code null} for a span without a parent. */
  public @Nullable String parentSpanId() {
    return parentSpanId;
  }

  /** {@code INTERNAL}, {@code SERVER}, {@code CLIENT}, {@code PRODUCER} or {@code CONSUMER}. */
  public String kind() {
    return kind;
  }

  public long startEpochNanos() {
    return startEpochNanos;
  }

  public long endEpochNanos() {
    return endEpochNanos;
  }

  public long durationNanos() {
    return endEpochNanos - startEpochNanos;
  }

  /**
   * The attributes by key, in the order the span has them; values are {@code String}, {@code
   * Boolean}, {@code Long}, {@code Double} or an unmodifiable {@code List} of one of those.
   */
  public Map<String, Object> attributes() {
    return attributes;
  }

  /** {@value #STATUS_UNSET}, {@value #STATUS_OK} or {@value #STATUS_ERROR}. */
  public String status() {
    return status;
  }

  /** The status description (for Infersight spans, the error's class name), or empty. */
  public String statusDescription() {
    return statusDescription;
  }

  public boolean isError() {
    return STATUS_ERROR.equals(status);
  }

  @Override
  public String toString() {
    return "StoredSpan{" + name + ", spanId=" + spanId + ", parent=" + parentSpanId + ", "
        + durationNanos() + "ns, " + status + "}";
  }
}
