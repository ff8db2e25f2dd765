package io.infersight.examples.fraud;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real sockets on loopback against the running demo, started with its default options: clients
 * that send half a request and wait must not freeze the other endpoints.
 */
class DemoServerStalledClientTest {
  /** Far above an answer's time, far below the stalled clients' lifetime: proves "not blocked". */
  private static final Duration NOT_BLOCKED = Duration.ofSeconds(20);

  private static DemoApp demo;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(NOT_BLOCKED).build();
  private final List<Socket> stalled = new ArrayList<>();

  @BeforeAll
  static void startDemo() throws Exception {
    DemoOptions options = new DemoOptions(0, 0, Scenario.HEALTHY, Duration.ZERO, Duration.ZERO, null,
        Duration.ofMinutes(10)).withRequestTimeout(Duration.ofSeconds(2));
    demo = DemoApp.start(options, new PrintStream(OutputStream.nullOutputStream()));
  }

  @AfterAll
  static void stopDemo() {
    demo.close();
  }

  @AfterEach
  void hangUp() throws Exception {
    for (Socket s : stalled) {
      s.close();
    }
  }

  private Socket stall(String partialRequest) throws Exception {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), demo.port());
    stalled.add(s);
    s.getOutputStream().write(partialRequest.getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    return s;
  }

  private HttpResponse<String> send(String method, String path) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + demo.port() + path))
        .method(method, HttpRequest.BodyPublishers.noBody()).timeout(NOT_BLOCKED).build();
    return client.send(req, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void healthzAndMetricsAnswerWhileClientsStallHeadersAndPredictBodies() throws Exception {
    // More stalled clients than the 16 threads the server once had, half of them inside /predict.
    for (int i = 0; i < 24; i++) {
      stall("GET /healthz HTTP/1.1\r\nHost: x\r\n");
      stall("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"us");
    }

    assertThat(send("GET", "/healthz").statusCode()).isEqualTo(200);
    assertThat(send("GET", "/metrics").body()).contains("ml_inference");
  }

  @Test
  void disconnectsAClientThatOutlivesTheRequestTimeout() throws Exception {
    Socket s = stall("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{");
    s.setSoTimeout((int) NOT_BLOCKED.toMillis());

    assertThat(readUntilClosed(s.getInputStream())).isEmpty();
  }

  @Test
  void listensOnLoopbackWithTheAdminEndpointOffByDefault() throws Exception {
    assertThat(demo.address().getAddress().isLoopbackAddress()).isTrue();
    assertThat(demo.adminToken()).isNull();

    HttpResponse<String> r = send("POST", "/admin/fault");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).contains("--admin");
  }

  /** Reads until the server closes the connection; returns what came before. */
  private static String readUntilClosed(InputStream in) throws Exception {
    StringBuilder b = new StringBuilder();
    try {
      int c;
      while ((c = in.read()) >= 0) {
        b.append((char) c);
      }
    } catch (SocketException reset) {
      // A reset is a close too.
    }
    return b.toString();
  }
}
