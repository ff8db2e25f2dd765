package io.infersight.examples.fraud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.infersight.core.InferenceObserver;
import io.infersight.core.http.CorrelationIdFilter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The demo's HTTP endpoints on the JDK {@code HttpServer}. */
final class DemoEndpoints {
  private static final Logger LOG = LoggerFactory.getLogger("io.infersight.examples.fraud.api");
  private static final String JSON = "application/json";
  private static final int MAX_BODY = 64 * 1024;

  private DemoEndpoints() {}

  static void register(HttpServer server, InferenceObserver observer, FraudService service,
      PrometheusMeterRegistry registry, TracePages traces, Faults faults, Consumer<Scenario> switchFault,
      ObjectMapper json) {
    server.createContext("/predict", guarded(exchange -> predict(exchange, service, json)))
        .getFilters().add(CorrelationIdFilter.create(observer));
    server.createContext("/metrics", guarded(exchange -> {
      String accept = exchange.getRequestHeaders().getFirst("Accept");
      String type = accept != null && accept.contains("application/openmetrics-text")
          ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
          : "text/plain; version=0.0.4; charset=utf-8";
      reply(exchange, 200, type, registry.scrape(type).getBytes(StandardCharsets.UTF_8));
    }));
    server.createContext("/debug/traces", guarded(exchange -> {
      String path = exchange.getRequestURI().getPath();
      if (path.endsWith("/view")) {
        String trace = query(exchange.getRequestURI(), "trace");
        reply(exchange, 200, "text/html; charset=utf-8", traces.html(trace).getBytes(StandardCharsets.UTF_8));
      } else {
        reply(exchange, 200, JSON, traces.json());
      }
    }));
    server.createContext("/healthz", guarded(exchange ->
        reply(exchange, 200, JSON, json.writeValueAsBytes(Map.of("status", "ok",
            "scenario", faults.active().cliName())))));
    server.createContext("/admin/fault", guarded(exchange -> {
      if (!"POST".equals(exchange.getRequestMethod())) {
        reply(exchange, 200, JSON, json.writeValueAsBytes(Map.of("scenario", faults.active().cliName())));
        return;
      }
      JsonNode body = json.readTree(readBody(exchange));
      Scenario scenario;
      try {
        scenario = Scenario.parse(body.path("scenario").asText(""));
      } catch (IllegalArgumentException e) {
        reply(exchange, 400, JSON, json.writeValueAsBytes(Map.of("error", e.getMessage())));
        return;
      }
      switchFault.accept(scenario);
      reply(exchange, 200, JSON, json.writeValueAsBytes(Map.of("scenario", scenario.cliName())));
    }));
  }

  private static void predict(HttpExchange exchange, FraudService service, ObjectMapper json) throws IOException {
    if (!"POST".equals(exchange.getRequestMethod())) {
      reply(exchange, 405, JSON, "{\"error\":\"POST a transaction\"}".getBytes(StandardCharsets.UTF_8));
      return;
    }
    String correlationId = CorrelationIdFilter.correlationId(exchange);
    Transaction tx;
    try {
      tx = json.readValue(readBody(exchange), Transaction.class);
    } catch (IOException e) {
      reply(exchange, 400, JSON, json.writeValueAsBytes(Map.of("error", "invalid transaction JSON",
          "correlation_id", correlationId)));
      return;
    }
    String style = query(exchange.getRequestURI(), "style");
    try {
      Decision d = switch (style == null ? "scope" : style) {
        case "pipeline" -> service.predictPipeline(correlationId, tx);
        case "annotated" -> service.predictAnnotated(correlationId, tx);
        default -> service.predictScope(correlationId, tx);
      };
      reply(exchange, 200, JSON, json.writeValueAsBytes(d));
    } catch (IllegalArgumentException e) {
      reply(exchange, 400, JSON, json.writeValueAsBytes(Map.of("error", e.getMessage(),
          "correlation_id", correlationId)));
    } catch (Faults.ModelUnavailableException e) {
      LOG.warn("prediction failed: {}", e.getMessage());
      reply(exchange, 503, JSON, json.writeValueAsBytes(Map.of("error", e.getMessage(),
          "correlation_id", correlationId)));
    }
  }

  /** Handlers that never leak a stack trace to the client. */
  private interface Body {
    void handle(HttpExchange exchange) throws IOException;
  }

  private static HttpHandler guarded(Body body) {
    return exchange -> {
      try {
        body.handle(exchange);
      } catch (IOException e) {
        // The client went away (or the server is stopping): nothing to answer.
        LOG.debug("request to {} aborted: {}", exchange.getRequestURI().getPath(), e.getMessage());
      } catch (RuntimeException e) {
        LOG.error("request to {} failed", exchange.getRequestURI().getPath(), e);
        try {
          reply(exchange, 500, JSON, "{\"error\":\"internal error\"}".getBytes(StandardCharsets.UTF_8));
        } catch (IOException ignored) {
          // the client is gone
        }
      } finally {
        exchange.close();
      }
    };
  }

  private static byte[] readBody(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readNBytes(MAX_BODY + 1);
      if (body.length > MAX_BODY) {
        throw new IOException("body larger than " + MAX_BODY + " bytes");
      }
      return body;
    }
  }

  static String query(URI uri, String key) {
    String q = uri.getRawQuery();
    if (q == null) {
      return null;
    }
    for (String part : q.split("&")) {
      int eq = part.indexOf('=');
      if (eq > 0 && part.substring(0, eq).equals(key)) {
        return java.net.URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  private static void reply(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      exchange.getResponseBody().write(body);
    }
  }
}
