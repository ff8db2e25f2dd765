package io.infersight.spring.boot.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infersight.logging.InfersightEncoder;
import io.infersight.logging.PiiMasker;
import io.infersight.logging.PiiMaskingJsonDecorator;
import io.infersight.logging.internal.ForwardingEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.logstash.logback.argument.StructuredArgument;
import net.logstash.logback.marker.LogstashMarker;
import org.jspecify.annotations.Nullable;
import org.slf4j.Marker;
import org.springframework.boot.logging.logback.StructuredLogEncoder;

/**
 * The encoder of the starter's logback configuration. Without a structured format it is
 * Infersight's {@link InfersightEncoder} ({@code json} or {@code console}, masked). With one
 * ({@code ecs}, {@code logstash}, {@code gelf} or a formatter class name, as Boot's {@code
 * logging.structured.format.console} takes), Boot's {@link StructuredLogEncoder} writes the line and
 * this encoder rewrites it through Infersight's masking ({@link PiiMaskingJsonDecorator}), adding
 * the fields of Infersight's events and of structured arguments ({@code event}, {@code model_name},
 * {@code total_ms}, ..., from logstash markers), which Boot's formats leave out. In {@code gelf}
 * those added fields get GELF's {@code _} prefix, like the MDC entries Boot writes there.
 *
 * <pre>{@code
 * <encoder class="io.infersight.spring.boot.logging.InfersightBootEncoder">
 *   <structuredFormat>ecs</structuredFormat>
 * </encoder>
 * }</pre>
 *
 * <p>The rewrite runs where the line is encoded: behind the starter's non-blocking queue, on the
 * writer thread. The correlation and trace IDs are copied unmasked (hexadecimal IDs can hold digit
 * runs that pass the card-number check); every other value goes through the masker. A line that is
 * not a JSON object (a custom formatter's text) is masked as text.
 *
 * @since 0.1.0
 */
public final class InfersightBootEncoder extends ForwardingEncoder {
  /** Fields copied as they are, with or without GELF's prefix. */
  private static final Set<String> IDS = Set.of(
      "correlation_id", "trace_id", "span_id", "_correlation_id", "_trace_id", "_span_id");

  private String format = InfersightEncoder.JSON;
  private String structuredFormat = "";
  private @Nullable PiiMaskingJsonDecorator masking;
  private @Nullable JsonFactory json;
  private boolean gelf;

  public InfersightBootEncoder() {}

  /** Infersight's own format, {@code json} (default) or {@code console}; used without a structured format. */
  public void setFormat(String format) {
    this.format = format;
  }

  public String getFormat() {
    return format;
  }

  /**
   * A Boot structured format ({@code ecs}, {@code logstash}, {@code gelf}, or the class name of a
   * {@code StructuredLogFormatter}); empty (default) for Infersight's own format.
   */
  public void setStructuredFormat(String structuredFormat) {
    this.structuredFormat = structuredFormat == null ? "" : structuredFormat.trim();
  }

  public String getStructuredFormat() {
    return structuredFormat;
  }

  @Override
  public void start() {
    Encoder<ILoggingEvent> encoder;
    if (structuredFormat.isEmpty()) {
      InfersightEncoder own = new InfersightEncoder();
      own.setFormat(format);
      encoder = own;
    } else {
      StructuredLogEncoder boot = new StructuredLogEncoder();
      boot.setFormat(structuredFormat);
      boot.setCharset(StandardCharsets.UTF_8);
      encoder = boot;
      masking = PiiMaskingJsonDecorator.create(PiiMasker.defaults());
      json = new ObjectMapper().getFactory();
      gelf = "gelf".equals(structuredFormat.toLowerCase(Locale.ROOT));
    }
    encoder.setContext(getContext());
    try {
      encoder.start();
    } catch (RuntimeException e) {
      addError("logging.structured.format.console '" + structuredFormat + "' cannot be used: " + e.getMessage(), e);
      return;
    }
    if (!encoder.isStarted()) {
      return;
    }
    delegate(encoder);
    super.start();
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    byte[] line = super.encode(event);
    if (masking == null || line == null || line.length == 0) {
      return line;
    }
    try {
      return rewrite(line, event);
    } catch (IOException | RuntimeException e) {
      // Not one JSON object: mask it as text.
      String text = new String(line, StandardCharsets.UTF_8);
      return masking.masker().mask(text).getBytes(StandardCharsets.UTF_8);
    }
  }

  /** Boot's line, masked, with the logstash markers' and structured arguments' fields added. */
  private byte[] rewrite(byte[] line, ILoggingEvent event) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(line.length + 256);
    try (JsonParser p = json.createParser(line);
        JsonGenerator raw = json.createGenerator(out)) {
      JsonGenerator masked = masking.decorate(raw);
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not a JSON object");
      }
      raw.writeStartObject();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        JsonGenerator g = IDS.contains(name) ? raw : masked;
        g.writeFieldName(name);
        g.copyCurrentStructure(p);
      }
      JsonGenerator extra = gelf ? new GelfFieldNames(masked) : masked;
      writeMarkers(event.getMarkerList(), extra);
      Object[] args = event.getArgumentArray();
      if (args != null) {
        for (Object a : args) {
          if (a instanceof StructuredArgument) {
            ((StructuredArgument) a).writeTo(extra);
          }
        }
      }
      raw.writeEndObject();
    }
    out.write('\n');
    return out.toByteArray();
  }

  private static void writeMarkers(List<Marker> markers, JsonGenerator g) throws IOException {
    if (markers == null) {
      return;
    }
    for (Marker m : markers) {
      writeMarker(m, g);
    }
  }

  private static void writeMarker(Marker m, JsonGenerator g) throws IOException {
    if (m instanceof LogstashMarker) {
      ((LogstashMarker) m).writeTo(g);
    }
    if (m.hasReferences()) {
      for (Iterator<Marker> it = m.iterator(); it.hasNext(); ) {
        writeMarker(it.next(), g);
      }
    }
  }

  /** Writes the line's own field names (not those of nested objects) with GELF's {@code _} prefix. */
  private static final class GelfFieldNames extends JsonGeneratorDelegate {
    GelfFieldNames(JsonGenerator delegate) {
      super(delegate, false);
    }

    @Override
    public void writeFieldName(String name) throws IOException {
      boolean ownField = getOutputContext().getParent() != null && getOutputContext().getParent().inRoot();
      super.writeFieldName(ownField && !name.startsWith("_") ? "_" + name : name);
    }
  }
}
