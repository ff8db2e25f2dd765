package io.infersight.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.infersight.gpu.internal.NvmlMemoryStruct;
import io.infersight.gpu.internal.NvmlMemoryV2Struct;
import io.infersight.gpu.internal.NvmlProcessInfoStruct;
import io.infersight.gpu.internal.NvmlUtilizationStruct;
import java.util.List;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

class NvmlTest {

  @Test
  void structLayoutsMatchTheCompiledHeader() {
    NvmlStub.configure();
    assertThat(new NvmlUtilizationStruct().size()).isEqualTo(NvmlStub.sizeOf("nvmlUtilization_t")).isEqualTo(8);
    assertThat(new NvmlMemoryStruct().size()).isEqualTo(NvmlStub.sizeOf("nvmlMemory_t")).isEqualTo(24);
    assertThat(new NvmlProcessInfoStruct().size()).isEqualTo(NvmlStub.sizeOf("nvmlProcessInfo_t")).isEqualTo(24);
    assertThat(NvmlStub.sizeOf("nvmlProcessInfo_t.usedGpuMemory")).isEqualTo(8);
    NvmlMemoryV2Struct v2 = new NvmlMemoryV2Struct();
    assertThat(v2.size()).isEqualTo(NvmlStub.sizeOf("nvmlMemory_v2_t")).isEqualTo(40);
    v2.total = 0x1122334455667788L;
    v2.write();
    assertThat(NvmlStub.sizeOf("nvmlMemory_v2_t.total")).isEqualTo(8);
    assertThat(v2.getPointer().getLong(8)).isEqualTo(v2.total);
    assertThat(Integer.toUnsignedLong(NvmlMemoryV2Struct.VERSION)).isEqualTo(NvmlStub.sizeOf("nvmlMemory_v2"));
  }

  @Test
  void memoryComesFromV2WithTheDriversReservedShareApart() {
    NvmlStub.configure("count=1", "gpu.0.memory.total=85520809984", "gpu.0.memory.reserved=503316480",
        "gpu.0.memory.used=1073741824", "gpu.0.memory.free=83943751680");
    try (Nvml nvml = Nvml.open(NvmlStub.library())) {
      assertThat(nvml.device(0).memory())
          .isEqualTo(new GpuMemory(85520809984L, 83943751680L, 1073741824L, 503316480L));
    }
  }

  @Test
  void driversWithoutMemoryV2FallBackToTheFirstVersionForGood() {
    for (NvmlReturn missing : List.of(NvmlReturn.FUNCTION_NOT_FOUND, NvmlReturn.NOT_SUPPORTED,
        NvmlReturn.ARGUMENT_VERSION_MISMATCH)) {
      NvmlStub.configure("count=1", "gpu.0.memory.total=1000", "gpu.0.memory.reserved=100",
          "gpu.0.memory.used=200", "gpu.0.memory.free=700", "gpu.0.fail.memory_v2=" + missing.code());
      try (Nvml nvml = Nvml.open(NvmlStub.library())) {
        GpuDevice gpu = nvml.device(0);
        // nvmlMemory_t counts the reserved share as used.
        assertThat(gpu.memory()).as(missing.name()).isEqualTo(new GpuMemory(1000, 700, 300, 0));
        NvmlStub.update("count=1", "gpu.0.memory.total=1000", "gpu.0.memory.reserved=100",
            "gpu.0.memory.used=400", "gpu.0.memory.free=500");
        assertThat(gpu.memory()).as("stays on v1").isEqualTo(new GpuMemory(1000, 500, 500, 0));
      }
    }
  }

  @Test
  void otherMemoryV2FailuresAreReportedNotFallenBackFrom() {
    NvmlStub.configure("count=1", "gpu.0.memory.total=1000", "gpu.0.fail.memory_v2=" + NvmlReturn.GPU_IS_LOST.code());
    try (Nvml nvml = Nvml.open(NvmlStub.library())) {
      GpuDevice gpu = nvml.device(0);
      assertThat(catchThrowableOfType(NvmlException.class, gpu::memory).error()).isEqualTo(NvmlReturn.GPU_IS_LOST);
      NvmlStub.update("count=1", "gpu.0.memory.total=1000", "gpu.0.memory.reserved=10", "gpu.0.memory.free=990");
      assertThat(gpu.memory()).isEqualTo(new GpuMemory(1000, 990, 0, 10));
    }
  }

  @Test
  void readsEveryValueExactlyAsTheLibraryReturnsIt() {
    NvmlStub.configure(
        "driver=550.54.15", "count=1",
        "gpu.0.name=NVIDIA H100 80GB HBM3", "gpu.0.uuid=GPU-1234",
        "gpu.0.util.gpu=87", "gpu.0.util.memory=41",
        "gpu.0.memory.total=85899345920", "gpu.0.memory.free=10737418240", "gpu.0.memory.used=75161927680",
        "gpu.0.temperature=64", "gpu.0.power=312456", "gpu.0.clock.sm=1980", "gpu.0.clock.memory=2619");
    try (Nvml nvml = Nvml.open(NvmlStub.library())) {
      assertThat(nvml.driverVersion()).isEqualTo("550.54.15");
      assertThat(nvml.deviceCount()).isEqualTo(1);
      GpuDevice gpu = nvml.device(0);
      assertThat(gpu.index()).isZero();
      assertThat(gpu.name()).isEqualTo("NVIDIA H100 80GB HBM3");
      assertThat(gpu.uuid()).isEqualTo("GPU-1234");
      assertThat(gpu.utilization()).isEqualTo(new GpuUtilization(87, 41));
      assertThat(gpu.memory()).isEqualTo(new GpuMemory(85899345920L, 10737418240L, 75161927680L));
      assertThat(gpu.temperatureCelsius()).isEqualTo(64);
      assertThat(gpu.powerMilliwatts()).isEqualTo(312456);
      assertThat(gpu.smClockMhz()).isEqualTo(1980);
      assertThat(gpu.memoryClockMhz()).isEqualTo(2619);
    }
  }

  @Test
  void keepsUnsignedValuesAboveTheSignedRange() {
    NvmlStub.configure("count=1",
        "gpu.0.power=3000000000", "gpu.0.util.gpu=4294967295",
        "gpu.0.memory.total=18446744073709551000", "gpu.0.memory.used=4294967296");
    try (Nvml nvml = Nvml.open(NvmlStub.library())) {
      GpuDevice gpu = nvml.device(0);
      assertThat(gpu.powerMilliwatts()).isEqualTo(3_000_000_000L);
      assertThat(gpu.utilization().gpuPercent()).isEqualTo(4_294_967_295L);
      assertThat(Long.toUnsignedString(gpu.memory().totalBytes())).isEqualTo("18446744073709551000");
      assertThat(gpu.memory().usedBytes()).isEqualTo(1L << 32);
    }
  }

  @Test
  void listsComputeProcessesAndSumsOneProcessesMemory() {
    NvmlStub.configure("count=1", "gpu.0.processes=100:1048576,4000000000:2147483648,100:5368709120");
    try (Nvml nvml = Nvml.open(NvmlStub.library())) {
      GpuDevice gpu = nvml.device(0);
      assertThat(gpu.computeProcesses()).containsExactly(
          new GpuProcess(100, 1048576), new GpuProcess(4_000_000_000L, 2147483648L),
          new GpuProcess(100, 5368709120L));
      assertThat(gpu.processMemoryBytes(100)).isEqualTo(1048576 + 5368709120L);
      assertThat(gpu.processMemoryBytes(4_000_000_000L)).isEqualTo(2147483648L);
      assertThat(gpu.processMemoryBytes(7)).isZero();
    }
  }

  @Test
  void growsTheProcessBufferWhenNvmlNeedsMore() {
    StringJoiner processes = new StringJoiner(",");
    for (int pid = 1; pid <= 100; pid++) {
      processes.add(pid + ":" + pid * 1000L);
    }
    NvmlStub.configure("count=1", "gpu.0.processes=" + processes);
    try (Nvml nvml = Nvml.open(NvmlStub.library())) {
      GpuDevice gpu = nvml.device(0);
      List<GpuProcess> listed = gpu.computeProcesses();
      assertThat(listed).hasSize(100);
      assertThat(listed.get(99)).isEqualTo(new GpuProcess(100, 100_000));
      assertThat(gpu.processCapacity()).isGreaterThanOrEqualTo(100);
    }
  }

  @Test
  void reportsUnknownProcessMemoryAsNotAvailable() {
    NvmlStub.configure("count=1", "gpu.0.processes=55:18446744073709551615");
    try (Nvml nvml = Nvml.open(NvmlStub.library())) {
      assertThat(nvml.device(0).processMemoryBytes(55)).isEqualTo(GpuProcess.MEMORY_NOT_AVAILABLE);
    }
  }

  @Test
  void mapsReturnCodesToTheEnumWithTheDriversText() {
    NvmlStub.configure("count=1", "gpu.0.fail.power=3", "gpu.0.fail.temperature=15", "gpu.0.fail.clock=12345");
    try (Nvml nvml = Nvml.open(NvmlStub.library())) {
      GpuDevice gpu = nvml.device(0);
      NvmlException notSupported = catchThrowableOfType(NvmlException.class, gpu::powerMilliwatts);
      assertThat(notSupported.error()).isEqualTo(NvmlReturn.NOT_SUPPORTED);
      assertThat(notSupported).hasMessage("nvmlDeviceGetPowerUsage failed: NOT_SUPPORTED (3): Not Supported");
      assertThat(catchThrowableOfType(NvmlException.class, gpu::temperatureCelsius).error())
          .isEqualTo(NvmlReturn.GPU_IS_LOST);
      NvmlException unknown = catchThrowableOfType(NvmlException.class, gpu::smClockMhz);
      assertThat(unknown.error()).isEqualTo(NvmlReturn.UNKNOWN);
      assertThat(unknown.code()).isEqualTo(12345);
    }
  }

  @Test
  void knowsEveryCodeOfNvmlH() {
    assertThat(NvmlReturn.of(0)).isEqualTo(NvmlReturn.SUCCESS);
    assertThat(NvmlReturn.of(15)).isEqualTo(NvmlReturn.GPU_IS_LOST);
    assertThat(NvmlReturn.of(30)).isEqualTo(NvmlReturn.RESET_TYPE_NOT_SUPPORTED);
    assertThat(NvmlReturn.of(999)).isEqualTo(NvmlReturn.UNKNOWN);
    assertThat(NvmlReturn.of(-4)).isEqualTo(NvmlReturn.UNKNOWN);
    for (NvmlReturn r : NvmlReturn.values()) {
      assertThat(NvmlReturn.of(r.code())).isEqualTo(r);
    }
    assertThat(NvmlReturn.GPU_IS_LOST.label()).isEqualTo("gpu_is_lost");
  }

  @Test
  void failsWithLibraryNotFoundWhenTheLibraryIsMissing() {
    assertThatThrownBy(() -> Nvml.open("/nonexistent/libnvidia-ml.so.1"))
        .isInstanceOfSatisfying(NvmlException.class,
            e -> assertThat(e.error()).isEqualTo(NvmlReturn.LIBRARY_NOT_FOUND))
        .hasMessageContaining("/nonexistent/libnvidia-ml.so.1");
  }

  @Test
  void failsWithTheInitCodeWhenInitFails() {
    NvmlStub.configure("init=9");
    assertThatThrownBy(() -> Nvml.open(NvmlStub.library()))
        .isInstanceOfSatisfying(NvmlException.class,
            e -> assertThat(e.error()).isEqualTo(NvmlReturn.DRIVER_NOT_LOADED))
        .hasMessageContaining("nvmlInit_v2");
    assertThat(NvmlStub.shutdownCalls()).isZero();
  }

  @Test
  void shutsNvmlDownOnceHoweverOftenClosed() {
    NvmlStub.configure("count=1");
    Nvml nvml = Nvml.open(NvmlStub.library());
    nvml.close();
    nvml.close();
    assertThat(NvmlStub.initCalls()).isEqualTo(1);
    assertThat(NvmlStub.shutdownCalls()).isEqualTo(1);
    assertThat(NvmlStub.liveInits()).isZero();
    assertThat(nvml.isClosed()).isTrue();
  }

  @Test
  void answersUninitializedAfterClose() {
    NvmlStub.configure("count=1");
    Nvml nvml = Nvml.open(NvmlStub.library());
    GpuDevice gpu = nvml.device(0);
    nvml.close();
    assertThatThrownBy(gpu::utilization)
        .isInstanceOfSatisfying(NvmlException.class,
            e -> assertThat(e.error()).isEqualTo(NvmlReturn.UNINITIALIZED));
    assertThatThrownBy(nvml::deviceCount).isInstanceOf(NvmlException.class);
  }

  @Test
  void rejectsANegativeDeviceIndexAndReportsABadOne() {
    NvmlStub.configure("count=2");
    try (Nvml nvml = Nvml.open(NvmlStub.library())) {
      assertThatThrownBy(() -> nvml.device(-1)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> nvml.device(2))
          .isInstanceOfSatisfying(NvmlException.class,
              e -> assertThat(e.error()).isEqualTo(NvmlReturn.INVALID_ARGUMENT));
      assertThat(nvml.devices()).extracting(GpuDevice::index).containsExactly(0, 1);
    }
  }

  @Test
  void takesTheLibraryFromTheSystemPropertyFirst() {
    String before = System.getProperty(Nvml.LIBRARY_PROPERTY);
    try {
      System.setProperty(Nvml.LIBRARY_PROPERTY, NvmlStub.library());
      assertThat(Nvml.configuredLibrary()).isEqualTo(NvmlStub.library());
      NvmlStub.configure("count=3");
      try (Nvml nvml = Nvml.open()) {
        assertThat(nvml.library()).isEqualTo(NvmlStub.library());
        assertThat(nvml.deviceCount()).isEqualTo(3);
      }
    } finally {
      if (before == null) {
        System.clearProperty(Nvml.LIBRARY_PROPERTY);
      } else {
        System.setProperty(Nvml.LIBRARY_PROPERTY, before);
      }
    }
  }

  @Test
  void defaultsToTheDriversVersionedLibraryName() {
    String before = System.getProperty(Nvml.LIBRARY_PROPERTY);
    System.clearProperty(Nvml.LIBRARY_PROPERTY);
    try {
      String env = System.getenv(Nvml.LIBRARY_ENV);
      org.junit.jupiter.api.Assumptions.assumeTrue(env == null || env.isBlank(),
          Nvml.LIBRARY_ENV + " is set in this environment, so the default is not in effect");
      // The file name the NVIDIA driver installs (the unversioned .so comes only with dev packages).
      String expected = System.getProperty("os.name").startsWith("Windows") ? "nvml" : "libnvidia-ml.so.1";
      assertThat(Nvml.configuredLibrary()).isEqualTo(expected);
    } finally {
      if (before != null) {
        System.setProperty(Nvml.LIBRARY_PROPERTY, before);
      }
    }
  }
}
