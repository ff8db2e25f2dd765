package io.infersight.examples.fraud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.infersight.core.Generation;
import io.infersight.core.Inference;
import io.infersight.core.InferenceObserver;
import io.infersight.core.Stage;
import io.infersight.core.http.CorrelationIdFilter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /generate} of the {@code generate} workload: {@code {"prompt": "...", "max_tokens":
 * 32}} in, the generated tokens out as server-sent events ({@code data: {"token":"..."}} each, then
 * {@code data: [DONE]}). Each request is one {@link Inference} with a {@link Generation}: the
 * prompt's tokens as input tokens, every event as one output token. At most {@value #MAX_STREAMS}
 * streams run at once; beyond that the answer is 503.
 */
final class GenerateEndpoint implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger("io.infersight.examples.fraud.api");
  static final int MAX_STREAMS = 48;
  static final int MAX_TOKENS = 256;
  private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

  private final InferenceObserver observer;
  private final TinyLanguageModel model;
  private final ObjectMapper json;
  private final Semaphore streams = new Semaphore(MAX_STREAMS);

  GenerateEndpoint(InferenceObserver observer, TinyLanguageModel model, ObjectMapper json) {
    this.observer = observer;
    this.model = model;
    this.json = json;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      serve(exchange);
    } catch (IOException | UncheckedIOException e) {
      LOG.debug("generate stream aborted: {}", e.getMessage());
    } finally {
      exchange.close();
    }
  }

  private void serve(HttpExchange exchange) throws IOException {
    if (!"POST".equals(exchange.getRequestMethod())) {
      exchange.getResponseHeaders().set("Allow", "POST");
      error(exchange, 405, "use POST");
      return;
    }
    byte[] body = exchange.getRequestBody().readNBytes(DemoEndpoints.MAX_BODY + 1);
    if (body.length > DemoEndpoints.MAX_BODY) {
      error(exchange, 413, "body larger than " + DemoEndpoints.MAX_BODY + " bytes");
      return;
    }
    String prompt;
    int maxTokens;
    try {
      JsonNode req = json.readTree(body);
      prompt = req.path("prompt").asText("");
      maxTokens = req.path("max_tokens").asInt(32);
    } catch (IOException e) {
      error(exchange, 400, "invalid JSON; send {\"prompt\":\"...\",\"max_tokens\":32}");
      return;
    }
    if (prompt.isBlank() || maxTokens < 1 || maxTokens > MAX_TOKENS) {
      error(exchange, 400, "prompt must not be blank and max_tokens must be 1-" + MAX_TOKENS);
      return;
    }
    if (!streams.tryAcquire()) {
      exchange.getResponseHeaders().set("Retry-After", "1");
      error(exchange, 503, "overloaded; try again");
      return;
    }
    try {
      stream(exchange, prompt, maxTokens);
    } finally {
      streams.release();
    }
  }

  private void stream(HttpExchange exchange, String prompt, int maxTokens) throws IOException {
    try (Inference inf = observer.start(CorrelationIdFilter.correlationId(exchange))) {
      String[] tokens = inf.stage(Stage.PREPROCESS, () -> TinyLanguageModel.tokenize(prompt));
      Generation gen = Generation.of(inf).operation("text_completion").inputTokens(tokens.length);
      exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
      exchange.getResponseHeaders().set("Cache-Control", "no-cache");
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      inf.stage(Stage.FORWARD, () -> model.generate(tokens, maxTokens, token -> {
        try {
          out.write(("data: " + json.writeValueAsString(Map.of("token", token)) + "\n\n")
              .getBytes(StandardCharsets.UTF_8));
          out.flush();
        } catch (IOException e) {
          throw new UncheckedIOException(e); // the client went away: the request fails
        }
        gen.output(1);
      }));
      gen.end();
      out.write(DONE);
      out.flush();
    }
  }

  private void error(HttpExchange exchange, int status, String message) throws IOException {
    byte[] b = json.writeValueAsBytes(Map.of("error", message));
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, b.length);
    exchange.getResponseBody().write(b);
  }
}
