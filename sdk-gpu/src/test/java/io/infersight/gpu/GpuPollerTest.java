package io.infersight.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GpuPollerTest {
  private static final String H100 = "NVIDIA H100 80GB HBM3";

  private final MeterRegistry registry = new SimpleMeterRegistry();
  private GpuPoller poller;

  @AfterEach
  void closePoller() {
    if (poller != null) {
      poller.close();
    }
  }

  private GpuPoller poller(String library) {
    poller = GpuPoller.builder(registry).library(library)
        .interval(Duration.ofMillis(100)).processInterval(Duration.ofMillis(100))
        .processId(4242).build();
    return poller;
  }

  private GpuPoller stubPoller() {
    return poller(NvmlStub.library());
  }

  private double gauge(String name, int index) {
    return registry.get(name).tag("gpu_index", Integer.toString(index)).gauge().value();
  }

  private double available() {
    return registry.get("gpu.available").gauge().value();
  }

  private double errors(NvmlReturn error) {
    Counter c = registry.find("gpu.poll.errors").tag("error", error.label()).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void publishesEveryReadingOfEveryGpuAsLabelledGauges() {
    NvmlStub.configure("count=2",
        "gpu.0.name=" + H100, "gpu.0.util.gpu=87", "gpu.0.util.memory=41",
        "gpu.0.memory.total=85899345920", "gpu.0.memory.used=75161927680",
        "gpu.0.temperature=64", "gpu.0.power=312456", "gpu.0.clock.sm=1980", "gpu.0.clock.memory=2619",
        "gpu.0.processes=4242:1073741824,77:5",
        "gpu.1.name=NVIDIA L4", "gpu.1.util.gpu=3", "gpu.1.memory.total=24152899584");

    assertThat(stubPoller().pollOnce()).isTrue();

    assertThat(registry.get("gpu.utilization").tags("gpu_index", "0", "gpu_name", H100).gauge().value())
        .isEqualTo(87);
    assertThat(gauge("gpu.memory.utilization", 0)).isEqualTo(41);
    assertThat(gauge("gpu.memory.total", 0)).isEqualTo(85899345920.0);
    assertThat(gauge("gpu.memory.used", 0)).isEqualTo(75161927680.0);
    assertThat(gauge("gpu.temperature", 0)).isEqualTo(64);
    assertThat(gauge("gpu.power.usage", 0)).isEqualTo(312.456);
    assertThat(gauge("gpu.clock.sm", 0)).isEqualTo(1.98e9);
    assertThat(gauge("gpu.clock.memory", 0)).isEqualTo(2.619e9);
    assertThat(gauge("gpu.process.memory.used", 0)).isEqualTo(1073741824.0);
    assertThat(registry.get("gpu.utilization").tags("gpu_index", "1", "gpu_name", "NVIDIA L4").gauge().value())
        .isEqualTo(3);
    assertThat(gauge("gpu.memory.total", 1)).isEqualTo(24152899584.0);
    assertThat(gauge("gpu.process.memory.used", 1)).isZero();
    assertThat(available()).isEqualTo(1);
    assertThat(registry.get("gpu.poll.duration").timer().count()).isEqualTo(1);
    assertThat(poller.devices()).extracting(GpuDevice::index).containsExactly(0, 1);
  }

  @Test
  void exposesThePrometheusNamesOfTheDesign() {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    NvmlStub.configure("count=1", "gpu.0.name=" + H100, "gpu.0.util.gpu=50", "gpu.0.fail.power=999");
    poller = GpuPoller.builder(prometheus).library(NvmlStub.library()).build();
    poller.pollOnce();

    String text = prometheus.scrape();
    String labels = "{gpu_index=\"0\",gpu_name=\"" + H100 + "\"}";
    assertThat(text).contains(
        "gpu_utilization_percent" + labels + " 50",
        "gpu_memory_utilization_percent" + labels,
        "gpu_memory_used_bytes" + labels,
        "gpu_memory_total_bytes" + labels,
        "gpu_temperature_celsius" + labels,
        "gpu_power_usage_watts" + labels + " NaN",
        "gpu_clock_sm_hertz" + labels,
        "gpu_clock_memory_hertz" + labels,
        "gpu_process_memory_used_bytes" + labels,
        "gpu_available 1",
        "gpu_poll_errors_total{error=\"unknown\"} 1",
        "gpu_poll_duration_seconds_count 1");
  }

  @Test
  void keepsUnsignedAndSixtyFourBitValuesExact() {
    NvmlStub.configure("count=1", "gpu.0.power=3000000000", "gpu.0.clock.sm=4294967295",
        "gpu.0.memory.total=18446744073709549568", "gpu.0.memory.used=4294967297");
    stubPoller().pollOnce();
    assertThat(gauge("gpu.power.usage", 0)).isEqualTo(3_000_000.0);
    assertThat(gauge("gpu.clock.sm", 0)).isEqualTo(4294967295.0 * 1e6);
    assertThat(gauge("gpu.memory.total", 0)).isEqualTo(18446744073709549568.0);
    assertThat(gauge("gpu.memory.used", 0)).isEqualTo(4294967297.0);
  }

  @Test
  void readsFreshValuesOnEveryPoll() {
    NvmlStub.configure("count=1", "gpu.0.util.gpu=10");
    stubPoller().pollOnce();
    NvmlStub.update("count=1", "gpu.0.util.gpu=95");
    poller.pollOnce();
    assertThat(gauge("gpu.utilization", 0)).isEqualTo(95);
    assertThat(poller.pollCount()).isEqualTo(2);
  }

  @Test
  void setsAFailedReadingToNaNCountsItAndRecovers() {
    NvmlStub.configure("count=1", "gpu.0.temperature=70", "gpu.0.power=200000", "gpu.0.fail.power=999");
    stubPoller().pollOnce();
    assertThat(gauge("gpu.power.usage", 0)).isNaN();
    assertThat(gauge("gpu.temperature", 0)).isEqualTo(70);
    assertThat(errors(NvmlReturn.UNKNOWN)).isEqualTo(1);
    assertThat(available()).isEqualTo(1);

    NvmlStub.update("count=1", "gpu.0.temperature=70", "gpu.0.power=200000");
    poller.pollOnce();
    assertThat(gauge("gpu.power.usage", 0)).isEqualTo(200);
    assertThat(errors(NvmlReturn.UNKNOWN)).isEqualTo(1);
  }

  @Test
  void setsBothMemoryGaugesToNaNWhenTheMemoryReadFails() {
    NvmlStub.configure("count=1", "gpu.0.memory.total=100", "gpu.0.memory.used=40");
    stubPoller().pollOnce();
    NvmlStub.update("count=1", "gpu.0.fail.memory=10");
    poller.pollOnce();
    assertThat(gauge("gpu.memory.total", 0)).isNaN();
    assertThat(gauge("gpu.memory.used", 0)).isNaN();
    assertThat(errors(NvmlReturn.TIMEOUT)).isEqualTo(1);
  }

  @Test
  void leavesAnUnsupportedReadingNaNWithoutCountingAnError() {
    NvmlStub.configure("count=1", "gpu.0.fail.power=3", "gpu.0.util.gpu=5");
    stubPoller().pollOnce();
    poller.pollOnce();
    assertThat(gauge("gpu.power.usage", 0)).isNaN();
    assertThat(gauge("gpu.utilization", 0)).isEqualTo(5);
    assertThat(registry.find("gpu.poll.errors").counters()).isEmpty();
  }

  @Test
  void setsEveryGaugeOfALostGpuToNaNUntilItAnswersAgain() {
    // Device 0 answers 1 name call at start and 7 calls per poll (6 readings + process listing);
    // its 9th call, the first of the second poll, finds the GPU lost, and the one after answers.
    NvmlStub.configure("count=2", "gpu.0.util.gpu=80", "gpu.0.memory.total=1000",
        "gpu.0.processes=4242:300", "gpu.0.lost_after=8", "gpu.0.lost_calls=1", "gpu.1.util.gpu=20");
    stubPoller().pollOnce();
    assertThat(gauge("gpu.utilization", 0)).isEqualTo(80);
    assertThat(gauge("gpu.process.memory.used", 0)).isEqualTo(300);

    poller.pollOnce();
    for (GpuGauge g : GpuGauge.values()) {
      assertThat(gauge(g.meterName(), 0)).as(g.meterName()).isNaN();
    }
    assertThat(gauge("gpu.utilization", 1)).isEqualTo(20);
    assertThat(errors(NvmlReturn.GPU_IS_LOST)).isEqualTo(1);
    assertThat(available()).isEqualTo(1);

    poller.pollOnce();
    assertThat(gauge("gpu.utilization", 0)).isEqualTo(80);
    assertThat(gauge("gpu.memory.total", 0)).isEqualTo(1000);
    assertThat(gauge("gpu.process.memory.used", 0)).isEqualTo(300);
    assertThat(errors(NvmlReturn.GPU_IS_LOST)).isEqualTo(1);
  }

  @Test
  void reportsNoGpuAvailableWhileTheOnlyGpuIsLost() {
    NvmlStub.configure("count=1", "gpu.0.lost_after=1");
    stubPoller().pollOnce();
    assertThat(available()).isZero();
    assertThat(poller.pollOnce()).isTrue();
    assertThat(errors(NvmlReturn.GPU_IS_LOST)).isEqualTo(2);
    assertThat(gauge("gpu.temperature", 0)).isNaN();
  }

  @Test
  void reportsNoGpuAndStartsNoThreadWhenTheLibraryIsMissing() {
    poller = GpuPoller.builder(registry).library("/nonexistent/libnvidia-ml.so.1")
        .threadName("gpu-test-missing").build().start();
    assertThat(available()).isZero();
    assertThat(poller.isAvailable()).isFalse();
    assertThat(poller.pollOnce()).isFalse();
    assertThat(threadNamed("gpu-test-missing")).isNull();
    assertThat(registry.find("gpu.utilization").gauges()).isEmpty();
    assertThat(registry.find("gpu.poll.errors").counters()).isEmpty();
  }

  @Test
  void reportsNoGpuAndCountsTheErrorWhenInitFails() {
    NvmlStub.configure("init=9", "count=1");
    poller = GpuPoller.builder(registry).library(NvmlStub.library()).threadName("gpu-test-init").build().start();
    assertThat(available()).isZero();
    assertThat(threadNamed("gpu-test-init")).isNull();
    assertThat(errors(NvmlReturn.DRIVER_NOT_LOADED)).isEqualTo(1);
    assertThat(NvmlStub.shutdownCalls()).isZero();
  }

  @Test
  void shutsNvmlDownAndStartsNoThreadWhenThereIsNoGpu() {
    NvmlStub.configure("count=0");
    poller = GpuPoller.builder(registry).library(NvmlStub.library()).threadName("gpu-test-none").build().start();
    assertThat(available()).isZero();
    assertThat(threadNamed("gpu-test-none")).isNull();
    assertThat(NvmlStub.shutdownCalls()).isEqualTo(1);
    assertThat(NvmlStub.liveInits()).isZero();
  }

  @Test
  void skipsAGpuWhoseHandleFailsAndPollsTheOthers() {
    NvmlStub.configure("count=2", "gpu.0.fail.handle=999", "gpu.1.util.gpu=33");
    stubPoller().pollOnce();
    assertThat(registry.find("gpu.utilization").tag("gpu_index", "0").gauge()).isNull();
    assertThat(gauge("gpu.utilization", 1)).isEqualTo(33);
    assertThat(errors(NvmlReturn.UNKNOWN)).isEqualTo(1);
  }

  @Test
  void shutsNvmlDownOnceAndReadsNaNAfterClose() {
    NvmlStub.configure("count=1", "gpu.0.util.gpu=50");
    stubPoller().pollOnce();
    poller.close();
    poller.close();
    assertThat(NvmlStub.shutdownCalls()).isEqualTo(1);
    assertThat(NvmlStub.liveInits()).isZero();
    assertThat(gauge("gpu.utilization", 0)).isNaN();
    assertThat(available()).isZero();
    assertThat(poller.pollOnce()).isFalse();
  }

  @Test
  void readsProcessMemoryAtTheLowerRate() {
    NvmlStub.configure("count=1", "gpu.0.processes=4242:1000");
    poller = GpuPoller.builder(registry).library(NvmlStub.library()).processId(4242)
        .interval(Duration.ofMillis(100)).processInterval(Duration.ofMillis(300)).build();
    poller.pollOnce();
    NvmlStub.update("count=1", "gpu.0.processes=4242:2000");
    poller.pollOnce();
    poller.pollOnce();
    assertThat(gauge("gpu.process.memory.used", 0)).isEqualTo(1000);
    poller.pollOnce();
    assertThat(gauge("gpu.process.memory.used", 0)).isEqualTo(2000);
  }

  @Test
  void reportsUnknownProcessMemoryAsNaN() {
    NvmlStub.configure("count=1", "gpu.0.processes=4242:18446744073709551615");
    stubPoller().pollOnce();
    assertThat(gauge("gpu.process.memory.used", 0)).isNaN();
  }

  @Test
  void pollsOnANamedDaemonThreadUntilClosed() throws InterruptedException {
    NvmlStub.configure("count=1", "gpu.0.util.gpu=12");
    poller = GpuPoller.builder(registry).library(NvmlStub.library())
        .interval(Duration.ofMillis(100)).threadName("gpu-test-thread").build().start();
    poller.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> poller.pollCount() >= 2);
    Thread thread = threadNamed("gpu-test-thread");
    assertThat(thread).isNotNull();
    assertThat(Thread.getAllStackTraces().keySet())
        .filteredOn(t -> t.getName().equals("gpu-test-thread")).hasSize(1);
    assertThat(thread.isDaemon()).isTrue();
    assertThat(gauge("gpu.utilization", 0)).isEqualTo(12);

    poller.close();
    thread.join(10_000);
    assertThat(thread.isAlive()).isFalse();
    assertThat(NvmlStub.shutdownCalls()).isEqualTo(1);
  }

  @Test
  void keepsPollingAFailingLibraryWithoutDyingOrLeaking() {
    NvmlStub.configure("count=2", "gpu.0.fail.utilization=999", "gpu.0.fail.memory=999",
        "gpu.0.fail.temperature=999", "gpu.0.fail.power=999", "gpu.0.fail.clock=999",
        "gpu.0.fail.processes=999", "gpu.1.lost_after=1");
    // The first poll opens NVML and lets JNA start what it starts once (its cleaner thread).
    assertThat(stubPoller().pollOnce()).isTrue();
    java.util.Set<Thread> threadsBefore = Thread.getAllStackTraces().keySet();
    for (int i = 0; i < 2_000; i++) {
      assertThat(poller.pollOnce()).isTrue();
    }
    // Device 0: 6 readings fail each poll, and its process listing is retried since it never answers.
    assertThat(errors(NvmlReturn.UNKNOWN)).isEqualTo(2_001 * 7);
    assertThat(errors(NvmlReturn.GPU_IS_LOST)).isEqualTo(2_001);
    assertThat(available()).isZero();
    // No thread started by polling: every live thread now either existed before or is no poller's
    // or NVML's (Thread.activeCount is only an estimate, and unrelated JVM threads come and go).
    assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> !threadsBefore.contains(t))
        .extracting(Thread::getName)
        .noneMatch(n -> n.startsWith(GpuPoller.DEFAULT_THREAD_NAME) || n.startsWith("gpu-")
            || n.toLowerCase(java.util.Locale.ROOT).contains("nvml"));
    assertThat(poller.devices().get(0).processCapacity()).isEqualTo(GpuDevice.INITIAL_PROCESS_CAPACITY);
  }

  @Test
  void keepsItsThreadAliveUnderAFailingLibrary() {
    NvmlStub.configure("count=1", "gpu.0.fail.utilization=999", "gpu.0.fail.memory=15");
    poller = GpuPoller.builder(registry).library(NvmlStub.library())
        .interval(Duration.ofMillis(100)).threadName("gpu-test-failing").build().start();
    await().atMost(Duration.ofSeconds(10)).until(() -> poller.pollCount() >= 5);
    assertThat(threadNamed("gpu-test-failing")).isNotNull().matches(Thread::isAlive);
    assertThat(errors(NvmlReturn.GPU_IS_LOST)).isGreaterThanOrEqualTo(5);
    assertThat(errors(NvmlReturn.UNKNOWN)).isGreaterThanOrEqualTo(5);
  }

  private static Thread threadNamed(String name) {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals(name)) {
        return t;
      }
    }
    return null;
  }
}
