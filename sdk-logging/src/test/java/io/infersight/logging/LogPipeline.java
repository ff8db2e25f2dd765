package io.infersight.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** Wires logback for one test: root logger -> (optional sampling) -> a capturing JSON appender. */
final class LogPipeline {
  static final ObjectMapper JSON = JsonMapper.builder().build();

  private LogPipeline() {}

  static LoggerContext context() {
    return (LoggerContext) LoggerFactory.getILoggerFactory();
  }

  /** Resets logback and routes the root logger at {@code level} to {@code appender}. */
  static void route(Level level, Appender<ILoggingEvent> appender) {
    LoggerContext ctx = context();
    ctx.reset();
    appender.setContext(ctx);
    appender.start();
    Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(level);
    root.addAppender(appender);
  }

  /** A sampling appender in front of {@code downstream}, both started. */
  static RequestSamplingAppender sampling(Appender<ILoggingEvent> downstream) {
    downstream.setContext(context());
    downstream.start();
    RequestSamplingAppender s = new RequestSamplingAppender();
    s.setName("sampling");
    s.addAppender(downstream);
    return s;
  }

  static void reset() {
    context().reset();
  }

  static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AssertionError("not one JSON object: " + line, e);
    }
  }

  /** Encodes every event with LogstashEncoder and the masking decorator, synchronously. */
  static final class JsonCapture extends AppenderBase<ILoggingEvent> {
    private final List<String> lines = new ArrayList<>();
    private final LogstashEncoder encoder = new LogstashEncoder();
    private final PiiMaskingJsonDecorator decorator;

    JsonCapture() {
      this(new PiiMaskingJsonDecorator());
    }

    JsonCapture(PiiMaskingJsonDecorator decorator) {
      this.decorator = decorator;
      setName("json-capture");
    }

    @Override
    public void start() {
      encoder.setContext(getContext());
      encoder.setJsonGeneratorDecorator(decorator);
      encoder.start();
      super.start();
    }

    @Override
    protected synchronized void append(ILoggingEvent event) {
      String line = new String(encoder.encode(event), StandardCharsets.UTF_8);
      lines.add(line.strip());
    }

    synchronized List<String> lines() {
      return new ArrayList<>(lines);
    }

    List<JsonNode> nodes() {
      List<JsonNode> out = new ArrayList<>();
      for (String l : lines()) {
        out.add(parse(l));
      }
      return out;
    }

    List<JsonNode> events(String name) {
      List<JsonNode> out = new ArrayList<>();
      for (JsonNode n : nodes()) {
        if (n.has("event") && n.get("event").asText().equals(name)) {
          out.add(n);
        }
      }
      return out;
    }

    List<JsonNode> messages(String message) {
      List<JsonNode> out = new ArrayList<>();
      for (JsonNode n : nodes()) {
        if (n.get("message").asText().equals(message)) {
          out.add(n);
        }
      }
      return out;
    }
  }

  /** Keeps each event's MDC and formatted message. */
  static final class Capture extends AppenderBase<ILoggingEvent> {
    private final List<ILoggingEvent> events = new ArrayList<>();

    @Override
    protected synchronized void append(ILoggingEvent event) {
      event.prepareForDeferredProcessing();
      events.add(event);
    }

    synchronized List<ILoggingEvent> events() {
      return new ArrayList<>(events);
    }

    synchronized List<Map<String, String>> mdcs() {
      List<Map<String, String>> out = new ArrayList<>();
      for (ILoggingEvent e : events) {
        out.add(e.getMDCPropertyMap());
      }
      return out;
    }
  }
}
