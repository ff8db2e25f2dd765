package io.infersight.logging;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The human-readable console format for development: a logback pattern whose rendered line goes
 * through {@link PiiMasker} before it is written, so the console shows no more personal data than
 * the JSON output.
 *
 * <pre>{@code
 * <encoder class="io.infersight.logging.MaskingPatternEncoder">
 *   <pattern>%d{HH:mm:ss.SSS} %-5level %logger{24} [%X{correlation_id}] %msg %marker%n</pattern>
 *   <maskedField>iban</maskedField>
 * </encoder>
 * }</pre>
 *
 * @since 0.1.0
 */
public final class MaskingPatternEncoder extends EncoderBase<ILoggingEvent> {
  /** The pattern used when none is configured. */
  public static final String DEFAULT_PATTERN =
      "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{24} [%X{correlation_id}] %msg %marker%n%ex";

  private final PiiMasker.Builder config = PiiMasker.builder();
  private String pattern = DEFAULT_PATTERN;
  private @Nullable PatternLayout layout;
  private @Nullable PiiMasker masker;

  /** For logback's configurator. */
  public MaskingPatternEncoder() {}

  /** The logback layout pattern. Default {@value #DEFAULT_PATTERN}. */
  public void setPattern(String pattern) {
    if (pattern == null || pattern.isBlank()) {
      throw new IllegalArgumentException("pattern must be a non-blank logback pattern");
    }
    this.pattern = pattern;
  }

  public String getPattern() {
    return pattern;
  }

  /** Adds a sensitive field name (repeatable). */
  public void addMaskedField(String name) {
    config.addField(name);
  }

  /** Adds a regular expression to mask (repeatable). */
  public void addMaskedPattern(String regex) {
    config.addPattern(regex);
  }

  @Override
  public void start() {
    PatternLayout l = new PatternLayout();
    l.setContext(getContext());
    l.setPattern(pattern);
    l.start();
    layout = l;
    masker = config.build();
    super.start();
  }

  @Override
  public void stop() {
    if (layout != null) {
      layout.stop();
    }
    super.stop();
  }

  @Override
  public byte @Nullable [] headerBytes() {
    return null;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    return masker.mask(layout.doLayout(event)).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public byte @Nullable [] footerBytes() {
    return null;
  }
}
