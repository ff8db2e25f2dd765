package io.infersight.examples.fraud;

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
 * Sends prompts to {@code POST /generate} at a steady rate over real HTTP and reads each event
 * stream to its end, as a chat client does.
 */
final class GenerateTraffic implements AutoCloseable {
  private static final String[] WORDS = {
    "explain", "why", "the", "queue", "grows", "when", "batches", "fill", "and", "tokens", "slow", "down"
  };

  private final URI base;
  private final double rps;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "infersight-demo-generate-traffic");
    t.setDaemon(true);
    return t;
  });
  private final Random random = new Random(13);
  private final AtomicLong sent = new AtomicLong();

  GenerateTraffic(URI base, double rps) {
    this.base = base;
    this.rps = rps;
  }

  void start() {
    long periodNanos = (long) (1e9 / rps);
    timer.scheduleAtFixedRate(this::sendOne, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
  }

  private void sendOne() {
    int words;
    int maxTokens;
    StringBuilder prompt = new StringBuilder();
    long n;
    synchronized (random) {
      words = 5 + random.nextInt(40);
      maxTokens = 8 + random.nextInt(25);
      for (int i = 0; i < words; i++) {
        prompt.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
      }
      n = sent.incrementAndGet();
    }
    String body = "{\"prompt\":\"" + prompt + "\",\"max_tokens\":" + maxTokens + "}";
    HttpRequest req = HttpRequest.newBuilder(base.resolve("/generate"))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .header("Accept", "text/event-stream")
        .header("X-Correlation-ID", "gen-" + n)
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    client.sendAsync(req, HttpResponse.BodyHandlers.discarding());
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
