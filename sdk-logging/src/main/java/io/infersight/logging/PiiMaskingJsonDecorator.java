package io.infersight.logging;

import com.fasterxml.jackson.core.JsonGenerator;
import io.infersight.logging.internal.PiiMaskingGenerator;
import java.util.Objects;
import net.logstash.logback.decorate.JsonGeneratorDecorator;
import org.jspecify.annotations.Nullable;

/**
 * A logstash-logback-encoder decorator that masks personal data in every JSON log line: values of
 * sensitive fields (MDC entries, structured arguments, nested objects), and e-mail addresses,
 * card numbers and configured patterns inside any string, the message and {@code stack_trace}
 * included. Masking runs where the line is encoded, which behind {@link NonBlockingAsyncAppender}
 * is the writer thread, not the request thread.
 *
 * <pre>{@code
 * <encoder class="net.logstash.logback.encoder.LogstashEncoder">
 *   <jsonGeneratorDecorator class="io.infersight.logging.PiiMaskingJsonDecorator">
 *     <maskedField>iban</maskedField>
 *     <maskedPattern>tok_[A-Za-z0-9]{8,}</maskedPattern>
 *   </jsonGeneratorDecorator>
 * </encoder>
 * }</pre>
 *
 * @since 0.1.0
 */
public final class PiiMaskingJsonDecorator implements JsonGeneratorDecorator {
  private final PiiMasker.Builder config = PiiMasker.builder();
  private volatile @Nullable PiiMasker masker;

  /** For logback's configurator; starts from {@link PiiMasker#defaults()}. */
  public PiiMaskingJsonDecorator() {}

  /** A decorator applying {@code masker}. */
  public static PiiMaskingJsonDecorator create(PiiMasker masker) {
    PiiMaskingJsonDecorator d = new PiiMaskingJsonDecorator();
    d.masker = Objects.requireNonNull(masker, "masker");
    return d;
  }

  /** Adds a sensitive field name (logback property {@code maskedField}, repeatable). */
  public synchronized void addMaskedField(String name) {
    config.addField(name);
    masker = null;
  }

  /** Adds a regular expression to mask (logback property {@code maskedPattern}, repeatable). */
  public synchronized void addMaskedPattern(String regex) {
    config.addPattern(regex);
    masker = null;
  }

  /** Whether e-mail addresses are masked (logback property {@code maskEmails}). Default {@code true}. */
  public synchronized void setMaskEmails(boolean mask) {
    config.maskEmails(mask);
    masker = null;
  }

  /** Whether card numbers are masked (logback property {@code maskCardNumbers}). Default {@code true}. */
  public synchronized void setMaskCardNumbers(boolean mask) {
    config.maskCardNumbers(mask);
    masker = null;
  }

  /** The masker in use. */
  public PiiMasker masker() {
    PiiMasker m = masker;
    if (m == null) {
      synchronized (this) {
        m = masker;
        if (m == null) {
          m = config.build();
          masker = m;
        }
      }
    }
    return m;
  }

  @Override
  public JsonGenerator decorate(JsonGenerator generator) {
    return new PiiMaskingGenerator(generator, masker());
  }
}
