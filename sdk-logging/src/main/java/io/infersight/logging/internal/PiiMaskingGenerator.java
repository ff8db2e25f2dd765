package io.infersight.logging.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import io.infersight.logging.PiiMasker;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Set;

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
  public void writeFieldName(String name) throws IOException {
    onName(name);
    super.writeFieldName(name);
  }

  @Override
  public void writeFieldName(SerializableString name) throws IOException {
    onName(name.getValue());
    super.writeFieldName(name);
  }

  @Override
  public void writeFieldId(long id) throws IOException {
    onName(Long.toString(id));
    super.writeFieldId(id);
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
  public void writeStartObject() throws IOException {
    enterStructure();
    super.writeStartObject();
  }

  @Override
  public void writeStartObject(Object forValue) throws IOException {
    enterStructure();
    super.writeStartObject(forValue);
  }

  @Override
  public void writeStartObject(Object forValue, int size) throws IOException {
    enterStructure();
    super.writeStartObject(forValue, size);
  }

  @Override
  public void writeStartArray() throws IOException {
    enterStructure();
    super.writeStartArray();
  }

  @Override
  @Deprecated
  public void writeStartArray(int size) throws IOException {
    enterStructure();
    super.writeStartArray(size);
  }

  @Override
  public void writeStartArray(Object forValue) throws IOException {
    enterStructure();
    super.writeStartArray(forValue);
  }

  @Override
  public void writeStartArray(Object forValue, int size) throws IOException {
    enterStructure();
    super.writeStartArray(forValue, size);
  }

  @Override
  public void writeEndObject() throws IOException {
    leaveStructure();
    super.writeEndObject();
  }

  @Override
  public void writeEndArray() throws IOException {
    leaveStructure();
    super.writeEndArray();
  }

  @Override
  public void writeString(String text) throws IOException {
    boolean exempt = exemptNext;
    exemptNext = false;
    if (takeMasked()) {
      super.writeString(PiiMasker.MASK);
    } else {
      super.writeString(exempt || text == null ? text : masker.mask(text));
    }
  }

  @Override
  public void writeString(char[] text, int offset, int len) throws IOException {
    writeString(new String(text, offset, len));
  }

  @Override
  public void writeString(SerializableString text) throws IOException {
    writeString(text.getValue());
  }

  @Override
  public void writeString(Reader reader, int len) throws IOException {
    StringBuilder sb = new StringBuilder();
    char[] buf = new char[1024];
    int remaining = len < 0 ? Integer.MAX_VALUE : len;
    int n;
    while (remaining > 0 && (n = reader.read(buf, 0, Math.min(buf.length, remaining))) > 0) {
      sb.append(buf, 0, n);
      remaining -= n;
    }
    writeString(sb.toString());
  }

  @Override
  public void writeRawUTF8String(byte[] text, int offset, int length) throws IOException {
    writeString(new String(text, offset, length, StandardCharsets.UTF_8));
  }

  @Override
  public void writeUTF8String(byte[] text, int offset, int length) throws IOException {
    writeString(new String(text, offset, length, StandardCharsets.UTF_8));
  }

  @Override
  public void writeArray(String[] array, int offset, int length) throws IOException {
    writeStartArray(array, length);
    for (int i = offset; i < offset + length; i++) {
      writeString(array[i]);
    }
    writeEndArray();
  }

  @Override
  public void writeNumber(short v) throws IOException {
    if (takeMasked()) {
      super.writeString(PiiMasker.MASK);
    } else {
      super.writeNumber(v);
    }
  }

  @Override
  public void writeNumber(int v) throws IOException {
    if (takeMasked()) {
      super.writeString(PiiMasker.MASK);
    } else {
      super.writeNumber(v);
    }
  }

  @Override
  public void writeNumber(long v) throws IOException {
    if (takeMasked()) {
      super.writeString(PiiMasker.MASK);
    } else {
      super.writeNumber(v);
    }
  }

  @Override
  public void writeNumber(BigInteger v) throws IOException {
    if (takeMasked()) {
      super.writeString(PiiMasker.MASK);
    } else {
      super.writeNumber(v);
    }
  }

  @Override
  public void writeNumber(double v) throws IOException {
    if (takeMasked()) {
      super.writeString(PiiMasker.MASK);
    } else {
      super.writeNumber(v);
    }
  }

  @Override
  public void writeNumber(float v) throws IOException {
    if (takeMasked()) {
      super.writeString(PiiMasker.MASK);
    } else {
      super.writeNumber(v);
    }
  }

  @Override
  public void writeNumber(BigDecimal v) throws IOException {
    if (takeMasked()) {
      super.writeString(PiiMasker.MASK);
    } else {
      super.writeNumber(v);
    }
  }

  @Override
  public void writeNumber(String encodedValue) throws IOException {
    if (takeMasked()) {
      super.writeString(PiiMasker.MASK);
    } else {
      super.writeNumber(encodedValue);
    }
  }

  @Override
  public void writeBoolean(boolean v) throws IOException {
    if (takeMasked()) {
      super.writeString(PiiMasker.MASK);
    } else {
      super.writeBoolean(v);
    }
  }

  @Override
  public void writeNull() throws IOException {
    maskNext = false;
    exemptNext = false;
    super.writeNull();
  }
}
