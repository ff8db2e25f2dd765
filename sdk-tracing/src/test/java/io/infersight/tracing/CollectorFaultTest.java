package io.infersight.tracing;

import io.infersight.core.SelfMetricNames;
import io.infersight.testsupport.OtlpHttpReceiver;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.awaitility.Awaitility.await;

import io.infersight.core.Inference;
import io.infersight.core.InferenceObserver;
import io.infersight.core.Stage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The collector misbehaves; the request path never waits, the queue stays bounded, every lost span
 * is counted, and closing is bounded. The bounds asserted are hang guards, not timings.
 */
class CollectorFaultTest {
  private static final Duration HANG_GUARD = Duration.ofSeconds(20);
  private static final int SPANS_PER_REQUEST = 5;

  private static InfersightTracingBuilder tracing(String endpoint) {
    return InfersightTracing.sdkBuilder()
        .protocol(OtlpProtocol.HTTP_PROTOBUF).endpoint(endpoint)
        .samplingRatio(1.0)
        .scheduleDelay(Duration.ofMillis(20))
        .exportTimeout(Duration.ofMillis(500));
  }

  private static InferenceObserver observer(InfersightTracing tracing) {
    return InferenceObserver.builder().model("fraud-detector", "2.1.0")
        .closeTimeout(Duration.ofSeconds(2))
        .addListener(tracing.listener()).build();
  }

  private static void requests(InferenceObserver observer, int n) {
    for (int i = 0; i < n; i++) {
      try (Inference inf = observer.start()) {
        for (Stage s : new Stage[] {Stage.PREPROCESS, Stage.FEATURES, Stage.FORWARD, Stage.POSTPROCESS}) {
          inf.stage(s, () -> { });
        }
      }
    }
  }

  private static long dropped(InferenceObserver observer, String reason) {
    return observer.selfMetrics().count(SelfMetricNames.SPANS_DROPPED, "reason", reason);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void receiverNotListeningCountsEveryLostSpanAndClosesInBoundedTime() throws Exception {
    InfersightTracing tracing = tracing("http://127.0.0.1:" + freePort() + "/v1/traces").build();
    InferenceObserver observer = observer(tracing);

    assertTimeoutPreemptively(HANG_GUARD, () -> requests(observer, 20));
    await().atMost(HANG_GUARD).until(() -> dropped(observer, "export_failed") == 20L * SPANS_PER_REQUEST);
    assertTimeoutPreemptively(HANG_GUARD, observer::close);
  }

  @Test
  void receiverThatNeverAnswersTimesOutExportsWithoutHoldingRequests() throws Exception {
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start()) {
      receiver.hang();
      InfersightTracing tracing = tracing(receiver.endpoint()).build();
      InferenceObserver observer = observer(tracing);

      assertTimeoutPreemptively(HANG_GUARD, () -> requests(observer, 10));
      await().atMost(HANG_GUARD).until(() -> dropped(observer, "export_failed") == 10L * SPANS_PER_REQUEST);
      assertThat(receiver.calls.get()).isPositive();
      assertThat(receiver.spans()).isEmpty();
      assertTimeoutPreemptively(HANG_GUARD, observer::close);
    }
  }

  @Test
  void receiverAnswering503ThenRecoveringGetsEverySpanThroughRetries() throws Exception {
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start()) {
      receiver.failNext(2);
      InfersightTracing tracing = tracing(receiver.endpoint())
          .exportTimeout(Duration.ofSeconds(10))
          .scheduleDelay(Duration.ofSeconds(30))   // one batch: only flush exports
          .build();
      InferenceObserver observer = observer(tracing);
      requests(observer, 10);

      assertThat(tracing.flush(HANG_GUARD)).isTrue();
      assertThat(receiver.spans()).hasSize(10 * SPANS_PER_REQUEST);
      assertThat(receiver.calls.get()).as("two 503s, then the retry that succeeded").isEqualTo(3);
      assertThat(dropped(observer, "export_failed")).isZero();
      observer.close();
    }
  }

  @Test
  void fullQueueDropsNewSpansAndCountsThem() throws Exception {
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start()) {
      receiver.hang();
      InfersightTracing tracing = tracing(receiver.endpoint())
          .maxQueueSize(16).maxExportBatchSize(8)
          .exportTimeout(Duration.ofSeconds(30))
          .build();
      InferenceObserver observer = observer(tracing);

      assertTimeoutPreemptively(HANG_GUARD, () -> requests(observer, 100));

      long queueFull = dropped(observer, "queue_full");
      assertThat(queueFull).isGreaterThan(100L * SPANS_PER_REQUEST - 16 - 8 - 8);
      assertTimeoutPreemptively(HANG_GUARD, observer::close);
    }
  }

  @Test
  void spansEndedAfterShutdownAreCounted() throws Exception {
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start()) {
      InfersightTracing tracing = tracing(receiver.endpoint()).build();
      InferenceObserver observer = InferenceObserver.builder().model("m", "1")
          .addListener(tracing.listener()).build();
      tracing.close();

      requests(observer, 2);

      assertThat(dropped(observer, "shutdown")).isEqualTo(2L * SPANS_PER_REQUEST);
    }
  }
}
