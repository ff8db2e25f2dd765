package io.infersight.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.infersight.core.Inference;
import io.infersight.core.InferenceView;
import io.infersight.core.InferenceListener;
import io.infersight.core.InferenceObserver;
import io.infersight.testsupport.Required;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class MdcPropagationTest {
  private InferenceObserver observer;

  @BeforeEach
  void setUp() {
    LogPipeline.route(Level.WARN, new LogPipeline.Capture());
    observer = InferenceObserver.builder().model("m", "1")
        .addListener(InfersightLogging.listenerBuilder().sampleRate(1).build()).build();
  }

  @AfterEach
  void tearDown() {
    LogPipeline.reset();
    assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
  }

  @Test
  void putsTheCorrelationIdForTheRequestAndRemovesItAtClose() {
    try (Inference inf = observer.start("outer-1")) {
      assertThat(MDC.get("correlation_id")).isEqualTo("outer-1");
    }
    assertThat(MDC.get("correlation_id")).isNull();
  }

  @Test
  void restoresTheOuterRequestAfterANestedOne() {
    try (Inference outer = observer.start("outer-2")) {
      try (Inference inner = observer.start("inner-2")) {
        assertThat(MDC.get("correlation_id")).isEqualTo("inner-2");
      }
      assertThat(MDC.get("correlation_id")).isEqualTo("outer-2");
    }
    assertThat(MDC.get("correlation_id")).isNull();
  }

  @Test
  void restoresAValueTheApplicationHadPutBefore() {
    MDC.put("correlation_id", "from-http-filter");
    try {
      try (Inference inf = observer.start("req-3")) {
        assertThat(MDC.get("correlation_id")).isEqualTo("req-3");
      }
      assertThat(MDC.get("correlation_id")).isEqualTo("from-http-filter");
    } finally {
      MDC.remove("correlation_id");
    }
  }

  @Test
  void setsTraceIdsOnlyForTracedRequestsAndHidesTheOutersFromAnUntracedInner() {
    InferenceListener tracing = new InferenceListener() {
      @Override
      public void onStart(InferenceView inf) {
        if (inf.correlationId().startsWith("traced")) {
          inf.setTrace("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", true);
        }
      }
    };
    InferenceObserver traced = InferenceObserver.builder().model("m", "1").addListener(tracing)
        .addListener(InfersightLogging.listener()).build();
    try (Inference outer = traced.start("traced-1")) {
      assertThat(MDC.get("trace_id")).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
      assertThat(MDC.get("span_id")).isEqualTo("00f067aa0ba902b7");
      try (Inference inner = traced.start("plain-1")) {
        assertThat(MDC.get("trace_id")).isNull();
        assertThat(MDC.get("span_id")).isNull();
      }
      assertThat(MDC.get("trace_id")).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }
    assertThat(MDC.get("trace_id")).isNull();
  }

  @Test
  void wrappedExecutorTasksSeeTheirRequestAndLeaveNothingBehind() throws Exception {
    ExecutorService raw = Executors.newFixedThreadPool(2);
    ExecutorService pool = observer.wrap(raw);
    try {
      for (int i = 0; i < 50; i++) {
        String id = "req-" + i;
        try (Inference inf = observer.start(id)) {
          Future<String> seen = pool.submit(() -> MDC.get("correlation_id"));
          assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo(id);
        }
        Future<Map<String, String>> after = raw.submit(MDC::getCopyOfContextMap);
        assertThat(after.get(10, TimeUnit.SECONDS)).isNullOrEmpty();
      }
    } finally {
      raw.shutdownNow();
    }
  }

  @Test
  void completableFutureChainsCarryTheIdThroughEveryStep() throws Exception {
    ExecutorService raw = Executors.newFixedThreadPool(2);
    ExecutorService pool = observer.wrap(raw);
    try {
      try (Inference inf = observer.start("chain-1")) {
        List<String> seen = CompletableFuture
            .supplyAsync(() -> new ArrayList<>(List.of(MDC.get("correlation_id"))), pool)
            .thenApplyAsync(l -> {
              l.add(MDC.get("correlation_id"));
              return l;
            }, pool)
            .get(10, TimeUnit.SECONDS);
        assertThat(seen).containsExactly("chain-1", "chain-1");
      }
    } finally {
      raw.shutdownNow();
    }
  }

  @Test
  void virtualThreadsSeeTheirRequestWhenTheJdkHasThem() throws Exception {
    ExecutorService raw;
    Required.javaFeature(21, "virtual threads");
    try {
      raw = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    } catch (NoSuchMethodException e) {
      throw Required.missing("virtual threads need JDK 21+; this is " + Runtime.version());
    }
    ExecutorService pool = observer.wrap(raw);
    try {
      List<Future<Boolean>> checks = new ArrayList<>();
      for (int i = 0; i < 2_000; i++) {
        String id = "vt-" + i;
        checks.add(pool.submit(() -> {
          try (Inference inf = observer.start(id)) {
            String onRequest = MDC.get("correlation_id");
            String onChild = CompletableFuture.supplyAsync(() -> MDC.get("correlation_id"), pool).join();
            return id.equals(onRequest) && id.equals(onChild);
          } finally {
            assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
          }
        }));
      }
      for (Future<Boolean> f : checks) {
        assertThat(f.get(30, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      raw.shutdown();
    }
  }
}
