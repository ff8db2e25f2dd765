package io.infersight.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infersight.core.SelfMetricNames;
import io.infersight.core.InferenceObserver;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GpuPollerBuilderTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void rejectsAnIntervalBelowTheMinimum() {
    assertThatThrownBy(() -> GpuPoller.builder(registry).interval(Duration.ofMillis(99)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("interval must be at least 100 ms");
  }

  @Test
  void rejectsAProcessIntervalShorterThanTheInterval() {
    assertThatThrownBy(() -> GpuPoller.builder(registry)
            .interval(Duration.ofSeconds(10)).processInterval(Duration.ofSeconds(5)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("processInterval");
    assertThatThrownBy(() -> GpuPoller.builder(registry).processInterval(Duration.ZERO))
        .hasMessageContaining("processInterval must be positive");
  }

  @Test
  void rejectsBadProcessIdLibraryAndThreadName() {
    assertThatThrownBy(() -> GpuPoller.builder(registry).processId(0)).hasMessageContaining("processId");
    assertThatThrownBy(() -> GpuPoller.builder(registry).library(" ")).hasMessageContaining("library");
    assertThatThrownBy(() -> GpuPoller.builder(registry).threadName("")).hasMessageContaining("threadName");
    assertThatThrownBy(() -> GpuPoller.builder(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("registry");
  }

  @Test
  void registersGpuAvailableAsZeroBeforeStart() {
    GpuPoller.builder(registry).build();
    assertThat(registry.get("gpu.available").gauge().value()).isZero();
  }

  @Test
  void startsWithTheObserverAndShutsNvmlDownWithIt() {
    NvmlStub.configure("count=1", "gpu.0.util.gpu=61");
    GpuPoller poller = GpuPoller.builder(registry).library(NvmlStub.library()).build();
    InferenceObserver observer = InferenceObserver.builder()
        .model("fraud-detector", "2.1.0")
        .addListener(InfersightGpu.listener(poller))
        .build();
    assertThat(poller.isAvailable()).isTrue();
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> poller.pollCount() >= 1);
    assertThat(registry.get("gpu.utilization").gauge().value()).isEqualTo(61);

    observer.close();
    assertThat(NvmlStub.shutdownCalls()).isEqualTo(1);
    assertThat(poller.isAvailable()).isFalse();
  }

  @Test
  void leavesTheObserverWorkingWithoutAGpu() {
    String before = System.getProperty(Nvml.LIBRARY_PROPERTY);
    System.setProperty(Nvml.LIBRARY_PROPERTY, "/nonexistent/libnvidia-ml.so.1");
    try {
      InferenceObserver observer = InferenceObserver.builder()
          .model("fraud-detector", "2.1.0")
          .addListener(InfersightGpu.listener(registry))
          .build();
      try (var inference = observer.start("req-1")) {
        assertThat(inference.isRecording()).isTrue();
      }
      observer.close();
      assertThat(registry.get("gpu.available").gauge().value()).isZero();
      assertThat(observer.selfMetrics().counters())
          .filteredOn(c -> c.name().equals(SelfMetricNames.LISTENER_ERRORS))
          .allSatisfy(c -> assertThat(c.count()).isZero());
    } finally {
      if (before == null) {
        System.clearProperty(Nvml.LIBRARY_PROPERTY);
      } else {
        System.setProperty(Nvml.LIBRARY_PROPERTY, before);
      }
    }
  }

  @Test
  void reportsNoGpuInsteadOfThrowingWhenTheRegistryRejectsTheGauges() {
    NvmlStub.configure("count=1");
    SimpleMeterRegistry rejecting = new SimpleMeterRegistry();
    rejecting.config().meterFilter(new MeterFilter() {
      @Override
      public MeterFilterReply accept(Meter.Id id) {
        if (id.getName().equals("gpu.utilization")) {
          throw new IllegalArgumentException("name taken");
        }
        return MeterFilterReply.NEUTRAL;
      }
    });
    GpuPoller poller = GpuPoller.builder(rejecting).library(NvmlStub.library()).build();
    assertThat(poller.start().isAvailable()).isFalse();
    assertThat(poller.pollOnce()).isFalse();
    assertThat(NvmlStub.liveInits()).isZero();
    poller.close();
  }
}
