package io.infersight.benchmarks.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.infersight.examples.fraud.ObserverMode;
import io.infersight.examples.fraud.SyntheticData;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Issue 21, the whole server: the demo's {@code POST /predict} under a closed-loop load generator
 * at saturation on loopback, with every pillar (the demo's default configuration) and with
 * {@code --observer noop}. Each run starts {@code infersight demo} as a child JVM (traffic
 * generator off, healthy scenario), sends requests from {@code workers} connections, each sending
 * the next request as soon as the previous answer arrives, for a warm-up and then a measured
 * window, and stops the server. Runs alternate (instrumented, no-op, then no-op, instrumented, ...)
 * so that a drift of the shared machine falls on both sides. Results go to a JSON file that
 * {@code report.py} reads.
 *
 * <p>Settings (system properties, defaults in brackets): {@code infersight.bench.server.cliJar}
 * [{@code cli/target/infersight.jar}], {@code .out} [{@code benchmarks/target/server-load.json}],
 * {@code .pairs} [3], {@code .warmup} [10s], {@code .measure} [20s], {@code .workers} [32].
 *
 * <pre>{@code
 * java -Dinfersight.bench.server.pairs=3 -cp benchmarks/target/benchmarks.jar \
 *     io.infersight.benchmarks.server.ServerLoad
 * }</pre>
 */
public final class ServerLoad {
  private static final String P = "infersight.bench.server.";
  /** Distinct request bodies the workers cycle through, drawn from the demo's synthetic world. */
  private static final int BODIES = 512;

  private final Path cliJar;
  private final Path workDir;
  private final int workers;
  private final Duration warmup;
  private final Duration measure;
  private final byte[][] bodies;

  private ServerLoad(Path cliJar, Path workDir, int workers, Duration warmup, Duration measure) throws IOException {
    this.cliJar = cliJar;
    this.workDir = workDir;
    this.workers = workers;
    this.warmup = warmup;
    this.measure = measure;
    SyntheticData world = new SyntheticData(2_000, 42);
    Random random = new Random(11);
    ObjectMapper json = new ObjectMapper();
    bodies = new byte[BODIES][];
    for (int i = 0; i < BODIES; i++) {
      bodies[i] = json.writeValueAsBytes(world.transaction(random));
    }
  }

  public static void main(String[] args) throws Exception {
    Path cliJar = Path.of(System.getProperty(P + "cliJar", "cli/target/infersight.jar"));
    Path out = Path.of(System.getProperty(P + "out", "benchmarks/target/server-load.json"));
    int pairs = Integer.getInteger(P + "pairs", 3);
    int workers = Integer.getInteger(P + "workers", 32);
    Duration warmup = Duration.parse("PT" + System.getProperty(P + "warmup", "10s"));
    Duration measure = Duration.parse("PT" + System.getProperty(P + "measure", "20s"));
    if (!Files.isRegularFile(cliJar)) {
      throw new IllegalArgumentException(P + "cliJar: no such file " + cliJar.toAbsolutePath()
          + " (build the cli module first)");
    }
    if (pairs < 1 || workers < 1 || warmup.isNegative() || measure.isZero() || measure.isNegative()) {
      throw new IllegalArgumentException(P + "pairs and " + P + "workers must be >= 1, " + P
          + "measure positive");
    }
    Path workDir = out.toAbsolutePath().getParent().resolve("server-load");
    Files.createDirectories(workDir);
    ServerLoad load = new ServerLoad(cliJar.toAbsolutePath(), workDir, workers, warmup, measure);

    Instant started = Instant.now();
    List<Map<String, Object>> runs = new ArrayList<>();
    for (int pair = 0; pair < pairs; pair++) {
      ObserverMode[] order = pair % 2 == 0
          ? new ObserverMode[] {ObserverMode.DEFAULT, ObserverMode.NOOP}
          : new ObserverMode[] {ObserverMode.NOOP, ObserverMode.DEFAULT};
      for (ObserverMode mode : order) {
        Map<String, Object> run = load.runOnce(mode, pair);
        System.out.println("[server] " + run);
        runs.add(run);
      }
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("started", started.toString());
    result.put("finished", Instant.now().toString());
    result.put("workers", workers);
    result.put("warmupSeconds", warmup.toMillis() / 1000.0);
    result.put("measureSeconds", measure.toMillis() / 1000.0);
    result.put("command", "java -jar " + cliJar + " demo --port <free> --rps 0 --scenario healthy"
        + " --status-every 1h --observer default|noop");
    result.put("runs", runs);
    Files.createDirectories(out.toAbsolutePath().getParent());
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), result);
    System.out.println("[server] wrote " + out);
  }

  private Map<String, Object> runOnce(ObserverMode mode, int pair) throws Exception {
    int port = freePort();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path log = workDir.resolve("demo-" + mode.cliName() + "-" + pair + ".log");
    Process server = new ProcessBuilder(java.toString(), "-jar", cliJar.toString(), "demo",
        "--port", Integer.toString(port), "--rps", "0", "--scenario", "healthy", "--status-every", "1h",
        "--observer", mode.cliName())
        .directory(workDir.toFile())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD) // the JSON log lines: encoded, then discarded
        .redirectError(log.toFile())
        .start();
    try {
      awaitListening(server, port, log);
      Worker[] ws = new Worker[workers];
      long now = System.nanoTime();
      long measureFrom = now + warmup.toNanos();
      long until = measureFrom + measure.toNanos();
      Thread[] threads = new Thread[workers];
      for (int i = 0; i < workers; i++) {
        ws[i] = new Worker(port, i, measureFrom, until);
        threads[i] = new Thread(ws[i], "load-" + i);
        threads[i].start();
      }
      for (Thread t : threads) {
        t.join();
      }
      long ok = 0;
      long errors = 0;
      int n = 0;
      for (Worker w : ws) {
        ok += w.ok;
        errors += w.errors;
        n += w.count;
      }
      long[] latencies = new long[n];
      int at = 0;
      for (Worker w : ws) {
        System.arraycopy(w.latencies, 0, latencies, at, w.count);
        at += w.count;
      }
      Arrays.sort(latencies);
      double seconds = measure.toNanos() / 1e9;
      Map<String, Object> run = new LinkedHashMap<>();
      run.put("observer", mode.cliName());
      run.put("pair", pair);
      run.put("ok", ok);
      run.put("errors", errors);
      run.put("throughput", ok / seconds);
      run.put("p50Micros", percentile(latencies, 0.50) / 1e3);
      run.put("p99Micros", percentile(latencies, 0.99) / 1e3);
      run.put("p999Micros", percentile(latencies, 0.999) / 1e3);
      return run;
    } finally {
      server.destroy();
      if (!server.waitFor(30, TimeUnit.SECONDS)) {
        server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private static long percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return -1;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Waits until the server accepts a connection (it trains its model first), or fails. */
  private static void awaitListening(Process server, int port, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        throw new IllegalStateException("the demo exited with " + server.exitValue() + "; see " + log);
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
        return;
      } catch (IOException notYet) {
        // A poll loop in a benchmark driver: the child JVM gives no other signal that it listens.
        Thread.sleep(200);
      }
    }
    throw new IllegalStateException("the demo did not listen on port " + port + " within 3 minutes; see " + log);
  }

  /**
   * One closed-loop client on a keep-alive HTTP/1.1 connection: sends a request, reads the whole
   * answer, sends the next. Requests that start in the measured window and end before it closes
   * are counted, and their latencies kept.
   */
  private final class Worker implements Runnable {
    private final int port;
    private final long measureFrom;
    private final long until;
    private final byte[][] requests;
    private final byte[] buf = new byte[16 * 1024];
    long[] latencies = new long[1 << 14];
    int count;
    long ok;
    long errors;
    private int next;

    Worker(int port, int index, long measureFrom, long until) {
      this.port = port;
      this.measureFrom = measureFrom;
      this.until = until;
      this.next = (index * 17) % bodies.length;
      requests = new byte[bodies.length][];
      for (int i = 0; i < bodies.length; i++) {
        byte[] head = ("POST /predict HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\n"
            + "Content-Length: " + bodies[i].length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] r = Arrays.copyOf(head, head.length + bodies[i].length);
        System.arraycopy(bodies[i], 0, r, head.length, bodies[i].length);
        requests[i] = r;
      }
    }

    @Override
    public void run() {
      Socket socket = null;
      try {
        while (System.nanoTime() < until) {
          if (socket == null) {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            socket.setSoTimeout(30_000);
          }
          byte[] request = requests[next];
          next = (next + 1) % requests.length;
          long start = System.nanoTime();
          int status;
          boolean keep;
          try {
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            long reply = readReply(socket.getInputStream());
            status = (int) (reply >>> 1);
            keep = (reply & 1) == 1;
          } catch (IOException e) {
            status = -1;
            keep = false;
          }
          long end = System.nanoTime();
          if (start >= measureFrom && end <= until) {
            if (status == 200) {
              ok++;
              if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
              }
              latencies[count++] = end - start;
            } else {
              errors++;
            }
          }
          if (!keep) {
            closeQuietly(socket);
            socket = null;
          }
        }
      } catch (IOException e) {
        errors++;
      } finally {
        closeQuietly(socket);
      }
    }

    /** Reads one response; returns its status shifted left by one, the low bit set to keep the connection. */
    private long readReply(InputStream in) throws IOException {
      int len = 0;
      int headerEnd = -1;
      while (headerEnd < 0) {
        int r = in.read(buf, len, buf.length - len);
        if (r < 0) {
          throw new IOException("connection closed before the response headers");
        }
        len += r;
        headerEnd = indexOfBlankLine(buf, len);
        if (headerEnd < 0 && len == buf.length) {
          throw new IOException("response headers over " + buf.length + " bytes");
        }
      }
      String head = new String(buf, 0, headerEnd, StandardCharsets.ISO_8859_1);
      int status = Integer.parseInt(head.substring(9, 12));
      long contentLength = -1;
      boolean close = false;
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon < 0) {
          continue;
        }
        String name = line.substring(0, colon).trim();
        String value = line.substring(colon + 1).trim();
        if (name.equalsIgnoreCase("Content-Length")) {
          contentLength = Long.parseLong(value);
        } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
          close = true;
        } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
          throw new IOException("unexpected Transfer-Encoding " + value);
        }
      }
      if (contentLength < 0) {
        throw new IOException("no Content-Length");
      }
      long remaining = contentLength - (len - (headerEnd + 4));
      while (remaining > 0) {
        int r = in.read(buf, 0, (int) Math.min(buf.length, remaining));
        if (r < 0) {
          throw new IOException("connection closed in the body");
        }
        remaining -= r;
      }
      return ((long) status << 1) | (close ? 0 : 1);
    }

    private int indexOfBlankLine(byte[] b, int len) {
      for (int i = 3; i < len; i++) {
        if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r') {
          return i - 3;
        }
      }
      return -1;
    }

    private void closeQuietly(Socket s) {
      if (s != null) {
        try {
          s.close();
        } catch (IOException ignored) {
          // closing a connection the benchmark is done with
        }
      }
    }
  }
}
