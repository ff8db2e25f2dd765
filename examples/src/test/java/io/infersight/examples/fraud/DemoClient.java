package io.infersight.examples.fraud;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Random;

/**
 * The end-to-end tests' client of a running demo: real HTTP to its port, predictions with the
 * synthetic world's transactions drawn from a seeded {@link Random}, so a test sends the same
 * traffic every run.
 */
final class DemoClient {
  private final URI base;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  private final SyntheticData world = new SyntheticData(2_000, 42);
  private final Random random;

  DemoClient(DemoApp demo, long seed) {
    this.base = URI.create("http://127.0.0.1:" + demo.port());
    this.random = new Random(seed);
  }

  /** A demo on a free port with no generated traffic and no fault, its console output discarded. */
  static DemoApp startQuiet() throws IOException {
    DemoOptions options = new DemoOptions(0, 0, Scenario.HEALTHY, Duration.ZERO, Duration.ZERO, null,
        Duration.ofMinutes(10));
    return DemoApp.start(options, new PrintStream(OutputStream.nullOutputStream()));
  }

  URI base() {
    return base;
  }

  HttpClient http() {
    return http;
  }

  /**
   * POSTs the next transaction to {@code pathAndQuery} (for example {@code /predict?style=scope}),
   * with {@code correlationId} as {@code X-Correlation-ID} unless null; returns the status code.
   */
  int predict(String pathAndQuery, String correlationId) throws IOException, InterruptedException {
    HttpRequest.Builder req = HttpRequest.newBuilder(base.resolve(pathAndQuery))
        .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(world.transaction(random))));
    if (correlationId != null) {
      req.header("X-Correlation-ID", correlationId);
    }
    return http.send(req.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
