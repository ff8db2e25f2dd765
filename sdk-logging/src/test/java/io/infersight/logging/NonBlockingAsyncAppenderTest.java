package io.infersight.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.infersight.core.Inference;
import io.infersight.core.InferenceObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class NonBlockingAsyncAppenderTest {
  private static final Logger APP = LoggerFactory.getLogger("app.server");

  private final Gate gate = new Gate();

  @AfterEach
  void tearDown() {
    gate.open();
    LogPipeline.reset();
  }

  /** A downstream that blocks until opened, as a stuck stdout pipe would. */
  static final class Gate extends AppenderBase<ILoggingEvent> {
    private final CountDownLatch open = new CountDownLatch(1);
    private final CountDownLatch entered = new CountDownLatch(1);
    private final List<String> written = new ArrayList<>();

    @Override
    protected void append(ILoggingEvent event) {
      entered.countDown();
      try {
        open.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      synchronized (written) {
        written.add(event.getFormattedMessage());
      }
    }

    void open() {
      open.countDown();
    }

    void awaitBlocked() throws InterruptedException {
      entered.await();
    }

    int writtenCount() {
      synchronized (written) {
        return written.size();
      }
    }
  }

  private NonBlockingAsyncAppender async(int queueSize, long maxFlushMillis) {
    gate.setContext(LogPipeline.context());
    gate.start();
    NonBlockingAsyncAppender async = new NonBlockingAsyncAppender();
    async.setName("async-test");
    async.setQueueSize(queueSize);
    async.setMaxFlushTime(maxFlushMillis);
    async.setShutdownHook(false);
    async.addAppender(gate);
    LogPipeline.route(Level.INFO, async);
    return async;
  }

  @Test
  void dropsAndCountsWhenTheDownstreamIsBlockedAndFlushesAcceptedEventsOnClose() throws Exception {
    NonBlockingAsyncAppender async = async(16, 2_000);
    LoggingListener logging = InfersightLogging.listenerBuilder().sampleRate(1).build();
    InferenceObserver observer = InferenceObserver.builder().model("m", "1").addListener(logging)
        .closeTimeout(Duration.ofSeconds(30)).build();
    APP.info("first");
    gate.awaitBlocked();

    // A blocking appender would hang here; the guard only turns a hang into a failure.
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      for (int i = 0; i < 1_000; i++) {
        try (Inference inf = observer.start()) {
          APP.info("request line {}", i);
        }
      }
    });

    long total = 1 + 2_000; // "first", then one app line and one inference_complete per request
    assertThat(async.acceptedCount() + async.droppedCount()).isEqualTo(total);
    assertThat(async.droppedCount()).isGreaterThanOrEqualTo(total - 17);
    assertThat(logging.droppedCount("queue_full")).isEqualTo(async.droppedCount());

    gate.open();
    observer.close();
    assertThat(gate.writtenCount()).isEqualTo(async.acceptedCount());
  }

  @Test
  void countsEventsLeftWhenStopTimesOut() throws Exception {
    NonBlockingAsyncAppender async = async(8, 50);
    LoggingListener logging = InfersightLogging.listenerBuilder().sampleRate(1).build();
    InferenceObserver.builder().model("m", "1").addListener(logging).build();
    APP.info("stuck");
    gate.awaitBlocked();
    for (int i = 0; i < 5; i++) {
      APP.info("queued {}", i);
    }
    async.stop();
    assertThat(async.droppedCount()).isEqualTo(5);
    assertThat(logging.droppedCount("flush_timeout")).isEqualTo(5);
  }

  @Test
  void flushReturnsFalseWhenTheBoundPassesFirst() throws Exception {
    NonBlockingAsyncAppender async = async(8, 2_000);
    APP.info("stuck");
    gate.awaitBlocked();
    assertThat(async.flush(10)).isFalse();
    gate.open();
    assertThat(async.flush(10_000)).isTrue();
    assertThat(gate.writtenCount()).isEqualTo(1);
  }

  @Test
  void doesNotStartWithoutAnAppenderRef() {
    NonBlockingAsyncAppender async = new NonBlockingAsyncAppender();
    async.setContext(LogPipeline.context());
    async.setName("lonely");
    async.start();
    assertThat(async.isStarted()).isFalse();
  }

  @Test
  void rejectsInvalidSettingsByName() {
    NonBlockingAsyncAppender async = new NonBlockingAsyncAppender();
    assertThatThrownBy(() -> async.setQueueSize(0)).hasMessageContaining("queueSize");
    assertThatThrownBy(() -> async.setMaxFlushTime(-1)).hasMessageContaining("maxFlushTime");
  }
}
