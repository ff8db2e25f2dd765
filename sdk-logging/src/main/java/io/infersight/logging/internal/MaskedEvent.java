package io.infersight.logging.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggerContextVO;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.infersight.logging.InfersightLogging;
import io.infersight.logging.PiiMasker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import net.logstash.logback.marker.LogstashMarker;
import org.jspecify.annotations.Nullable;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

/**
 * A masked copy of a logging event, for an appender that reads the event itself rather than the
 * JSON line (the OpenTelemetry logback appender). The message is masked; the MDC, the event's
 * key-value pairs, the fields of its Logstash markers (Infersight's event fields among them) and
 * its exception become typed key-value pairs, written through {@link PiiMaskingGenerator} so that
 * they are masked exactly as the JSON line is. The exception is carried only as masked {@code
 * exception.type}, {@code exception.message} and {@code exception.stacktrace} pairs (no throwable:
 * the appender would export its unmasked message), and the MDC map is left empty (its entries are
 * among the pairs; the trace IDs travel as the record's trace context). Internal.
 */
public final class MaskedEvent implements ILoggingEvent {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final ILoggingEvent event;
  private final String message;
  private final List<KeyValuePair> pairs;

  private MaskedEvent(ILoggingEvent event, String message, List<KeyValuePair> pairs) {
    this.event = event;
    this.message = message;
    this.pairs = pairs;
  }

  /** Masks {@code event} with {@code masker}. */
  public static MaskedEvent of(ILoggingEvent event, PiiMasker masker) {
    String formatted = event.getFormattedMessage();
    return new MaskedEvent(event, formatted == null ? null : masker.mask(formatted), pairs(event, masker));
  }

  private static List<KeyValuePair> pairs(ILoggingEvent event, PiiMasker masker) {
    try {
      TokenBuffer buffer = new TokenBuffer(MAPPER, false);
      JsonGenerator g = new PiiMaskingGenerator(buffer, masker);
      g.writeStartObject();
      Map<String, String> mdc = event.getMDCPropertyMap();
      if (mdc != null) {
        for (Map.Entry<String, String> e : mdc.entrySet()) {
          String key = e.getKey();
          if (!key.equals(InfersightLogging.MDC_TRACE_ID) && !key.equals(InfersightLogging.MDC_SPAN_ID)) {
            g.writeStringField(key, e.getValue());
          }
        }
      }
      List<KeyValuePair> kvs = event.getKeyValuePairs();
      if (kvs != null) {
        for (KeyValuePair kv : kvs) {
          g.writeFieldName(kv.key);
          g.writeObject(kv.value);
        }
      }
      List<Marker> markers = event.getMarkerList();
      if (markers != null) {
        for (Marker m : markers) {
          writeMarker(g, m);
        }
      }
      IThrowableProxy t = event.getThrowableProxy();
      if (t != null) {
        g.writeStringField("exception.type", t.getClassName());
        if (t.getMessage() != null) {
          g.writeStringField("exception.message", t.getMessage());
        }
        g.writeStringField("exception.stacktrace", ThrowableProxyUtil.asString(t));
      }
      g.writeEndObject();
      g.close();
      JsonNode tree = MAPPER.readTree(buffer.asParser(MAPPER));
      List<KeyValuePair> out = new ArrayList<>(tree.size());
      Iterator<Map.Entry<String, JsonNode>> fields = tree.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        out.add(new KeyValuePair(f.getKey(), value(f.getValue())));
      }
      return Collections.unmodifiableList(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeMarker(JsonGenerator g, Marker m) throws IOException {
    if (m instanceof LogstashMarker) {
      ((LogstashMarker) m).writeTo(g);
    }
    if (m.hasReferences()) {
      Iterator<Marker> refs = m.iterator();
      while (refs.hasNext()) {
        writeMarker(g, refs.next());
      }
    }
  }

  /** A typed attribute value: strings, whole numbers, decimals and booleans as such; the rest as JSON text. */
  private static Object value(JsonNode v) {
    if (v.isTextual()) {
      return v.textValue();
    }
    if (v.isIntegralNumber()) {
      return v.longValue();
    }
    if (v.isNumber()) {
      return v.doubleValue();
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    return v.isNull() ? "null" : v.toString();
  }

  @Override
  public String getThreadName() {
    return event.getThreadName();
  }

  @Override
  public Level getLevel() {
    return event.getLevel();
  }

  @Override
  public String getMessage() {
    return message;
  }

  @Override
  public Object @Nullable [] getArgumentArray() {
    return null;
  }

  @Override
  public String getFormattedMessage() {
    return message;
  }

  @Override
  public String getLoggerName() {
    return event.getLoggerName();
  }

  @Override
  public LoggerContextVO getLoggerContextVO() {
    return event.getLoggerContextVO();
  }

  @Override
  public @Nullable IThrowableProxy getThrowableProxy() {
    return null;
  }

  @Override
  public StackTraceElement[] getCallerData() {
    return new StackTraceElement[0];
  }

  @Override
  public boolean hasCallerData() {
    return false;
  }

  @Override
  public @Nullable List<Marker> getMarkerList() {
    return null;
  }

  @Override
  public Map<String, String> getMDCPropertyMap() {
    return Collections.emptyMap();
  }

  @Override
  @SuppressWarnings("deprecation")
  public Map<String, String> getMdc() {
    return Collections.emptyMap();
  }

  @Override
  public long getTimeStamp() {
    return event.getTimeStamp();
  }

  @Override
  public int getNanoseconds() {
    return event.getNanoseconds();
  }

  @Override
  public Instant getInstant() {
    return event.getInstant();
  }

  @Override
  public long getSequenceNumber() {
    return event.getSequenceNumber();
  }

  @Override
  public List<KeyValuePair> getKeyValuePairs() {
    return pairs;
  }

  @Override
  public void prepareForDeferredProcessing() {
    // Everything is copied already.
  }
}
