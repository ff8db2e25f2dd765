package io.infersight.otelextension;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.infersight.core.Inference;
import io.infersight.core.InferenceObserver;
import io.infersight.core.Stage;
import io.infersight.tracing.InfersightTracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The app the agent test attaches the OpenTelemetry Java agent to: the JDK HTTP server (which the
 * agent instruments with a server span) with one Infersight request per call. {@code /ok}
 * succeeds, {@code /fail} fails, {@code /slow} runs past the slow threshold; each answers with the
 * trace and span ID of the agent's server span. {@code /quit} ends the process (the agent flushes
 * on exit).
 */
public final class AgentTestApp {
  private AgentTestApp() {}

  public static void main(String[] args) throws Exception {
    InfersightTracing tracing = InfersightTracing.sdkBuilder().build();
    InferenceObserver observer = InferenceObserver.builder().model("fraud-detector", "2.1.0")
        .slowThreshold(Duration.ofMillis(100)).addListener(tracing.listener()).build();
    CountDownLatch quit = new CountDownLatch(1);
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      SpanContext serverSpan = Span.current().getSpanContext();
      if (path.equals("/quit")) {
        answer(exchange, "bye");
        quit.countDown();
        return;
      }
      try (Inference inf = observer.start(exchange.getRequestURI().getQuery())) {
        inf.stage(Stage.FORWARD, () -> {
          if (path.equals("/slow")) {
            // The slow model call under test: real time passes in the stage.
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(150));
          }
          return null;
        });
        if (path.equals("/fail")) {
          inf.fail(new IllegalStateException("model replica unavailable"));
        }
      } catch (Exception e) {
        throw new IOException(e);
      }
      answer(exchange, serverSpan.getTraceId() + " " + serverSpan.getSpanId());
    });
    server.start();
    System.out.println("usesAgent=" + tracing.usesAgent() + " ratio=" + tracing.listener().samplingRatio());
    System.out.println("port=" + server.getAddress().getPort());
    System.out.flush();
    quit.await(120, TimeUnit.SECONDS);
    server.stop(0);
    observer.close();
  }

  private static void answer(HttpExchange exchange, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
