package io.infersight.examples.fraud;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.infersight.core.InferenceObserver;
import io.infersight.metrics.InfersightMetrics;
import io.infersight.tracing.TraceStore;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The demo's endpoints on a real JDK server whose scoring pool is full: {@code /predict} answers
 * 503 at once, and {@code /healthz} and {@code /metrics} keep answering.
 */
class DemoEndpointsSaturationTest {
  private static final Duration NOT_BLOCKED = Duration.ofSeconds(20);

  private final SyntheticData world = new SyntheticData(200, 42);
  private final PrometheusMeterRegistry registry = InfersightMetrics.prometheusRegistry();
  private final InferenceObserver observer = InferenceObserver.builder().model("fraud-detector", "2.1.0")
      .featureSchema(SyntheticData.FEATURES).addListener(InfersightMetrics.listener(registry)).build();
  private final FeatureStore store = new FeatureStore(world, Clock.systemUTC());
  private final Faults faults = new Faults(store);
  private final CountDownLatch release = new CountDownLatch(1);
  /** One scoring thread, no queue, and that thread held: the pool is saturated. */
  private final ThreadPoolExecutor scoring = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
      new SynchronousQueue<>());
  private final ExchangeExecutor exchanges = new ExchangeExecutor("test-http", 32, Duration.ofSeconds(30));
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(NOT_BLOCKED).build();
  private final ObjectMapper json = new ObjectMapper();
  private HttpServer server;

  @AfterEach
  void stop() {
    release.countDown();
    if (server != null) {
      server.stop(0);
    }
    exchanges.close();
    scoring.shutdownNow();
    observer.close();
  }

  @Test
  void predictAnswers503AtOnceWhileHealthzAndMetricsKeepAnswering() throws Exception {
    FraudModel model = FraudModel.train(world.trainingSet(2_000, 7), 50, 0.5);
    FraudService service = new FraudService(observer, store, model, faults);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    DemoEndpoints.register(server, new DemoEndpoints.Services(observer, service, scoring, registry,
        new TracePages(TraceStore.builder().build(), json), faults, s -> { }, null,
        () -> { throw new IllegalStateException("no drift here"); }), json);
    server.setExecutor(exchanges);
    server.start();
    scoring.execute(() -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });

    HttpResponse<String> predict = client.send(HttpRequest.newBuilder(uri("/predict"))
        .timeout(NOT_BLOCKED).header("X-Correlation-ID", "saturated-1")
        .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(world.transaction(new Random(1)))))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(predict.statusCode()).isEqualTo(503);
    assertThat(predict.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(json.readTree(predict.body()).path("correlation_id").asText()).isEqualTo("saturated-1");

    assertThat(get("/healthz").statusCode()).isEqualTo(200);
    assertThat(get("/metrics").statusCode()).isEqualTo(200);
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(HttpRequest.newBuilder(uri(path)).timeout(NOT_BLOCKED).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
