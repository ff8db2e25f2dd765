package io.infersight.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real sockets on loopback: clients that send half a request and keep the socket open. */
class MetricsServerStalledClientTest {
  /** Far above a scrape's time, far below the stalled clients' lifetime: proves "not blocked". */
  private static final Duration NOT_BLOCKED = Duration.ofSeconds(20);

  private final PrometheusMeterRegistry registry = Registries.prometheus();
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(NOT_BLOCKED).build();
  private final List<Socket> stalled = new ArrayList<>();
  private MetricsServer server;

  @AfterEach
  void stop() throws Exception {
    for (Socket s : stalled) {
      s.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private Socket stall(int port, String partialRequest) throws Exception {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
    stalled.add(s);
    OutputStream out = s.getOutputStream();
    out.write(partialRequest.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return s;
  }

  private int scrape() throws Exception {
    HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
        .timeout(NOT_BLOCKED).build();
    return client.send(get, HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  @Test
  void halfSentRequestsDoNotBlockOtherScrapes() throws Exception {
    server = InfersightMetrics.serve(registry, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    stall(server.port(), "GET /metri");
    stall(server.port(), "GET /metrics HTTP/1.1\r\nHost: x\r\n");
    stall(server.port(), "");

    for (int i = 0; i < 3; i++) {
      assertThat(scrape()).isEqualTo(200);
    }
  }

  @Test
  void closesAStalledClientAfterTheHeadTimeout() throws Exception {
    server = MetricsServer.start(registry, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        new MetricsServer.Limits(Duration.ofMillis(300), Duration.ofSeconds(5), 4));
    Socket s = stall(server.port(), "GET /metrics HTTP/1.1\r\n");
    s.setSoTimeout((int) NOT_BLOCKED.toMillis());

    assertThat(readUntilClosed(s.getInputStream())).isEmpty();
  }

  @Test
  void refusesConnectionsBeyondTheBoundAndRecoversWhenTheyGo() throws Exception {
    server = MetricsServer.start(registry, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        new MetricsServer.Limits(Duration.ofSeconds(60), Duration.ofSeconds(60), 2));
    Socket a = stall(server.port(), "GET /metrics HTTP/1.1\r\n");
    Socket b = stall(server.port(), "GET /metrics HTTP/1.1\r\n");
    // The third connection is accepted by the kernel and closed by the server at once.
    Socket c = stall(server.port(), "");
    c.setSoTimeout((int) NOT_BLOCKED.toMillis());
    assertThat(readUntilClosed(c.getInputStream())).isEmpty();

    a.close();
    b.close();
    org.awaitility.Awaitility.await().atMost(NOT_BLOCKED).ignoreExceptions()
        .until(() -> scrape() == 200);
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
