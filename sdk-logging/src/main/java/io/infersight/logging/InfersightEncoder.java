package io.infersight.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import io.infersight.logging.internal.ForwardingEncoder;
import java.util.Locale;
import net.logstash.logback.encoder.LogstashEncoder;
import org.jspecify.annotations.Nullable;

/**
 * One encoder for both of Infersight's formats, chosen by {@link #setFormat}: {@code json} (the
 * logstash encoder with PII masking: one JSON object per line) or {@code console} (a readable,
 * masked pattern). One appender definition then serves both formats, so a configuration never
 * holds an unreferenced appender (logback warns about those, and its warning dumps the whole
 * status log on stdout — which would corrupt a JSON stream).
 *
 * <pre>{@code
 * <encoder class="io.infersight.logging.InfersightEncoder">
 *   <format>${INFERSIGHT_LOG_FORMAT:-json}</format>
 * </encoder>
 * }</pre>
 *
 * @since 0.1.0
 */
public final class InfersightEncoder extends ForwardingEncoder {
  /** The JSON format. */
  public static final String JSON = "json";
  /** The human-readable format. */
  public static final String CONSOLE = "console";

  private String format = JSON;

  public InfersightEncoder() {}

  /** {@value #JSON} (default) or {@value #CONSOLE}; anything else is reported and falls back to JSON. */
  public void setFormat(String format) {
    this.format = format == null ? JSON : format.trim().toLowerCase(Locale.ROOT);
  }

  public String getFormat() {
    return format;
  }

  /**
   * Starts the chosen format. When a library the JSON format runs on is outside the supported
   * range, it reports that (one line naming it, the version found and the version needed) as a
   * logback configuration error and stays stopped.
   */
  @Override
  public void start() {
    String problems = LoggingLibraries.problems();
    if (problems != null) {
      addError(problems);
      return;
    }
    if (!JSON.equals(format) && !CONSOLE.equals(format)) {
      addError("format must be 'json' or 'console', was '" + format + "'; using json");
      format = JSON;
    }
    Encoder<ILoggingEvent> encoder;
    if (CONSOLE.equals(format)) {
      encoder = new MaskingPatternEncoder();
    } else {
      LogstashEncoder json = new LogstashEncoder();
      json.setJsonGeneratorDecorator(new PiiMaskingJsonDecorator());
      encoder = json;
    }
    encoder.setContext(getContext());
    delegate(encoder);
    encoder.start();
    super.start();
  }
}
