package io.infersight.logging.internal;

import io.infersight.logging.PiiMasker;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.util.JsonGeneratorDelegate;

/**
 * A generator that masks as it writes: every value under a sensitive field name (a whole object or
 * array included) becomes {@link PiiMasker#MASK}; every other string value goes through {@link
 * PiiMasker#mask(String)}. Identifier fields that Infersight writes itself are left alone, since
 * hexadecimal IDs can contain digit runs that look like card numbers.
 */
public final class PiiMaskingGenerator extends JsonGeneratorDelegate {
  private static final Set<String> EXEMPT = Set.of(
      "correlation_id", "trace_id", "span_id", "@timestamp", "@version", "level", "level_value",
      "logger_name", "thread_name", "model_name", "model_version", "event", "status");

  private final PiiMasker masker;
  private boolean maskNext;
  private boolean exemptNext;
  private int maskDepth;

  public PiiMaskingGenerator(JsonGenerator delegate, PiiMasker masker) {
    super(delegate, false);
    this.masker = masker;
  }

  private void onName(String name) {
    if (maskDepth > 0) {
      return;
    }
    maskNext = masker.isSensitiveField(name);
    exemptNext = !maskNext && EXEMPT.contains(name);
  }

  /** Whether the value being written is masked whole; clears the one-value flags. */
  private boolean takeMasked() {
    boolean masked = maskNext || maskDepth > 0;
    maskNext = false;
    return masked;
  }

  @Override
  public JsonGenerator writeName(String name) {
    onName(name);
    return super.writeName(name);
  }

  @Override
  public JsonGenerator writeName(SerializableString name) {
    onName(name.getValue());
    return super.writeName(name);
  }

  private void enterStructure() {
    if (maskNext || maskDepth > 0) {
      maskDepth++;
    }
    maskNext = false;
    exemptNext = false;
  }

  private void leaveStructure() {
    if (maskDepth > 0) {
      maskDepth--;
    }
  }

  @Override
  public JsonGenerator writeStartObject() {
    enterStructure();
    return super.writeStartObject();
  }

  @Override
  public JsonGenerator writeStartObject(Object forValue) {
    enterStructure();
    return super.writeStartObject(forValue);
  }

  @Override
  public JsonGenerator writeStartObject(Object forValue, int size) {
    enterStructure();
    return super.writeStartObject(forValue, size);
  }

  @Override
  public JsonGenerator writeStartArray() {
    enterStructure();
    return super.writeStartArray();
  }

  @Override
  public JsonGenerator writeStartArray(Object forValue) {
    enterStructure();
    return super.writeStartArray(forValue);
  }

  @Override
  public JsonGenerator writeStartArray(Object forValue, int size) {
    enterStructure();
    return super.writeStartArray(forValue, size);
  }

  @Override
  public JsonGenerator writeEndObject() {
    leaveStructure();
    return super.writeEndObject();
  }

  @Override
  public JsonGenerator writeEndArray() {
    leaveStructure();
    return super.writeEndArray();
  }

  @Override
  public JsonGenerator writeString(String text) {
    boolean exempt = exemptNext;
    exemptNext = false;
    if (takeMasked()) {
      return super.writeString(PiiMasker.MASK);
    }
    return super.writeString(exempt || text == null ? text : masker.mask(text));
  }

  @Override
  public JsonGenerator writeString(char[] text, int offset, int len) {
    return writeString(new String(text, offset, len));
  }

  @Override
  public JsonGenerator writeString(SerializableString text) {
    return writeString(text.getValue());
  }

  @Override
  public JsonGenerator writeString(Reader reader, int len) {
    StringBuilder sb = new StringBuilder();
    char[] buf = new char[1024];
    try {
      int remaining = len < 0 ? Integer.MAX_VALUE : len;
      int n;
      while (remaining > 0 && (n = reader.read(buf, 0, Math.min(buf.length, remaining))) > 0) {
        sb.append(buf, 0, n);
        remaining -= n;
      }
    } catch (IOException e) {
      throw new IllegalStateException("could not read a string value to mask", e);
    }
    return writeString(sb.toString());
  }

  @Override
  public JsonGenerator writeRawUTF8String(byte[] text, int offset, int length) {
    return writeString(new String(text, offset, length, StandardCharsets.UTF_8));
  }

  @Override
  public JsonGenerator writeUTF8String(byte[] text, int offset, int length) {
    return writeString(new String(text, offset, length, StandardCharsets.UTF_8));
  }

  @Override
  public JsonGenerator writeArray(String[] array, int offset, int length) {
    writeStartArray(array, length);
    for (int i = offset; i < offset + length; i++) {
      writeString(array[i]);
    }
    return writeEndArray();
  }

  @Override
  public JsonGenerator writeNumber(short v) {
    return takeMasked() ? super.writeString(PiiMasker.MASK) : super.writeNumber(v);
  }

  @Override
  public JsonGenerator writeNumber(int v) {
    return takeMasked() ? super.writeString(PiiMasker.MASK) : super.writeNumber(v);
  }

  @Override
  public JsonGenerator writeNumber(long v) {
    return takeMasked() ? super.writeString(PiiMasker.MASK) : super.writeNumber(v);
  }

  @Override
  public JsonGenerator writeNumber(BigInteger v) {
    return takeMasked() ? super.writeString(PiiMasker.MASK) : super.writeNumber(v);
  }

  @Override
  public JsonGenerator writeNumber(double v) {
    return takeMasked() ? super.writeString(PiiMasker.MASK) : super.writeNumber(v);
  }

  @Override
  public JsonGenerator writeNumber(float v) {
    return takeMasked() ? super.writeString(PiiMasker.MASK) : super.writeNumber(v);
  }

  @Override
  public JsonGenerator writeNumber(BigDecimal v) {
    return takeMasked() ? super.writeString(PiiMasker.MASK) : super.writeNumber(v);
  }

  @Override
  public JsonGenerator writeNumber(String encodedValue) {
    return takeMasked() ? super.writeString(PiiMasker.MASK) : super.writeNumber(encodedValue);
  }

  @Override
  public JsonGenerator writeBoolean(boolean v) {
    return takeMasked() ? super.writeString(PiiMasker.MASK) : super.writeBoolean(v);
  }

  @Override
  public JsonGenerator writeNull() {
    maskNext = false;
    exemptNext = false;
    return super.writeNull();
  }
}
