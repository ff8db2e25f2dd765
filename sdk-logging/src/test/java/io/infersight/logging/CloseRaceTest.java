package io.infersight.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.infersight.core.Inference;
import io.infersight.core.InferenceView;
import io.infersight.core.InferenceListener;
import io.infersight.core.InferenceObserver;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** Two threads close one request: whichever wins, the owning thread's MDC is clean afterwards. */
class CloseRaceTest {
  private static final int ROUNDS = 2_000;
  private final LongAdder ended = new LongAdder();
  private InferenceObserver observer;
  private ExecutorService other;

  @BeforeEach
  void setUp() {
    LogPipeline.route(Level.WARN, new LogPipeline.Capture());
    InferenceListener traced = new InferenceListener() { // stands in for the tracing listener
      @Override
      public void onStart(InferenceView inference) {
        inference.setTrace("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", true);
      }

      @Override
      public void onEnd(InferenceView inference) {
        ended.increment();
      }
    };
    observer = InferenceObserver.builder().model("m", "1").addListener(traced)
        .addListener(InfersightLogging.listenerBuilder().sampleRate(1).build()).build();
    other = Executors.newSingleThreadExecutor();
  }

  @AfterEach
  void tearDown() {
    other.shutdownNow();
    LogPipeline.reset();
    MDC.clear();
  }

  @Test
  void whenTheOtherThreadWinsTheOwnersCloseStillClearsItsMdc() throws Exception {
    Inference inf = observer.start("req-lost-race");
    other.submit(inf::close).get(10, TimeUnit.SECONDS);
    // Still inside the request on this thread: its IDs are in the MDC.
    assertThat(MDC.get("correlation_id")).isEqualTo("req-lost-race");
    assertThat(MDC.get("trace_id")).isEqualTo("0af7651916cd43dd8448eb211c80319c");

    inf.close(); // the owner leaves the request

    assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
    assertThat(Inference.current().isRecording()).isFalse();
    assertThat(ended.sum()).isEqualTo(1);
  }

  @Test
  void whoeverWinsARacingCloseTheOwnerLeavesTheRequestClean() throws Exception {
    int dirty = 0;
    for (int i = 0; i < ROUNDS; i++) {
      Inference inf = observer.start("race-" + i);
      CountDownLatch go = new CountDownLatch(1);
      Future<?> racer = other.submit(() -> {
        go.await();
        inf.close();
        return null;
      });
      go.countDown();
      inf.close();
      if (MDC.get("correlation_id") != null || Inference.current().isRecording()) {
        dirty++;
      }
      racer.get(10, TimeUnit.SECONDS);
    }
    assertThat(dirty).as("rounds after which the owner still carried the request").isZero();
    assertThat(ended.sum()).isEqualTo(ROUNDS);
    assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
  }
}
