package io.infersight.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersight.core.Inference;
import io.infersight.core.InferenceClock;
import io.infersight.core.InferenceObserver;
import io.infersight.core.Stage;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusTimer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {
  private static final int THREADS = 8;
  private static final int PER_THREAD = 1_000_000;
  private static final long MS = 1_000_000L;

  /** Each thread has its own time, moved only by the test, so every duration is exact. */
  static final class ThreadClock implements InferenceClock {
    private final ThreadLocal<long[]> now = ThreadLocal.withInitial(() -> new long[] {1L << 40});

    @Override
    public long nanoTime() {
      return now.get()[0];
    }

    @Override
    public long epochNanos() {
      return now.get()[0];
    }

    void advance(long nanos) {
      now.get()[0] += nanos;
    }
  }

  @Test
  void eightThreadsOfAMillionInferencesCountExactly() throws Exception {
    PrometheusMeterRegistry registry = Registries.prometheus();
    ThreadClock clock = new ThreadClock();
    InferenceObserver observer = InferenceObserver.builder().model("fraud", "1").clock(clock)
        .addListener(InfersightMetrics.listener(registry)).build();
    RuntimeException failure = new RuntimeException("model failed");
    double[] scores = {0.42};
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      done.add(pool.submit(() -> {
        go.await();
        Runnable forward = () -> clock.advance(2 * MS);
        for (int i = 0; i < PER_THREAD; i++) {
          try (Inference inf = observer.start()) {
            inf.stage(Stage.FORWARD, forward);
            inf.batchSize(2).scores(scores);
            if (i % 10 == 0) {
              inf.fail(failure);
            }
            clock.advance(MS);
          }
        }
        return null;
      }));
    }
    go.countDown();
    for (Future<?> f : done) {
      f.get(5, TimeUnit.MINUTES);
    }
    pool.shutdown();

    long total = (long) THREADS * PER_THREAD;
    long errors = (long) THREADS * (PER_THREAD / 10);
    assertThat(registry.get(MeterNames.REQUESTS).tag("status", "error").counter().count()).isEqualTo(errors);
    assertThat(registry.get(MeterNames.REQUESTS).tag("status", "success").counter().count()).isEqualTo(total - errors);
    assertThat(registry.get(MeterNames.SAMPLES).counter().count()).isEqualTo(2.0 * total);
    assertThat(registry.get(MeterNames.ACTIVE_REQUESTS).gauge().value()).isZero();
    assertThat(registry.get(MeterNames.BATCH_SIZE).summary().count()).isEqualTo(total);

    PrometheusTimer request = (PrometheusTimer) registry.get(MeterNames.REQUEST_DURATION).timer();
    assertThat(request.count()).isEqualTo(total);
    assertThat(cumulative(request, 0.001)).isZero();
    assertThat(cumulative(request, 0.005)).isEqualTo(total); // every request took exactly 3 ms
    PrometheusTimer forward = (PrometheusTimer) registry.get(MeterNames.FORWARD_DURATION).timer();
    assertThat(cumulative(forward, 0.001)).isZero();
    assertThat(cumulative(forward, 0.0025)).isEqualTo(total); // every forward pass took exactly 2 ms
    assertThat(registry.get(MeterNames.STAGE_DURATION).tag("stage", "forward").timer().count()).isEqualTo(total);
    assertThat(registry.scrape())
        .contains("ml_prediction_score_bucket{model_name=\"fraud\",model_version=\"1\",le=\"0.4\"} 0\n")
        .contains("ml_prediction_score_bucket{model_name=\"fraud\",model_version=\"1\",le=\"0.5\"} " + total + "\n");
  }

  private static double cumulative(PrometheusTimer timer, double upperBoundSeconds) {
    for (CountAtBucket b : timer.histogramCounts()) {
      if (b.bucket(TimeUnit.SECONDS) == upperBoundSeconds) {
        return b.count();
      }
    }
    throw new AssertionError("no bucket " + upperBoundSeconds);
  }
}
