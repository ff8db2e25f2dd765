package io.infersight.examples.fraud;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The demo with {@code --admin}: the token, hostile bodies, wrong methods, and request IDs in logs. */
class DemoAdminEndpointTest {
  private static final ByteArrayOutputStream CONSOLE = new ByteArrayOutputStream();
  private static DemoApp demo;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build();
  private final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void startDemo() throws Exception {
    DemoOptions options = new DemoOptions(0, 0, Scenario.HEALTHY, Duration.ZERO, Duration.ZERO, null,
        Duration.ofMinutes(10)).withAdmin(true);
    demo = DemoApp.start(options, new PrintStream(CONSOLE, true, StandardCharsets.UTF_8));
  }

  @AfterAll
  static void stopDemo() {
    demo.close();
  }

  private HttpResponse<String> send(String method, String path, String auth, byte[] body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + demo.port() + path))
        .timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> fault(String body) throws Exception {
    return send("POST", "/admin/fault", "Bearer " + demo.adminToken(), body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void adminEndpointNeedsTheTokenPrintedAtStart() throws Exception {
    String token = demo.adminToken();
    assertThat(token).hasSizeGreaterThanOrEqualTo(32);
    assertThat(CONSOLE.toString(StandardCharsets.UTF_8)).contains("Authorization: Bearer " + token);
    byte[] body = "{\"scenario\":\"slow-model\"}".getBytes(StandardCharsets.UTF_8);

    HttpResponse<String> none = send("POST", "/admin/fault", null, body);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    assertThat(send("POST", "/admin/fault", "Bearer " + token + "x", body).statusCode()).isEqualTo(403);
    assertThat(demo.faults().active()).isEqualTo(Scenario.HEALTHY);

    assertThat(send("POST", "/admin/fault", "Bearer " + token, body).statusCode()).isEqualTo(200);
    assertThat(demo.faults().active()).isEqualTo(Scenario.SLOW_MODEL);
    demo.switchScenario(Scenario.HEALTHY);
  }

  @Test
  void hostileBodiesGetAJsonErrorNotAClosedConnection() throws Exception {
    HttpResponse<String> malformed = fault("{\"scenario\":");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(json.readTree(malformed.body()).path("error").asText()).contains("invalid JSON");

    HttpResponse<String> large = fault("{\"scenario\":\"" + "x".repeat(100 * 1024) + "\"}");
    assertThat(large.statusCode()).isEqualTo(413);
    assertThat(json.readTree(large.body()).path("error").asText()).contains("65536");

    HttpResponse<String> deep = fault("[".repeat(30_000) + "]".repeat(30_000));
    assertThat(deep.statusCode()).isEqualTo(400);
    assertThat(json.readTree(deep.body()).has("error")).isTrue();

    HttpResponse<String> unknown = fault("{\"scenario\":\"meteor\"}");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(demo.faults().active()).isEqualTo(Scenario.HEALTHY);
  }

  @Test
  void wrongMethodsAre405WithAllow() throws Exception {
    assertMethodNotAllowed("GET", "/admin/fault", "POST");
    assertMethodNotAllowed("PUT", "/admin/fault", "POST");
    assertMethodNotAllowed("POST", "/metrics", "GET, HEAD");
    assertMethodNotAllowed("DELETE", "/healthz", "GET, HEAD");
    assertMethodNotAllowed("POST", "/debug/traces", "GET, HEAD");
    assertMethodNotAllowed("POST", "/debug/traces/view", "GET, HEAD");
    assertMethodNotAllowed("GET", "/predict", "POST");
    HttpResponse<String> head = send("HEAD", "/healthz", null, null);
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
  }

  private void assertMethodNotAllowed(String method, String path, String allow) throws Exception {
    HttpResponse<String> r = send(method, path, "Bearer " + demo.adminToken(), null);
    assertThat(r.statusCode()).as(method + " " + path).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow")).as(method + " " + path).hasValue(allow);
    JsonNode body = json.readTree(r.body());
    assertThat(body.path("error").asText()).contains(method);
  }

  @Test
  void predictionFailedWarningCarriesTheCorrelationId() throws Exception {
    Logger api = (Logger) LoggerFactory.getLogger("io.infersight.examples.fraud.api");
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    api.addAppender(captured);
    demo.switchScenario(Scenario.ERRORS);
    try {
      SyntheticData world = new SyntheticData(2_000, 42);
      Random random = new Random(3);
      String failedId = null;
      // 15 % of forward passes fail under ERRORS: 200 tries miss one with odds of 1e-14.
      for (int i = 0; i < 200 && failedId == null; i++) {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + demo.port() + "/predict"))
            .header("X-Correlation-ID", "corr-test-" + i)
            .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(world.transaction(random))))
            .build();
        if (client.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 503) {
          failedId = "corr-test-" + i;
        }
      }
      assertThat(failedId).isNotNull();
      String id = failedId;
      assertThat(captured.list).filteredOn(e -> e.getFormattedMessage().startsWith("prediction failed"))
          .anySatisfy(e -> assertThat(e.getMDCPropertyMap()).containsEntry("correlation_id", id))
          .allSatisfy(e -> assertThat(e.getMDCPropertyMap()).containsKey("correlation_id"));
    } finally {
      demo.switchScenario(Scenario.HEALTHY);
      api.detachAppender(captured);
    }
  }
}
