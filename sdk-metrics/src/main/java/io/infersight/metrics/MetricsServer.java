package io.infersight.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.infersight.core.internal.ThrottlingLogger;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A minimal {@code /metrics} endpoint for applications that have none, on the JDK's HTTP server.
 * It answers {@code GET} and {@code HEAD} on {@value #PATH} with the Prometheus text format, or
 * OpenMetrics (with exemplars) when the {@code Accept} header asks for it, as Prometheus does.
 *
 * <pre>{@code
 * PrometheusMeterRegistry registry = InfersightMetrics.prometheusRegistry();
 * try (MetricsServer server = InfersightMetrics.serve(registry, 9464)) {
 *   System.out.println("scrape http://localhost:" + server.port() + "/metrics");
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class MetricsServer implements AutoCloseable {
  /** The path served. */
  public static final String PATH = "/metrics";

  /** The OpenMetrics 1.0 content type (the registry picks its writer from it). */
  static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
  /** The Prometheus text format 0.0.4 content type. */
  static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
  private static final ThrottlingLogger LOG = ThrottlingLogger.forName("io.infersight.metrics");

  private final HttpServer server;
  private final ExecutorService executor;
  private final PrometheusMeterRegistry registry;

  private MetricsServer(PrometheusMeterRegistry registry, HttpServer server, ExecutorService executor) {
    this.registry = registry;
    this.server = server;
    this.executor = executor;
  }

  static MetricsServer start(PrometheusMeterRegistry registry, InetSocketAddress address) {
    HttpServer http;
    try {
      http = HttpServer.create(address, 16);
    } catch (IOException e) {
      throw new UncheckedIOException("metrics server: cannot bind " + address, e);
    }
    ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "infersight-metrics-http");
      t.setDaemon(true);
      return t;
    });
    MetricsServer server = new MetricsServer(registry, http, executor);
    http.createContext("/", server::handle);
    http.setExecutor(executor);
    http.start();
    return server;
  }

  /** The bound port (the free one picked when 0 was asked). */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The bound address. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  /**
   * Stops serving at once and frees the port. A scrape in progress is cut: Prometheus records a
   * failed scrape and tries again at the next interval.
   */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!PATH.equals(exchange.getRequestURI().getPath())) {
        reply(exchange, 404, "text/plain; charset=utf-8", ("Not found; metrics are at " + PATH + "\n").getBytes());
        return;
      }
      String method = exchange.getRequestMethod();
      if (!"GET".equals(method) && !"HEAD".equals(method)) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        reply(exchange, 405, "text/plain; charset=utf-8", "Method not allowed\n".getBytes());
        return;
      }
      String contentType = contentType(exchange.getRequestHeaders().getFirst("Accept"));
      byte[] body;
      try {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        registry.scrape(out, contentType);
        body = out.toByteArray();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "scrape", "Scrape failed; answering 500", e);
        reply(exchange, 500, "text/plain; charset=utf-8", "Scrape failed\n".getBytes());
        return;
      }
      if ("HEAD".equals(method)) {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(200, -1);
        return;
      }
      reply(exchange, 200, contentType, body);
    }
  }

  /** OpenMetrics when the client accepts it (Prometheus does), else the Prometheus text format. */
  static String contentType(String accept) {
    return accept != null && accept.contains("application/openmetrics-text") ? OPENMETRICS : TEXT;
  }

  private static void reply(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream os = exchange.getResponseBody()) {
      os.write(body);
    }
  }

  @Override
  public String toString() {
    return "MetricsServer{" + server.getAddress() + PATH + "}";
  }
}
