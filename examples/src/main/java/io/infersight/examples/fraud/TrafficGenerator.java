package io.infersight.examples.fraud;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends payments drawn from the synthetic world to {@code POST /predict} at a steady rate, over
 * real HTTP, rotating through the three instrumentation styles.
 */
public final class TrafficGenerator implements AutoCloseable {
  private static final String[] STYLES = {"scope", "pipeline", "annotated"};

  private final SyntheticData world;
  private final URI base;
  private final double rps;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ObjectMapper json = new ObjectMapper();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "infersight-demo-traffic");
    t.setDaemon(true);
    return t;
  });
  private final Random random = new Random(11);
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  public TrafficGenerator(SyntheticData world, URI base, double rps) {
    if (!(rps > 0) || rps > 10_000) {
      throw new IllegalArgumentException("rps must be in (0, 10000], was " + rps);
    }
    this.world = world;
    this.base = base;
    this.rps = rps;
  }

  public void start() {
    long periodNanos = (long) (1e9 / rps);
    timer.scheduleAtFixedRate(this::sendOne, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
  }

  private void sendOne() {
    try {
      Transaction tx;
      long n;
      synchronized (random) {
        tx = world.transaction(random);
        n = sent.incrementAndGet();
      }
      String style = STYLES[(int) (n % STYLES.length)];
      HttpRequest req = HttpRequest.newBuilder(base.resolve("/predict?style=" + style))
          .timeout(Duration.ofSeconds(5))
          .header("Content-Type", "application/json")
          .header("X-Correlation-ID", "demo-" + n)
          .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(tx)))
          .build();
      client.sendAsync(req, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
        if (e != null || r.statusCode() >= 500) {
          failed.incrementAndGet();
        }
      });
    } catch (Exception e) {
      failed.incrementAndGet();
    }
  }

  public long sent() {
    return sent.get();
  }

  public long failed() {
    return failed.get();
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
