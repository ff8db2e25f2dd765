package io.infersight.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import io.infersight.core.http.CorrelationIdFilter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CorrelationIdFilterTest {
  private final InferenceObserver observer = InferenceObserver.builder().model("m", "1").build();
  private HttpServer server;
  private URI uri;

  @BeforeEach
  void startServer() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    HttpContext ctx = server.createContext("/predict", exchange -> {
      String seen;
      try (Inference inf = observer.start(CorrelationIdFilter.correlationId(exchange))) {
        seen = inf.correlationId();
      }
      byte[] body = seen.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    ctx.getFilters().add(CorrelationIdFilter.create(observer));
    server.start();
    uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/predict");
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private HttpResponse<String> send(String header) throws Exception {
    HttpRequest.Builder req = HttpRequest.newBuilder(uri).GET();
    if (header != null) {
      req.header("X-Correlation-ID", header);
    }
    return HttpClient.newHttpClient().send(req.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void keepsAValidCallerIdAndEchoesIt() throws Exception {
    HttpResponse<String> r = send("order-77.retry:2");
    assertThat(r.body()).isEqualTo("order-77.retry:2");
    assertThat(r.headers().firstValue("X-Correlation-ID")).hasValue("order-77.retry:2");
  }

  @Test
  void generatesAnIdWhenTheCallerSendsNone() throws Exception {
    HttpResponse<String> r = send(null);
    assertThat(r.body()).matches("[0-9a-f]{16}");
    assertThat(r.headers().firstValue("X-Correlation-ID")).hasValue(r.body());
  }

  @Test
  void replacesAndCountsAnInvalidId() throws Exception {
    HttpResponse<String> r = send("x".repeat(500));
    assertThat(r.body()).matches("[0-9a-f]{16}");
    assertThat(r.headers().firstValue("X-Correlation-ID")).hasValue(r.body());
    assertThat(observer.selfMetrics().count(SelfMetricNames.CORRELATION_REJECTED, null, null)).isEqualTo(1);
  }

  @Test
  void replacesAndCountsACardNumberInsteadOfEchoingIt() throws Exception {
    HttpResponse<String> r = send("4111-1111-1111-1111");
    assertThat(r.body()).matches("[0-9a-f]{16}");
    assertThat(r.headers().firstValue("X-Correlation-ID")).hasValue(r.body());
    // Counted once, by the filter: the observer then receives the generated ID.
    assertThat(observer.selfMetrics().count(SelfMetricNames.CORRELATION_REJECTED, null, null)).isEqualTo(1);
  }
}
