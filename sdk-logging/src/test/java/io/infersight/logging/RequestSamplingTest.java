package io.infersight.logging;

import io.infersight.core.SelfMetricNames;
import io.infersight.testing.FakeClock;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.infersight.core.Inference;
import io.infersight.core.InferenceView;
import io.infersight.core.InferenceListener;
import io.infersight.core.InferenceObserver;
import io.infersight.core.Stage;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class RequestSamplingTest {
  private static final Logger APP = LoggerFactory.getLogger("app.server");

  private final LogPipeline.Capture capture = new LogPipeline.Capture();
  private final FakeClock clock = FakeClock.create();

  @AfterEach
  void tearDown() {
    LogPipeline.reset();
  }

  private InferenceObserver observer(LoggingListener logging, InferenceListener... before) {
    LogPipeline.route(Level.INFO, LogPipeline.sampling(capture));
    InferenceObserver.Builder b = InferenceObserver.builder().model("fraud", "1").clock(clock)
        .slowThreshold(Duration.ofMillis(100));
    for (InferenceListener l : before) {
      b.addListener(l);
    }
    return b.addListener(logging).build();
  }

  /** One request that logs "line 0" to "line 9" and fails. */
  private static void failAfterTenLines(InferenceObserver observer) {
    try (Inference inf = observer.start()) {
      for (int i = 0; i < 10; i++) {
        APP.info("line {}", i);
      }
      inf.fail(new IllegalStateException("boom"));
    }
  }

  private long count(String message) {
    return capture.events().stream().filter(e -> e.getFormattedMessage().equals(message)).count();
  }

  @Test
  void keepsSuccessfulRequestsAtTheSampleRateWithinABinomialBound() {
    double rate = 0.1;
    int n = 20_000;
    LoggingListener logging = InfersightLogging.listenerBuilder().sampleRate(rate).build();
    InferenceObserver observer = observer(logging);
    for (int i = 0; i < n; i++) {
      try (Inference inf = observer.start()) {
        APP.info("step one");
        APP.info("step two");
      }
    }
    long kept = count("inference_complete");
    double mean = n * rate;
    double bound = 6 * Math.sqrt(n * rate * (1 - rate));
    assertThat((double) kept).isBetween(mean - bound, mean + bound);
    assertThat(count("step one")).isEqualTo(kept);
    assertThat(count("step two")).isEqualTo(kept);
    assertThat(logging.sampledOutCount()).isEqualTo(3 * (n - kept));
    assertThat(observer.selfMetrics().count(SelfMetricNames.LOGS_SAMPLED_OUT, null, null))
        .isEqualTo(3 * (n - kept));
  }

  @Test
  void keepsEveryEventOfEveryFailedRequest() {
    InferenceObserver observer = observer(InfersightLogging.listenerBuilder().sampleRate(0).build());
    for (int i = 0; i < 200; i++) {
      try (Inference inf = observer.start()) {
        APP.info("working");
        inf.fail(new IllegalArgumentException("bad input"));
        APP.info("failing");
      }
    }
    assertThat(count("working")).isEqualTo(200);
    assertThat(count("failing")).isEqualTo(200);
    assertThat(count("inference_failed")).isEqualTo(200);
  }

  @Test
  void keepsEveryEventOfEverySlowRequest() {
    LoggingListener logging = InfersightLogging.listenerBuilder().sampleRate(0).build();
    InferenceObserver observer = observer(logging);
    for (int i = 0; i < 200; i++) {
      try (Inference inf = observer.start()) {
        APP.info("slow work");
        inf.stage(Stage.FORWARD, () -> clock.advance(Duration.ofMillis(150)));
      }
    }
    try (Inference inf = observer.start()) {
      APP.info("fast work");
    }
    assertThat(count("slow work")).isEqualTo(200);
    assertThat(count("inference_complete")).isEqualTo(200);
    assertThat(count("fast work")).isZero();
    assertThat(logging.sampledOutCount()).isEqualTo(2);
  }

  @Test
  void keepsEveryEventOfTraceSampledRequests() {
    InferenceListener tracing = new InferenceListener() {
      @Override
      public void onStart(InferenceView inf) {
        inf.setTrace("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", true);
      }
    };
    InferenceObserver observer = observer(InfersightLogging.listenerBuilder().sampleRate(0).build(), tracing);
    for (int i = 0; i < 50; i++) {
      try (Inference inf = observer.start()) {
        APP.info("traced work");
      }
    }
    assertThat(count("traced work")).isEqualTo(50);
    assertThat(capture.events()).filteredOn(e -> e.getFormattedMessage().equals("traced work"))
        .allSatisfy(e -> assertThat(e.getMDCPropertyMap()).containsKey("trace_id"));
  }

  @Test
  void idsOfATraceNotExportedYetReachTheMdcWhenALineIsLoggedAndLeaveWithTheRequest() {
    // As the tracing listener does for a request that head sampling dropped: IDs as bits, not sampled.
    InferenceListener presetIds = new InferenceListener() {
      @Override
      public void onStart(InferenceView inf) {
        inf.setTrace(0x4bf92f3577b34da6L, 0xa3ce929d0e0e4736L, 0x00f067aa0ba902b7L, false);
      }
    };
    InferenceObserver observer = observer(InfersightLogging.listenerBuilder().sampleRate(0).build(), presetIds);
    String[] beforeFirstLine = new String[1];
    String[] afterFirstLine = new String[2];
    try (Inference inf = observer.start()) {
      beforeFirstLine[0] = org.slf4j.MDC.get("trace_id");
      APP.info("working");
      afterFirstLine[0] = org.slf4j.MDC.get("trace_id");
      afterFirstLine[1] = org.slf4j.MDC.get("span_id");
      APP.warn("trouble");
      inf.fail(new IllegalStateException("down"));
    }
    assertThat(beforeFirstLine[0]).as("not formatted before a line is logged").isNull();
    assertThat(afterFirstLine).containsExactly("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7");
    assertThat(org.slf4j.MDC.get("trace_id")).as("restored at close").isNull();
    assertThat(capture.events()).extracting(ILoggingEvent::getFormattedMessage)
        .contains("working", "trouble", "inference_failed");
    assertThat(capture.events()).allSatisfy(e -> assertThat(e.getMDCPropertyMap())
        .containsEntry("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736")
        .containsEntry("span_id", "00f067aa0ba902b7"));
  }

  @Test
  void holdsRequestEventsUntilTheRequestEndsThenKeepsTheirOrder() {
    InferenceObserver observer = observer(InfersightLogging.listenerBuilder().sampleRate(1).build());
    try (Inference inf = observer.start("held")) {
      APP.info("first");
      APP.debug("below root level");
      APP.info("second");
      assertThat(capture.events()).isEmpty();
    }
    assertThat(capture.events()).extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly("first", "second", "inference_complete");
    assertThat(capture.events()).allSatisfy(
        e -> assertThat(e.getMDCPropertyMap()).containsEntry("correlation_id", "held"));
  }

  @Test
  void passesWarnAndErrorImmediately() {
    LoggingListener logging = InfersightLogging.listenerBuilder().sampleRate(0).build();
    InferenceObserver observer = observer(logging);
    try (Inference inf = observer.start()) {
      APP.warn("disk almost full");
      APP.error("cache unreachable");
      APP.info("routine");
      assertThat(capture.events()).extracting(ILoggingEvent::getFormattedMessage)
          .containsExactly("disk almost full", "cache unreachable");
    }
    assertThat(count("routine")).isZero();
    assertThat(logging.sampledOutCount()).isEqualTo(2);
  }

  @Test
  void leavesLogsOutsideAnInferenceUntouched() {
    LoggingListener logging = InfersightLogging.listenerBuilder().sampleRate(0).build();
    observer(logging);
    APP.info("startup");
    assertThat(count("startup")).isEqualTo(1);
    assertThat(logging.sampledOutCount()).isZero();
  }

  @Test
  void leavesLogsOfObserversWithoutTheListenerUntouched() {
    observer(InfersightLogging.listenerBuilder().sampleRate(0).build());
    InferenceObserver other = InferenceObserver.builder().model("other", "1").build();
    try (Inference inf = other.start()) {
      APP.info("unmanaged");
    }
    assertThat(count("unmanaged")).isEqualTo(1);
  }

  @Test
  void dropsAndCountsEventsBeyondTheRequestBuffer() {
    LoggingListener logging = InfersightLogging.listenerBuilder().sampleRate(0).requestBufferSize(4).build();
    InferenceObserver observer = observer(logging);
    failAfterTenLines(observer);
    assertThat(capture.events()).extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly("line 0", "line 1", "line 2", "line 3", "inference_failed");
    assertThat(logging.droppedCount("buffer_full")).isEqualTo(6);
    assertThat(observer.selfMetrics().count(SelfMetricNames.LOGS_DROPPED, "reason", "buffer_full")).isEqualTo(6);
  }

  @Test
  void aBuiltListenerKeepsTheSettingsOfItsBuildWhateverTheBuilderDoesLater() {
    LoggingListenerBuilder builder = InfersightLogging.listenerBuilder().sampleRate(0).requestBufferSize(4);
    LoggingListener logging = builder.build();
    builder.sampleRate(1).requestBufferSize(1_000).eventLogger("elsewhere");
    InferenceObserver observer = observer(logging);
    try (Inference inf = observer.start()) {
      APP.info("kept only at the later rate");
    }
    failAfterTenLines(observer);
    assertThat(count("kept only at the later rate")).isZero();
    assertThat(logging.droppedCount("buffer_full")).isEqualTo(6);
    assertThat(capture.events()).filteredOn(e -> e.getFormattedMessage().equals("inference_failed"))
        .extracting(ILoggingEvent::getLoggerName).containsExactly(InfersightLogging.DEFAULT_EVENT_LOGGER);
  }

  @Test
  @SuppressWarnings("deprecation")
  void theFormerBuilderNameBuildsTheSameListener() {
    LoggingListener logging = InfersightLogging.builder().sampleRate(0).requestBufferSize(4)
        .eventLogger("io.infersight.former").build();
    failAfterTenLines(observer(logging));
    assertThat(logging.droppedCount("buffer_full")).isEqualTo(6);
    assertThat(capture.events()).filteredOn(e -> e.getFormattedMessage().equals("inference_failed"))
        .extracting(ILoggingEvent::getLoggerName).containsExactly("io.infersight.former");
  }

  @Test
  void eventsOfWrappedTasksFollowTheirRequestsDecision() throws Exception {
    LoggingListener logging = InfersightLogging.listenerBuilder().sampleRate(0).build();
    InferenceObserver observer = observer(logging);
    ExecutorService pool = observer.wrap(Executors.newSingleThreadExecutor());
    try {
      try (Inference inf = observer.start()) {
        CompletableFuture.runAsync(() -> APP.info("async ok"), pool).get();
      }
      try (Inference inf = observer.start()) {
        CompletableFuture.runAsync(() -> APP.info("async failed"), pool).get();
        inf.fail(new IllegalStateException("boom"));
      }
    } finally {
      pool.shutdown();
    }
    assertThat(count("async ok")).isZero();
    assertThat(count("async failed")).isEqualTo(1);
  }

  @Test
  void messageArgumentsAreCapturedWhenLoggedNotWhenReleased() {
    InferenceObserver observer = observer(InfersightLogging.listenerBuilder().sampleRate(1).build());
    StringBuilder mutable = new StringBuilder("before");
    try (Inference inf = observer.start()) {
      APP.info("value {}", mutable);
      mutable.setLength(0);
      mutable.append("after");
    }
    assertThat(count("value before")).isEqualTo(1);
  }
}
