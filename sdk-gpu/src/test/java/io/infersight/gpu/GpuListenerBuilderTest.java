package io.infersight.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infersight.core.InferenceObserver;
import io.infersight.core.SelfCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GpuListenerBuilderTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void aBuiltListenerKeepsTheSettingsOfItsBuildWhateverTheBuilderDoesLater() {
    NvmlStub.configure("count=1", "gpu.0.util.gpu=42");
    GpuListenerBuilder builder = InfersightGpu.listenerBuilder(registry)
        .library(NvmlStub.library()).threadName("gpu-listener-copy-test");
    GpuListener gpu = builder.build();
    builder.library("/nonexistent/libnvidia-ml.so.1").threadName("gpu-listener-changed-later");

    InferenceObserver observer = InferenceObserver.builder().model("fraud-detector", "2.1.0")
        .addListener(gpu).build();
    try {
      assertThat(gpu.poller().isAvailable()).as("NVML loaded from the library set before build()").isTrue();
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
          .until(() -> gpu.poller().pollCount() >= 1);
      assertThat(registry.get("gpu.utilization").gauge().value()).isEqualTo(42);
      assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
          .contains("gpu-listener-copy-test").doesNotContain("gpu-listener-changed-later");
    } finally {
      observer.close();
    }
    assertThat(NvmlStub.shutdownCalls()).isEqualTo(1);
    assertThat(gpu.poller().isAvailable()).isFalse();
  }

  @Test
  void checksEverySettingAsThePollerBuilderDoes() {
    assertThatThrownBy(() -> InfersightGpu.listenerBuilder(registry).interval(Duration.ofMillis(99)))
        .hasMessageContaining("interval must be at least 100 ms");
    assertThatThrownBy(() -> InfersightGpu.listenerBuilder(registry).processInterval(Duration.ZERO))
        .hasMessageContaining("processInterval must be positive");
    assertThatThrownBy(() -> InfersightGpu.listenerBuilder(registry)
            .interval(Duration.ofSeconds(10)).processInterval(Duration.ofSeconds(5)).build())
        .hasMessageContaining("processInterval");
    assertThatThrownBy(() -> InfersightGpu.listenerBuilder(registry).processId(0)).hasMessageContaining("processId");
    assertThatThrownBy(() -> InfersightGpu.listenerBuilder(registry).library(" ")).hasMessageContaining("library");
    assertThatThrownBy(() -> InfersightGpu.listenerBuilder(registry).threadName("")).hasMessageContaining("threadName");
    assertThatThrownBy(() -> InfersightGpu.listenerBuilder(null)).hasMessageContaining("registry");
  }

  @Test
  void theListenerIsNamedInTheObserversSelfMetrics() {
    GpuPoller poller = GpuPoller.builder(registry).library("/nonexistent/libnvidia-ml.so.1").build();
    InferenceObserver observer = InferenceObserver.builder().model("fraud-detector", "2.1.0")
        .addListener(InfersightGpu.listener(poller)).build();
    try {
      assertThat(observer.selfMetrics().counters())
          .filteredOn(c -> c.name().equals(InferenceObserver.LISTENER_ERRORS))
          .extracting(SelfCounter::labelValue)
          .containsExactly("GpuListener");
    } finally {
      observer.close();
    }
  }
}
