package io.infersight.examples.fraud;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.infersight.core.InferenceObserver;
import io.infersight.core.http.CorrelationIdFilter;
import io.infersight.drift.DriftReport;
import io.infersight.logging.InfersightLogging;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.infersight.metrics.MetricsServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The demo's HTTP endpoints on the JDK {@code HttpServer}. Scoring runs on its own bounded pool, so
 * a burst of {@code /predict} requests is answered 503 and never holds up {@code /healthz} or
 * {@code /metrics}, which answer on the exchange's thread.
 */
final class DemoEndpoints {
  private static final Logger LOG = LoggerFactory.getLogger("io.infersight.examples.fraud.api");
  private static final String JSON = "application/json";
  /** The largest request body read; a larger one is answered 413. */
  static final int MAX_BODY = 64 * 1024;
  private static final String READ_ONLY = "GET, HEAD";

  /** What the endpoints serve and switch. */
  record Services(InferenceObserver observer, FraudService fraud, ExecutorService scoring,
      PrometheusMeterRegistry registry, TracePages traces, Faults faults, Consumer<Scenario> switchFault,
      byte[] adminToken, Supplier<DriftReport> drift) {}

  private final Services services;
  private final ObjectMapper json;

  private DemoEndpoints(Services services, ObjectMapper json) {
    this.services = services;
    this.json = json;
  }

  /** Registers every endpoint; {@code services.adminToken()} {@code null} keeps {@code /admin/fault} off. */
  static void register(HttpServer server, Services services, ObjectMapper json) {
    DemoEndpoints e = new DemoEndpoints(services, json);
    server.createContext("/predict", e.endpoint(Set.of("/predict"), "POST", e::predict))
        .getFilters().add(CorrelationIdFilter.create(services.observer()));
    server.createContext("/metrics", e.endpoint(Set.of("/metrics"), READ_ONLY, e::metrics));
    server.createContext("/debug/traces",
        e.endpoint(Set.of("/debug/traces", "/debug/traces/view"), READ_ONLY, e::traces));
    server.createContext("/debug/drift", e.endpoint(Set.of("/debug/drift"), READ_ONLY, e::drift));
    server.createContext("/healthz", e.endpoint(Set.of("/healthz"), READ_ONLY, e::healthz));
    server.createContext("/admin/fault", e.endpoint(Set.of("/admin/fault"), "POST", e::fault));
  }

  /** Answers in the format the scraper asks for, as {@link MetricsServer#contentType} chooses it. */
  private void metrics(HttpExchange exchange) throws IOException {
    String type = MetricsServer.contentType(exchange.getRequestHeaders().getFirst("Accept"));
    ByteArrayOutputStream body = new ByteArrayOutputStream(64 * 1024);
    services.registry().scrape(body, type);
    reply(exchange, 200, type, body.toByteArray());
  }

  private void traces(HttpExchange exchange) throws IOException {
    if (exchange.getRequestURI().getPath().endsWith("/view")) {
      String trace = query(exchange.getRequestURI(), "trace");
      reply(exchange, 200, "text/html; charset=utf-8",
          services.traces().html(trace).getBytes(StandardCharsets.UTF_8));
    } else {
      reply(exchange, 200, JSON, services.traces().json());
    }
  }

  /** The live drift window against the reference profile, as the offline HTML report draws it. */
  private void drift(HttpExchange exchange) throws IOException {
    reply(exchange, 200, "text/html; charset=utf-8",
        services.drift().get().toHtml("Infersight live drift").getBytes(StandardCharsets.UTF_8));
  }

  private void healthz(HttpExchange exchange) throws IOException {
    reply(exchange, 200, JSON, json.writeValueAsBytes(Map.of("status", "ok",
        "scenario", services.faults().active().cliName())));
  }

  private void fault(HttpExchange exchange) throws IOException {
    byte[] token = services.adminToken();
    if (token == null) {
      error(exchange, 404, "the admin endpoint is off; start the demo with --admin");
      return;
    }
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"infersight-demo\"");
      error(exchange, 401, "send the admin token printed at start as 'Authorization: Bearer <token>'");
      return;
    }
    // Constant time: the comparison does not stop at the first differing byte.
    if (!MessageDigest.isEqual(auth.substring(7).trim().getBytes(StandardCharsets.UTF_8), token)) {
      error(exchange, 403, "wrong admin token");
      return;
    }
    JsonNode body;
    try {
      body = json.readTree(readBody(exchange));
    } catch (BodyTooLarge e) {
      error(exchange, 413, e.getMessage());
      return;
    } catch (JsonProcessingException e) {
      error(exchange, 400, "invalid JSON; send {\"scenario\":\"cache-outage|slow-model|errors|healthy\"}");
      return;
    }
    Scenario scenario;
    try {
      scenario = Scenario.parse(body == null ? "" : body.path("scenario").asText(""));
    } catch (IllegalArgumentException e) {
      error(exchange, 400, e.getMessage());
      return;
    }
    services.switchFault().accept(scenario);
    reply(exchange, 200, JSON, json.writeValueAsBytes(Map.of("scenario", scenario.cliName())));
  }

  private void predict(HttpExchange exchange) throws IOException {
    String correlationId = CorrelationIdFilter.correlationId(exchange);
    Transaction tx;
    try {
      tx = json.readValue(readBody(exchange), Transaction.class);
    } catch (BodyTooLarge e) {
      error(exchange, 413, e.getMessage(), correlationId);
      return;
    } catch (JsonProcessingException e) {
      error(exchange, 400, "invalid transaction JSON", correlationId);
      return;
    }
    String style = query(exchange.getRequestURI(), "style");
    Callable<Decision> score = () -> {
      MDC.put(InfersightLogging.MDC_CORRELATION_ID, correlationId);
      try {
        DynamicBatcher batcher = services.fraud().batcher();
        if (batcher != null) { // the batch workload: every style's forward pass is batched
          return services.fraud().predictBatched(correlationId, tx, batcher);
        }
        return switch (style == null ? "scope" : style) {
          case "pipeline" -> services.fraud().predictPipeline(correlationId, tx);
          case "annotated" -> services.fraud().predictAnnotated(correlationId, tx);
          default -> services.fraud().predictScope(correlationId, tx);
        };
      } finally {
        MDC.remove(InfersightLogging.MDC_CORRELATION_ID);
      }
    };
    Future<Decision> pending;
    try {
      pending = services.scoring().submit(score);
    } catch (RejectedExecutionException e) {
      exchange.getResponseHeaders().set("Retry-After", "1");
      error(exchange, 503, "overloaded; try again", correlationId);
      return;
    }
    Decision d;
    try {
      d = pending.get();
    } catch (InterruptedException e) {
      // The exchange ran past its deadline: the connection is being closed.
      pending.cancel(false);
      Thread.currentThread().interrupt();
      throw new IOException("request timed out while scoring", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IllegalArgumentException) {
        error(exchange, 400, cause.getMessage(), correlationId);
      } else if (cause instanceof Faults.ModelUnavailableException) {
        LOG.warn("prediction failed: {}", cause.getMessage());
        error(exchange, 503, cause.getMessage(), correlationId);
      } else if (cause instanceof RuntimeException runtime) {
        throw runtime;
      } else {
        throw new IllegalStateException(cause);
      }
      return;
    }
    reply(exchange, 200, JSON, json.writeValueAsBytes(d));
  }

  /** A handler's body. */
  private interface Body {
    void handle(HttpExchange exchange) throws IOException;
  }

  /**
   * Serves {@code paths} (404 elsewhere under the context) for {@code allow}ed methods (405 with
   * {@code Allow} otherwise), with the request's correlation ID in the MDC, and never leaks a stack
   * trace to the client.
   */
  private HttpHandler endpoint(Set<String> paths, String allow, Body body) {
    Set<String> methods = Set.of(allow.split(", "));
    return exchange -> {
      String id = CorrelationIdFilter.correlationId(exchange);
      if (id != null) {
        MDC.put(InfersightLogging.MDC_CORRELATION_ID, id);
      }
      try {
        serve(exchange, paths, methods, allow, body);
      } finally {
        MDC.remove(InfersightLogging.MDC_CORRELATION_ID);
      }
    };
  }

  private void serve(HttpExchange exchange, Set<String> paths, Set<String> methods, String allow, Body body) {
    try {
      if (!paths.contains(exchange.getRequestURI().getPath())) {
        error(exchange, 404, "not found");
      } else if (!methods.contains(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", allow);
        error(exchange, 405, exchange.getRequestMethod() + " is not allowed; use " + allow);
      } else {
        body.handle(exchange);
      }
    } catch (IOException e) {
      // The client went away, ran out of time, or the server is stopping: nothing to answer.
      LOG.debug("request to {} aborted: {}", exchange.getRequestURI().getPath(), e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("request to {} failed", exchange.getRequestURI().getPath(), e);
      try {
        error(exchange, 500, "internal error");
      } catch (IOException ignored) {
        // the client is gone
      }
    } finally {
      exchange.close();
    }
  }

  /** A body over {@link #MAX_BODY}. */
  private static final class BodyTooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    BodyTooLarge() {
      super("body larger than " + MAX_BODY + " bytes");
    }
  }

  private static byte[] readBody(HttpExchange exchange) throws IOException {
    InputStream in = exchange.getRequestBody();
    byte[] body = in.readNBytes(MAX_BODY + 1);
    if (body.length > MAX_BODY) {
      throw new BodyTooLarge();
    }
    return body;
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

  private void error(HttpExchange exchange, int status, String message) throws IOException {
    reply(exchange, status, JSON, json.writeValueAsBytes(Map.of("error", message)));
  }

  private void error(HttpExchange exchange, int status, String message, String correlationId) throws IOException {
    reply(exchange, status, JSON, json.writeValueAsBytes(Map.of("error", message, "correlation_id", correlationId)));
  }

  /** Sends {@code body}; for {@code HEAD} only the headers, as the JDK server expects (length -1). */
  private static void reply(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    boolean headOnly = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(status, headOnly || body.length == 0 ? -1 : body.length);
    if (!headOnly && body.length > 0) {
      exchange.getResponseBody().write(body);
    }
  }
}
