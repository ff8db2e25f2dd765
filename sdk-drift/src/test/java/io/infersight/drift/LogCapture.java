package io.infersight.drift;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;

/**
 * Captures what the drift module logs through SLF4J, as messages and as the JSON lines the
 * logstash encoder (the one behind the logging module's JSON format) writes for them.
 */
final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Logger logger = (Logger) LoggerFactory.getLogger("io.infersight.drift");
  private final LogstashEncoder encoder = new LogstashEncoder();
  final List<String> messages = new CopyOnWriteArrayList<>();
  final List<String> lines = new CopyOnWriteArrayList<>();

  LogCapture() {
    LoggerContext context = logger.getLoggerContext();
    setContext(context);
    encoder.setContext(context);
    encoder.start();
    start();
    logger.addAppender(this);
    logger.setAdditive(false);
  }

  @Override
  protected void append(ILoggingEvent event) {
    messages.add(event.getFormattedMessage());
    lines.add(new String(encoder.encode(event), StandardCharsets.UTF_8));
  }

  long count(String prefix) {
    return messages.stream().filter(m -> m.startsWith(prefix)).count();
  }

  /** The captured lines parsed as JSON objects, one per line, whose {@code event} is {@code event}. */
  List<JsonNode> events(String event) {
    List<JsonNode> out = new ArrayList<>();
    for (String line : lines) {
      try {
        JsonNode node = JSON.readTree(line);
        if (event.equals(node.path("event").asText())) {
          out.add(node);
        }
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new UncheckedIOException("not a JSON line: " + line, e);
      }
    }
    return out;
  }

  @Override
  public void close() {
    logger.detachAppender(this);
    logger.setAdditive(true);
    stop();
    encoder.stop();
  }
}
