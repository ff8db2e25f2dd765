package io.infersight.tracing;

import io.infersight.core.SelfMetricNames;
import io.infersight.testsupport.OtlpHttpReceiver;
import static org.assertj.core.api.Assertions.assertThat;

import io.infersight.core.Inference;
import io.infersight.core.InferenceObserver;
import io.infersight.core.Stage;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Load with the collector down, against the same load with a healthy collector: the request
 * thread's latency distribution does not move beyond noise, the heap stays bounded, and every lost
 * span is counted. Runs {@code infersight.tracing.loadSeconds} seconds in all (default 10), half
 * per phase. Tagged {@code load}: not part of {@code mvn verify}; run with {@code mvn -Pload -pl
 * sdk-tracing -am test} (as {@code .ci/run} does), the 60 s run with
 * {@code -Dinfersight.tracing.loadSeconds=120}.
 *
 * <p>Bounds, from six 10 s runs on the shared 2-core CI machine while other builds ran: p99 with
 * the collector up 164-237 us and down 91-155 us (down/up at most 0.8); max with the collector
 * down 15-31 ms; heap after GC 19 MB up and 28 MB down. The assertions sit far outside that
 * spread (p99 down at most 2 x up + 2 ms, max under the 2 s export timeout, heap growth under
 * 64 MB), so they catch a request thread that waits for an export or a queue without bound, not
 * scheduler noise.
 */
@Tag("load")
class CollectorDownLoadTest {
  private static final int QUEUE = 2048;
  private static final int BATCH = 512;
  private static final int SPANS_PER_REQUEST = 5;

  @Test
  void collectorDownLeavesRequestLatencyAndHeapAloneAndCountsDrops() throws Exception {
    long phaseNanos = Duration.ofSeconds(Long.getLong("infersight.tracing.loadSeconds", 10)).toNanos() / 2;

    Phase healthy;
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start()) {
      receiver.countOnly();
      healthy = run(receiver.endpoint(), phaseNanos);
      healthy.received = receiver.spansReceived.get();
    }
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Phase down = run("http://127.0.0.1:" + port + "/v1/traces", phaseNanos);

    System.out.printf("collector up:   %s%ncollector down: %s%n", healthy, down);
    // An export that times out on the client after the receiver took it is counted as dropped and
    // received at once, so the sum may exceed what was produced; it may never fall short of it.
    long producedHealthy = healthy.requests * SPANS_PER_REQUEST;
    assertThat(healthy.received).as("healthy: nothing arrives that was not produced")
        .isLessThanOrEqualTo(producedHealthy);
    assertThat(healthy.received + healthy.dropped).as("healthy: every span arrived or was counted")
        .isGreaterThanOrEqualTo(producedHealthy);
    long produced = down.requests * SPANS_PER_REQUEST;
    assertThat(down.dropped).as("every span lost with the collector down is counted")
        .isGreaterThanOrEqualTo(produced - QUEUE - BATCH);
    assertThat(down.heapAfterBytes - healthy.heapAfterBytes).as("heap stays bounded")
        .isLessThan(64L << 20);
    assertThat(down.latency.max()).as("no request waited for an export (timeout 2 s)")
        .isLessThan(Duration.ofSeconds(2).toNanos());
    // Generous: a shared 2-core machine; the point is no shift in kind, e.g. blocking on export.
    assertThat(down.latency.percentile(0.99)).as("p99 with the collector down")
        .isLessThanOrEqualTo(2 * healthy.latency.percentile(0.99) + 2_000_000L);
  }

  private static Phase run(String endpoint, long phaseNanos) {
    InfersightTracing tracing = InfersightTracing.sdkBuilder()
        .protocol(OtlpProtocol.HTTP_PROTOBUF).endpoint(endpoint)
        .samplingRatio(1.0)
        .maxQueueSize(QUEUE).maxExportBatchSize(BATCH)
        .scheduleDelay(Duration.ofMillis(200))
        .exportTimeout(Duration.ofSeconds(2))
        .build();
    Phase phase = new Phase();
    InferenceObserver observer = InferenceObserver.builder().model("fraud-detector", "2.1.0")
      .closeTimeout(Duration.ofSeconds(5)).addListener(tracing.listener()).build();
    double[] scores = {0.1, 0.7};
    long end = System.nanoTime() + phaseNanos;
    long sink = 0;
    while (System.nanoTime() < end) {
      long t0 = System.nanoTime();
      try (Inference inf = observer.start()) {
        for (Stage s : new Stage[] {Stage.PREPROCESS, Stage.FEATURES, Stage.FORWARD, Stage.POSTPROCESS}) {
          inf.stage(s, () -> { });
        }
        inf.scores(scores).batchSize(2).cacheHit(true);
      }
      long t1 = System.nanoTime();
      phase.latency.record(t1 - t0);
      phase.requests++;
      sink += t1 & 1;
      if ((phase.requests & 3) == 0) {
        // At most ~4k requests/s, all sampled: 20k spans/s, a busy server that a healthy
        // collector on loopback keeps up with.
        java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
      }
    }
    phase.sink = sink;
    observer.close();
    for (String reason : new String[] {"queue_full", "export_failed", "shutdown"}) {
      phase.dropped += observer.selfMetrics().count(SelfMetricNames.SPANS_DROPPED, "reason", reason);
    }
    System.gc();
    System.gc();
    phase.heapAfterBytes = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    return phase;
  }

  private static final class Phase {
    final LatencyHistogram latency = new LatencyHistogram();
    long requests;
    long dropped;
    long received = -1;
    long heapAfterBytes;
    /** Keeps the timed loop's result alive so the JIT cannot drop the work being timed. */
    long sink;

    @Override
    public String toString() {
      return String.format("requests=%d p50=%.1fus p99=%.1fus p99.9=%.1fus max=%.1fus spans=%d"
          + " dropped=%d received=%d heapAfterGc=%dMB",
          requests, latency.percentile(0.5) / 1e3, latency.percentile(0.99) / 1e3,
          latency.percentile(0.999) / 1e3, latency.max() / 1e3, requests * SPANS_PER_REQUEST, dropped,
          received, heapAfterBytes >> 20);
    }
  }

  /** Counts per 100 ns up to 100 ms: fixed memory, no allocation while recording. */
  private static final class LatencyHistogram {
    private static final long BUCKET_NANOS = 100;
    private final long[] counts = new long[1_000_000];
    private long total;
    private long max;

    void record(long nanos) {
      int i = (int) Math.min(counts.length - 1, nanos / BUCKET_NANOS);
      counts[i]++;
      total++;
      max = Math.max(max, nanos);
    }

    long percentile(double p) {
      long rank = (long) Math.ceil(p * total);
      long seen = 0;
      for (int i = 0; i < counts.length; i++) {
        seen += counts[i];
        if (seen >= rank) {
          return (i + 1) * BUCKET_NANOS;
        }
      }
      return max;
    }

    long max() {
      return max;
    }
  }
}
