package io.infersight.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infersight.core.InferenceObserver;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MetricsServerTest {
  private final PrometheusMeterRegistry registry = Registries.prometheus();
  private final HttpClient client = HttpClient.newHttpClient();
  private MetricsServer server;

  @BeforeEach
  void start() {
    InferenceObserver observer = InferenceObserver.builder().model("fraud", "1")
        .addListener(InfersightMetrics.listener(registry)).build();
    observer.start().close();
    server = InfersightMetrics.serve(registry, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> get(String path, String accept) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    if (accept != null) {
      b.header("Accept", accept);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void portZeroPicksAFreePort() {
    assertThat(server.port()).isPositive();
  }

  @Test
  void servesThePrometheusTextFormatByDefault() throws Exception {
    HttpResponse<String> r = get("/metrics", null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(r.body()).contains("ml_inference_requests_total{model_name=\"fraud\"").doesNotContain("# EOF");
  }

  @Test
  void servesOpenMetricsWhenTheScraperAcceptsIt() throws Exception {
    HttpResponse<String> r = get("/metrics",
        "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1");
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValue("application/openmetrics-text; version=1.0.0; charset=utf-8");
    assertThat(r.body()).contains("# TYPE ml_inference_requests counter").endsWith("# EOF\n");
  }

  @Test
  void answersHeadWithoutABody() throws Exception {
    HttpRequest head = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build();
    HttpResponse<String> r = client.send(head, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEmpty();
  }

  @Test
  void answersNotFoundElsewhere() throws Exception {
    assertThat(get("/other", null).statusCode()).isEqualTo(404);
  }

  @Test
  void refusesOtherMethods() throws Exception {
    HttpRequest post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
        .POST(HttpRequest.BodyPublishers.ofString("x")).build();
    HttpResponse<String> r = client.send(post, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow")).hasValue("GET, HEAD");
  }

  @Test
  void stopsServingWhenClosed() {
    server.close();
    assertThatThrownBy(() -> get("/metrics", null)).isInstanceOf(IOException.class);
  }

  @Test
  void refusesAnInvalidPort() {
    assertThatThrownBy(() -> InfersightMetrics.serve(registry, 70_000))
        .hasMessageContaining("port must be between 0 and 65535, was 70000");
  }

  @Test
  void reportsAPortInUse() {
    assertThatThrownBy(() -> InfersightMetrics.serve(registry, server.address()))
        .hasMessageContaining("cannot bind");
  }
}
