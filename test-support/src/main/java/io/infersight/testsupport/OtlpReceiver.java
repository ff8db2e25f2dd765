package io.infersight.testsupport;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * What a loopback OTLP receiver got, decoded with the OTLP protobuf classes. A module that uses it
 * has {@code opentelemetry-proto} among its test dependencies (this module declares it optional).
 */
public abstract class OtlpReceiver implements AutoCloseable {
  public final List<ExportTraceServiceRequest> requests = new CopyOnWriteArrayList<>();
  /** Log export requests (receivers that serve {@code /v1/logs}). */
  public final List<ExportLogsServiceRequest> logRequests = new CopyOnWriteArrayList<>();
  /** The headers of the last export request, names in lower case. */
  public final Map<String, String> headers = new java.util.concurrent.ConcurrentHashMap<>();

  public abstract String endpoint();

  @Override
  public abstract void close();

  public List<Span> spans() {
    List<Span> out = new ArrayList<>();
    for (ExportTraceServiceRequest r : requests) {
      for (ResourceSpans rs : r.getResourceSpansList()) {
        for (ScopeSpans ss : rs.getScopeSpansList()) {
          out.addAll(ss.getSpansList());
        }
      }
    }
    return out;
  }

  /** Every log record received. */
  public List<LogRecord> logRecords() {
    List<LogRecord> out = new ArrayList<>();
    for (ExportLogsServiceRequest r : logRequests) {
      for (ResourceLogs rl : r.getResourceLogsList()) {
        for (ScopeLogs sl : rl.getScopeLogsList()) {
          out.addAll(sl.getLogRecordsList());
        }
      }
    }
    return out;
  }

  public Span span(String name) {
    List<Span> matches = spans().stream().filter(s -> s.getName().equals(name)).collect(Collectors.toList());
    if (matches.size() != 1) {
      throw new AssertionError("expected one span named " + name + ", got " + names());
    }
    return matches.get(0);
  }

  public List<String> names() {
    return spans().stream().map(Span::getName).collect(Collectors.toList());
  }

  /** Resource attributes of the first request, as strings. */
  public Map<String, String> resource() {
    return strings(requests.get(0).getResourceSpans(0).getResource().getAttributesList());
  }

  public List<String> scopeNames() {
    List<String> out = new ArrayList<>();
    for (ExportTraceServiceRequest r : requests) {
      for (ResourceSpans rs : r.getResourceSpansList()) {
        for (ScopeSpans ss : rs.getScopeSpansList()) {
          out.add(ss.getScope().getName() + ":" + ss.getScope().getVersion());
        }
      }
    }
    return out;
  }

  public static Map<String, String> strings(List<KeyValue> attributes) {
    Map<String, String> out = new HashMap<>();
    for (KeyValue kv : attributes) {
      AnyValue v = kv.getValue();
      String s;
      switch (v.getValueCase()) {
        case STRING_VALUE:
          s = v.getStringValue();
          break;
        case BOOL_VALUE:
          s = Boolean.toString(v.getBoolValue());
          break;
        case INT_VALUE:
          s = Long.toString(v.getIntValue());
          break;
        case DOUBLE_VALUE:
          s = Double.toString(v.getDoubleValue());
          break;
        default:
          s = v.toString();
      }
      out.put(kv.getKey(), s);
    }
    return out;
  }

  public static String hex(com.google.protobuf.ByteString bytes) {
    return HexFormat.of().formatHex(bytes.toByteArray());
  }
}
