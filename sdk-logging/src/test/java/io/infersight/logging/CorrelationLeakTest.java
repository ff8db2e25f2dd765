package io.infersight.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.infersight.core.Inference;
import io.infersight.core.InferenceObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** One million requests through a reused pool and CompletableFuture chains: no ID ever leaks. */
class CorrelationLeakTest {
  private static final Logger APP = LoggerFactory.getLogger("app.server");
  private static final int REQUESTS = 1_000_000;
  private static final int CHAIN_EVERY = 4;

  /** Checks every event as it arrives: its MDC ID must be the one the line was logged for. */
  static final class Checker extends AppenderBase<ILoggingEvent> {
    final LongAdder checked = new LongAdder();
    final LongAdder wrong = new LongAdder();
    final LongAdder leakedOutside = new LongAdder();

    @Override
    protected void append(ILoggingEvent e) {
      Map<String, String> mdc = e.getMDCPropertyMap();
      Object[] args = e.getArgumentArray();
      String expected = args == null ? null : (String) args[0];
      String actual = mdc == null ? null : mdc.get("correlation_id");
      if (expected == null) {
        if (actual != null) {
          leakedOutside.increment();
        }
      } else if (!expected.equals(actual)) {
        wrong.increment();
      }
      checked.increment();
    }
  }

  @AfterEach
  void tearDown() {
    LogPipeline.reset();
  }

  @Test
  void noEventCarriesAnotherRequestsIdAndTheMdcIsEmptyBetweenRequests() throws Exception {
    Checker checker = new Checker();
    LogPipeline.route(Level.INFO, LogPipeline.sampling(checker));
    LogPipeline.context().getLogger(InfersightLogging.DEFAULT_EVENT_LOGGER).setLevel(Level.WARN);
    InferenceObserver observer = InferenceObserver.builder().model("m", "1")
        .addListener(InfersightLogging.listenerBuilder().sampleRate(1).build()).build();
    ExecutorService requestThreads = Executors.newFixedThreadPool(4);
    ExecutorService rawWorkers = Executors.newFixedThreadPool(4);
    ExecutorService workers = observer.wrap(rawWorkers);
    LongAdder dirtyBetweenRequests = new LongAdder();
    try {
      int batches = 4;
      List<Future<?>> running = new ArrayList<>();
      for (int b = 0; b < batches; b++) {
        int from = b * (REQUESTS / batches);
        int to = from + REQUESTS / batches;
        running.add(requestThreads.submit(() -> {
          for (int i = from; i < to; i++) {
            String id = "r" + i;
            try (Inference inf = observer.start(id)) {
              APP.info("handling {}", id);
              if (i % CHAIN_EVERY == 0) {
                CompletableFuture.supplyAsync(() -> {
                  APP.info("fetch {}", id);
                  return id;
                }, workers).thenApplyAsync(x -> {
                  APP.info("score {}", x);
                  return x;
                }, workers).join();
              }
            }
            if (MDC.getCopyOfContextMap() != null && !MDC.getCopyOfContextMap().isEmpty()) {
              dirtyBetweenRequests.increment();
            }
          }
        }));
      }
      for (Future<?> f : running) {
        f.get(5, TimeUnit.MINUTES);
      }
      // Tasks on the raw (unwrapped) workers run after any earlier wrapped task fully detached.
      List<Future<Map<String, String>>> probes = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        probes.add(rawWorkers.submit(() -> {
          APP.info("probe");
          return MDC.getCopyOfContextMap();
        }));
      }
      for (Future<Map<String, String>> p : probes) {
        assertThat(p.get(1, TimeUnit.MINUTES)).isNullOrEmpty();
      }
    } finally {
      requestThreads.shutdownNow();
      rawWorkers.shutdownNow();
    }
    long chained = 2L * (REQUESTS / CHAIN_EVERY);
    assertThat(checker.checked.sum()).isEqualTo(REQUESTS + chained + 64);
    assertThat(checker.wrong.sum()).isZero();
    assertThat(checker.leakedOutside.sum()).isZero();
    assertThat(dirtyBetweenRequests.sum()).isZero();
  }
}
