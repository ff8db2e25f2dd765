package io.infersight.metrics;

import io.infersight.core.internal.ThrottlingLogger;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * A minimal {@code /metrics} endpoint for applications that have none. It answers {@code GET} and
 * {@code HEAD} on {@value #PATH} with the Prometheus text format, or OpenMetrics (with exemplars)
 * when the {@code Accept} header asks for it, as Prometheus does.
 *
 * <pre>{@code
 * PrometheusMeterRegistry registry = InfersightMetrics.prometheusRegistry();
 * try (MetricsServer server = InfersightMetrics.serve(registry, 9464)) {
 *   System.out.println("scrape http://localhost:" + server.port() + "/metrics");
 * }
 * }</pre>
 *
 * <p>Slow and stalled clients cannot stop other scrapes:
 *
 * <ul>
 *   <li>each connection has its own handler thread, up to {@value #MAX_CONNECTIONS} open
 *       connections; a connection beyond that is closed at once (and logged, throttled);
 *   <li>the request (line and headers, at most 8 KiB) must arrive within {@value
 *       #HEAD_TIMEOUT_SECONDS} s of connecting, and the whole exchange, response included, must
 *       end within {@value #EXCHANGE_TIMEOUT_SECONDS} s; otherwise the connection is closed;
 *   <li>every response carries {@code Connection: close}, so no idle connection is kept.
 * </ul>
 *
 * <p>The server sets no process-wide property and shares no thread with the host application. Its
 * threads are daemon threads named {@code infersight-metrics-*}.
 *
 * @since 0.1.0
 */
public final class MetricsServer implements AutoCloseable {
  /** The path served. */
  public static final String PATH = "/metrics";
  /** Connections open at once (each with its own thread); further ones are closed at once. */
  public static final int MAX_CONNECTIONS = 16;
  /** Seconds a client has to send its request line and headers. */
  public static final int HEAD_TIMEOUT_SECONDS = 10;
  /** Seconds one exchange may take in all, reading the request and writing the response. */
  public static final int EXCHANGE_TIMEOUT_SECONDS = 30;

  /** The OpenMetrics 1.0 content type (the registry picks its writer from it). */
  static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
  private static final String PROTOBUF_TYPE = "application/vnd.google.protobuf";
  static final String PROTOBUF = PROTOBUF_TYPE + "; proto=io.prometheus.client.MetricFamily; encoding=delimited";
  /** The Prometheus text format 0.0.4 content type. */
  static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
  private static final String PLAIN = "text/plain; charset=utf-8";
  private static final int MAX_HEAD_BYTES = 8 * 1024;
  /** What is read (and dropped) after the response so that an unread request body causes no reset. */
  private static final int MAX_DRAIN_BYTES = 64 * 1024;
  private static final long DRAIN_MILLIS = 1_000;
  private static final long ACCEPT_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final ThrottlingLogger LOG = ThrottlingLogger.forName("io.infersight.metrics");

  /** The server's bounds; tests shorten them. */
  record Limits(Duration headTimeout, Duration exchangeTimeout, int maxConnections) {
    static final Limits DEFAULT = new Limits(Duration.ofSeconds(HEAD_TIMEOUT_SECONDS),
        Duration.ofSeconds(EXCHANGE_TIMEOUT_SECONDS), MAX_CONNECTIONS);
  }

  private final PrometheusMeterRegistry registry;
  private final Limits limits;
  private final ServerSocket socket;
  private final ThreadPoolExecutor handlers;
  private final ScheduledThreadPoolExecutor deadlines;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;
  private volatile boolean closed;

  private MetricsServer(PrometheusMeterRegistry registry, Limits limits, ServerSocket socket) {
    this.registry = registry;
    this.limits = limits;
    this.socket = socket;
    AtomicInteger ids = new AtomicInteger();
    // No queue: a connection gets a thread of its own or is refused, so none waits behind a stalled one.
    this.handlers = new ThreadPoolExecutor(0, limits.maxConnections(), 30, TimeUnit.SECONDS,
        new SynchronousQueue<>(), r -> daemon(r, "infersight-metrics-http-" + ids.incrementAndGet()));
    this.deadlines = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "infersight-metrics-timeout"));
    this.deadlines.setRemoveOnCancelPolicy(true);
    this.acceptor = daemon(this::acceptLoop, "infersight-metrics-accept");
  }

  static MetricsServer start(PrometheusMeterRegistry registry, InetSocketAddress address) {
    return start(registry, address, Limits.DEFAULT);
  }

  static MetricsServer start(PrometheusMeterRegistry registry, InetSocketAddress address, Limits limits) {
    ServerSocket socket;
    try {
      socket = new ServerSocket();
      socket.bind(address, 50);
    } catch (IOException e) {
      throw new UncheckedIOException("metrics server: cannot bind " + address, e);
    }
    MetricsServer server = new MetricsServer(registry, limits, socket);
    server.acceptor.start();
    return server;
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** The bound port (the free one picked when 0 was asked). */
  public int port() {
    return socket.getLocalPort();
  }

  /** The bound address. */
  public InetSocketAddress address() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  /**
   * Stops serving at once and frees the port. A scrape in progress is cut: Prometheus records a
   * failed scrape and tries again at the next interval.
   */
  @Override
  public void close() {
    closed = true;
    closeQuietly(socket);
    for (Socket s : open) {
      closeQuietly(s);
    }
    handlers.shutdownNow();
    deadlines.shutdownNow();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = socket.accept();
      } catch (IOException e) {
        if (!closed) {
          LOG.log(Level.WARNING, "accept", "Metrics server: accepting a connection failed", e);
          // Out of file descriptors, say: back off rather than spin on the failing accept.
          LockSupport.parkNanos(ACCEPT_BACKOFF_NANOS);
        }
        continue;
      }
      try {
        handlers.execute(() -> handle(client));
      } catch (RejectedExecutionException full) {
        closeQuietly(client);
        if (!closed) {
          LOG.log(Level.WARNING, "bound", "Metrics server: " + limits.maxConnections()
              + " connections already open; closed a new one from " + client.getRemoteSocketAddress());
        }
      }
    }
  }

  private void handle(Socket client) {
    open.add(client);
    if (closed) {
      closeQuietly(client);
    }
    long start = System.nanoTime();
    // Closing the socket unblocks a read or a write stuck on a client that stopped reading.
    ScheduledFuture<?> deadline = deadlines.schedule(() -> closeQuietly(client),
        limits.exchangeTimeout().toNanos(), TimeUnit.NANOSECONDS);
    try {
      client.setTcpNoDelay(true);
      String head = readHead(client, start + limits.headTimeout().toNanos());
      if (head != null) {
        respond(client, head);
        drain(client);
      }
    } catch (IOException e) {
      // The client went away or ran out of time: nothing to answer.
    } finally {
      deadline.cancel(false);
      open.remove(client);
      closeQuietly(client);
    }
  }

  /** The request line and headers, or {@code null} when the client sent none in time (then closed). */
  private static @Nullable String readHead(Socket client, long deadlineNanos) throws IOException {
    InputStream in = client.getInputStream();
    byte[] buf = new byte[MAX_HEAD_BYTES];
    int len = 0;
    while (true) {
      int end = endOfHead(buf, len);
      if (end >= 0) {
        return new String(buf, 0, end, StandardCharsets.ISO_8859_1);
      }
      if (len == buf.length) {
        reply(client.getOutputStream(), 431, PLAIN, "Request header too large\n", false, null);
        return null;
      }
      long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
      if (left <= 0) {
        return timedOut(client);
      }
      client.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
      int n;
      try {
        n = in.read(buf, len, buf.length - len);
      } catch (SocketTimeoutException e) {
        return timedOut(client);
      }
      if (n < 0) {
        return null;
      }
      len += n;
    }
  }

  private static @Nullable String timedOut(Socket client) {
    LOG.log(Level.INFO, "head-timeout", "Metrics server: closed a connection from "
        + client.getRemoteSocketAddress() + " that sent no complete request in time");
    return null;
  }

  /** Index of the blank line ending the head ({@code CRLF CRLF}, or bare {@code LF LF}), or -1. */
  private static int endOfHead(byte[] buf, int len) {
    for (int i = 1; i < len; i++) {
      if (buf[i] == '\n' && (buf[i - 1] == '\n' || i >= 3 && buf[i - 1] == '\r' && buf[i - 2] == '\n')) {
        return i + 1;
      }
    }
    return -1;
  }

  private void respond(Socket client, String head) throws IOException {
    OutputStream out = client.getOutputStream();
    String[] lines = head.split("\r?\n");
    String[] request = lines[0].split(" ");
    if (request.length != 3 || !request[2].startsWith("HTTP/") || request[0].isEmpty()) {
      reply(out, 400, PLAIN, "Bad request\n", false, null);
      return;
    }
    String method = request[0];
    boolean headOnly = "HEAD".equals(method);
    String path;
    try {
      path = new URI(request[1]).getPath();
    } catch (URISyntaxException e) {
      reply(out, 400, PLAIN, "Bad request target\n", headOnly, null);
      return;
    }
    if (!PATH.equals(path)) {
      reply(out, 404, PLAIN, "Not found; metrics are at " + PATH + "\n", headOnly, null);
      return;
    }
    if (!"GET".equals(method) && !headOnly) {
      reply(out, 405, PLAIN, "Method not allowed\n", false, "GET, HEAD");
      return;
    }
    String contentType = contentType(header(lines, "accept"));
    byte[] body;
    try {
      ByteArrayOutputStream scraped = new ByteArrayOutputStream(16 * 1024);
      registry.scrape(scraped, contentType);
      body = scraped.toByteArray();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "scrape", "Scrape failed; answering 500", e);
      reply(out, 500, PLAIN, "Scrape failed\n", headOnly, null);
      return;
    }
    reply(out, 200, contentType, body, headOnly, null);
  }

  /** The values of header {@code lowerCaseName}, joined by commas, or {@code null}. */
  private static @Nullable String header(String[] lines, String lowerCaseName) {
    StringBuilder value = null;
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0 && lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(lowerCaseName)) {
        value = value == null ? new StringBuilder() : value.append(',');
        value.append(lines[i].substring(colon + 1).trim());
      }
    }
    return value == null ? null : value.toString();
  }

  /**
   * The Prometheus protobuf format when the client asks for it (Prometheus does when its native
   * histograms are enabled, and only that format carries them), else OpenMetrics when the client
   * accepts it (Prometheus does), else the Prometheus text format. Public so that an application
   * serving the registry on its own HTTP server answers scrapers the same way.
   */
  public static String contentType(@Nullable String accept) {
    if (accept == null) {
      return TEXT;
    }
    if (accept.contains(PROTOBUF_TYPE)) {
      return PROTOBUF;
    }
    return accept.contains("application/openmetrics-text") ? OPENMETRICS : TEXT;
  }

  private static void reply(OutputStream out, int status, String contentType, String body, boolean headOnly,
      @Nullable String allow) throws IOException {
    reply(out, status, contentType, body.getBytes(StandardCharsets.UTF_8), headOnly, allow);
  }

  private static void reply(OutputStream out, int status, String contentType, byte[] body, boolean headOnly,
      @Nullable String allow) throws IOException {
    StringBuilder head = new StringBuilder(160)
        .append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n")
        .append("Content-Type: ").append(contentType).append("\r\n")
        .append("Content-Length: ").append(body.length).append("\r\n")
        .append("Connection: close\r\n");
    if (allow != null) {
      head.append("Allow: ").append(allow).append("\r\n");
    }
    out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
    if (!headOnly) {
      out.write(body);
    }
    out.flush();
  }

  private static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 400 -> "Bad Request";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 431 -> "Request Header Fields Too Large";
      default -> "Internal Server Error";
    };
  }

  /**
   * Half-closes, then reads what the client still sends (a request body, say) until it closes, so
   * that closing with unread bytes does not reset the connection before the client read the reply.
   */
  private static void drain(Socket client) throws IOException {
    client.shutdownOutput();
    client.setSoTimeout((int) DRAIN_MILLIS);
    InputStream in = client.getInputStream();
    byte[] sink = new byte[4096];
    int total = 0;
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS);
    try {
      int n;
      while (total < MAX_DRAIN_BYTES && System.nanoTime() < until && (n = in.read(sink)) >= 0) {
        total += n;
      }
    } catch (SocketTimeoutException e) {
      // The client keeps the connection open; the close below ends it.
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // closing is best effort
    }
  }

  @Override
  public String toString() {
    return "MetricsServer{" + address() + PATH + "}";
  }
}
