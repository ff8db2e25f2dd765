package io.infersight.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.infersight.core.Inference;
import io.infersight.core.InferenceClock;
import io.infersight.core.InferenceObserver;
import io.infersight.core.Stage;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.infersight.testsupport.Required;
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
    Scraped scraped = Scraped.of(registry);
    assertThat(scraped.value("ml_inference_requests_total", "status", "error")).isEqualTo(errors);
    assertThat(scraped.value("ml_inference_requests_total", "status", "success")).isEqualTo(total - errors);
    assertThat(scraped.value("ml_inference_samples_total")).isEqualTo(2.0 * total);
    assertThat(scraped.value("ml_inference_active_requests")).isZero();
    assertThat(scraped.value("ml_inference_batch_size_count")).isEqualTo(total);
    assertThat(scraped.value("ml_inference_batch_size_bucket", "le", "2.0")).isEqualTo(total);
    assertThat(scraped.value("ml_inference_batch_size_sum")).isEqualTo(2.0 * total);

    assertThat(scraped.value("ml_inference_duration_seconds_count")).isEqualTo(total);
    assertThat(scraped.value("ml_inference_duration_seconds_bucket", "le", "0.001")).isZero();
    // every request took exactly 3 ms
    assertThat(scraped.value("ml_inference_duration_seconds_bucket", "le", "0.005")).isEqualTo(total);
    assertThat(scraped.value("ml_inference_duration_seconds_sum")).isCloseTo(0.003 * total, within(1e-3));
    assertThat(scraped.value("ml_model_forward_duration_seconds_bucket", "le", "0.001")).isZero();
    // every forward pass took exactly 2 ms
    assertThat(scraped.value("ml_model_forward_duration_seconds_bucket", "le", "0.0025")).isEqualTo(total);
    assertThat(scraped.value("ml_stage_duration_seconds_count", "stage", "forward")).isEqualTo(total);
    assertThat(scraped.value("ml_stage_duration_seconds_bucket", "stage", "forward", "le", "+Inf"))
        .isEqualTo(total);
    assertThat(scraped.value("ml_stage_duration_seconds_count", "stage", "features")).isZero();
    assertThat(registry.scrape())
        .contains("ml_prediction_score_bucket{model_name=\"fraud\",model_version=\"1\",le=\"0.4\"} 0\n")
        .contains("ml_prediction_score_bucket{model_name=\"fraud\",model_version=\"1\",le=\"0.5\"} " + total + "\n");
  }

  @Test
  void tenThousandVirtualThreadsCountExactlyWhenTheJdkHasThem() throws Exception {
    ExecutorService pool;
    Required.javaFeature(21, "virtual threads");
    try {
      pool = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    } catch (NoSuchMethodException e) {
      throw Required.missing("virtual threads need JDK 21+; this is " + Runtime.version());
    }
    // Far more threads than stripes, each with a fresh thread id, interleaved on the carriers.
    int threads = 10_000;
    int perThread = 100;
    PrometheusMeterRegistry registry = Registries.prometheus();
    ThreadClock clock = new ThreadClock();
    InferenceObserver observer = InferenceObserver.builder().model("fraud", "1").clock(clock)
        .addListener(InfersightMetrics.listener(registry)).build();
    double[] scores = {0.42};
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      done.add(pool.submit(() -> {
        go.await();
        for (int i = 0; i < perThread; i++) {
          try (Inference inf = observer.start()) {
            inf.stage(Stage.FORWARD, () -> clock.advance(2 * MS));
            inf.batchSize(1).scores(scores);
            Thread.yield(); // let another virtual thread run while this one holds nothing
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

    long total = (long) threads * perThread;
    Scraped scraped = Scraped.of(registry);
    assertThat(scraped.value("ml_inference_requests_total", "status", "success")).isEqualTo(total);
    assertThat(scraped.value("ml_model_forward_duration_seconds_bucket", "le", "0.0025")).isEqualTo(total);
    assertThat(scraped.value("ml_stage_duration_seconds_count", "stage", "forward")).isEqualTo(total);
    assertThat(scraped.value("ml_inference_samples_total")).isEqualTo(total);
    assertThat(registry.scrape())
        .contains("ml_prediction_score_bucket{model_name=\"fraud\",model_version=\"1\",le=\"0.5\"} " + total + "\n");
  }
}
