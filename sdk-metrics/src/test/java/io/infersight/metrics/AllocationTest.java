package io.infersight.metrics;

import io.infersight.testing.FakeClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.infersight.core.Inference;
import io.infersight.core.InferenceListener;
import io.infersight.core.InferenceObserver;
import io.infersight.core.Stage;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The recording path of the listener allocates nothing once warm (JMH measures the time). */
class AllocationTest {
  private static final int ROUNDS = 200_000;

  @Test
  void recordingAnInferenceAllocatesNothing() {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean,
        "Skipped: this JVM cannot count allocated bytes per thread");
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
    FakeClock clock = FakeClock.create();
    InferenceListener listener = InfersightMetrics.listener(Registries.prometheus());
    InferenceObserver observer = InferenceObserver.builder().model("fraud", "1").clock(clock)
        .addListener(listener).build();
    Inference inf = observer.start();
    inf.stage(Stage.FEATURES, () -> clock.advanceMillis(2));
    inf.cacheHit(true).featureAgeMillis(500).batchSize(4).scores(0.3, 0.9);
    inf.stage(Stage.FORWARD, () -> clock.advanceMillis(3));
    inf.close();

    runListener(listener, inf); // warm up: JIT, LongAdder cells, thread-locals
    long before = threads.getCurrentThreadAllocatedBytes();
    runListener(listener, inf);
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    // A few hundred bytes of slack for the measuring call itself; per inference this is 0 B.
    assertThat(allocated).as("bytes allocated by %d recorded inferences", ROUNDS).isLessThan(1024);
  }

  private static void runListener(InferenceListener listener, Inference inf) {
    for (int i = 0; i < ROUNDS; i++) {
      listener.onStart(inf);
      for (Stage s : STAGES) {
        listener.onStageEnd(inf, s, null, 0L, 1_500_000L, null);
      }
      listener.onEnd(inf);
    }
  }

  private static final Stage[] STAGES = Stage.values();
}
