package io.infersight.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersight.core.Inference;
import io.infersight.core.InferenceObserver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.infersight.testsupport.Required;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConcurrentUpdateTest {
  private static final int THREADS = 8;
  private static final int REQUESTS_PER_THREAD = 25_000;

  /** 1 stripe: most requests contend and count in the shared stripe; 8: one stripe per thread. */
  @ParameterizedTest(name = "{0} stripes")
  @ValueSource(ints = {1, 2, 8})
  void eightThreadsUpdatingWhileWindowsRollLoseAndDuplicateNothing(int stripes) throws Exception {
    Random rnd = new Random(5);
    ReferenceProfile profile = ReferenceProfile.builder()
        .numeric("amount", Samples.normal(rnd, 5_000, 0, 1))
        .categorical("country", Samples.categories(rnd, 5_000, new String[] {"DE", "FR"}, new double[] {1, 1}))
        .score(Samples.normal(rnd, 5_000, 0.5, 0.1))
        .build();
    FeatureDriftMonitor monitor = InfersightDrift.listenerBuilder(profile, new SimpleMeterRegistry())
        .windowByCount(1_000, 3).stripes(stripes).build();
    try (InferenceObserver observer = InferenceObserver.builder().model("m", "1")
        .featureSchema("amount").addListener(monitor).build()) {
      CountDownLatch go = new CountDownLatch(1);
      AtomicBoolean done = new AtomicBoolean();
      List<Thread> writers = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int seed = t;
        Thread w = new Thread(() -> {
          Random r = new Random(seed);
          double[] values = new double[1];
          Map<String, Object> map = Map.of("country", seed % 2 == 0 ? "DE" : "XX");
          await(go);
          for (int i = 0; i < REQUESTS_PER_THREAD; i++) {
            values[0] = r.nextGaussian() * (i % 7 == 0 ? 10 : 1);
            try (Inference inf = observer.start()) {
              inf.features(values).features(map).scores(0.5, 0.6);
            }
          }
        });
        w.start();
        writers.add(w);
      }
      long[] rolls = new long[1];
      Thread roller = new Thread(() -> {
        await(go);
        while (!done.get()) {
          monitor.rotate();
          rolls[0]++;
          if (rolls[0] % 16 == 0) {
            monitor.recomputeNow();
          }
        }
      });
      roller.start();
      go.countDown();
      for (Thread w : writers) {
        w.join();
      }
      done.set(true);
      roller.join();

      long requests = (long) THREADS * REQUESTS_PER_THREAD;
      assertThat(rolls[0]).isPositive();
      assertThat(monitor.totalCounted("amount")).isEqualTo(requests);
      assertThat(monitor.totalCounted("country")).isEqualTo(requests);
      assertThat(monitor.tracker("score")).as("the score is not a feature").isNull();
      assertThat(monitor.scoreTotalCounted()).isEqualTo(2 * requests);
      // After the race the window still counts exactly: rotating every slot out empties it, and
      // the next requests are counted once each.
      for (int i = 0; i < 8; i++) {
        monitor.rotate();
      }
      assertThat(monitor.tracker("amount").windowCount(monitor.ring().spare())).as("every slot rotated out")
          .isZero();
      double[] one = {1.0};
      for (int i = 0; i < 10; i++) {
        try (Inference inf = observer.start()) {
          inf.features(one);
        }
      }
      assertThat(monitor.tracker("amount").windowCount(monitor.ring().spare())).isEqualTo(10);
      assertThat(monitor.totalCounted("amount")).isEqualTo(requests + 10);
    }
  }

  /**
   * JDK 21+ (skipped on older JDKs, run by CI's JDK 25 pass): 10 000 virtual threads, each with a
   * fresh thread ID and so a fresh home stripe, unmounted between requests, while windows roll.
   */
  @Test
  void tenThousandVirtualThreadsLoseAndDuplicateNothingWhenTheJdkHasThem() throws Exception {
    ExecutorService pool;
    Required.javaFeature(21, "virtual threads");
    try {
      pool = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    } catch (NoSuchMethodException e) {
      throw Required.missing("virtual threads need JDK 21+; this is " + Runtime.version());
    }
    Random rnd = new Random(7);
    ReferenceProfile profile = ReferenceProfile.builder()
        .numeric("amount", Samples.normal(rnd, 5_000, 0, 1))
        .score(Samples.normal(rnd, 5_000, 0.5, 0.1))
        .build();
    FeatureDriftMonitor monitor = InfersightDrift.listenerBuilder(profile, new SimpleMeterRegistry())
        .windowByCount(1_000, 3).build();
    int threads = 10_000;
    int perThread = 20;
    try (InferenceObserver observer = InferenceObserver.builder().model("m", "1")
        .featureSchema("amount").addListener(monitor).build()) {
      CountDownLatch go = new CountDownLatch(1);
      AtomicBoolean done = new AtomicBoolean();
      Thread roller = new Thread(() -> {
        await(go);
        while (!done.get()) {
          monitor.rotate();
        }
      });
      roller.start();
      List<Future<?>> writers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int seed = t;
        writers.add(pool.submit(() -> {
          Random r = new Random(seed);
          go.await();
          for (int i = 0; i < perThread; i++) {
            try (Inference inf = observer.start()) {
              inf.features(new double[] {r.nextGaussian()}).scores(0.5);
            }
            Thread.yield();
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : writers) {
        f.get(5, TimeUnit.MINUTES);
      }
      done.set(true);
      roller.join();
      pool.shutdown();

      long requests = (long) threads * perThread;
      assertThat(monitor.totalCounted("amount")).isEqualTo(requests);
      assertThat(monitor.scoreTotalCounted()).isEqualTo(requests);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
