package io.infersight.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP protobuf endpoint on loopback (JDK HttpServer): traces on {@code /v1/traces}, with
 * switchable faults, and logs on {@code /v1/logs}.
 */
public final class OtlpHttpReceiver extends OtlpReceiver {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "otlp-http-receiver");
    t.setDaemon(true);
    return t;
  });
  private final CountDownLatch released = new CountDownLatch(1);
  private final AtomicInteger failuresLeft = new AtomicInteger();
  public final AtomicInteger calls = new AtomicInteger();
  public final java.util.concurrent.atomic.AtomicLong spansReceived = new java.util.concurrent.atomic.AtomicLong();
  private volatile boolean hang;
  private volatile boolean countOnly;

  private OtlpHttpReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/traces", this::handle);
    server.createContext("/v1/logs", this::handleLogs);
    server.setExecutor(executor);
    server.start();
  }

  public static OtlpHttpReceiver start() throws IOException {
    return new OtlpHttpReceiver();
  }

  @Override
  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
  }

  /** From now on requests are decoded and their spans counted, not kept (for load). */
  public void countOnly() {
    countOnly = true;
  }

  /** The next {@code n} requests get HTTP 503. */
  public void failNext(int n) {
    failuresLeft.set(n);
  }

  /** From now on requests are read and never answered, until {@link #close()}. */
  public void hang() {
    hang = true;
  }

  /** The request body, gunzipped when it says so. */
  private static byte[] body(HttpExchange exchange) throws IOException {
    try (InputStream in = "gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))
        ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
      return in.readAllBytes();
    }
  }

  /** A 200 with a protobuf response message. */
  private static void ok(HttpExchange exchange, byte[] response) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
    exchange.sendResponseHeaders(200, response.length == 0 ? -1 : response.length);
    if (response.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(response);
      }
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = body(exchange);
      calls.incrementAndGet();
      exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
      if (hang) {
        released.await(60, TimeUnit.SECONDS);
        return;
      }
      if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        exchange.sendResponseHeaders(503, -1);
        return;
      }
      ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
      request.getResourceSpansList().forEach(rs -> rs.getScopeSpansList()
          .forEach(ss -> spansReceived.addAndGet(ss.getSpansCount())));
      if (!countOnly) {
        requests.add(request);
      }
      ok(exchange, ExportTraceServiceResponse.getDefaultInstance().toByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The URL of the logs endpoint. */
  public String logsEndpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/logs";
  }

  private void handleLogs(HttpExchange exchange) throws IOException {
    try (exchange) {
      logRequests.add(ExportLogsServiceRequest.parseFrom(body(exchange)));
      ok(exchange, ExportLogsServiceResponse.getDefaultInstance().toByteArray());
    }
  }

  @Override
  public void close() {
    released.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
