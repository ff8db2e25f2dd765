package io.infersight.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GpuProbeTest {
  private static final String[] TWO_GPUS = {
    "driver=550.54.15", "count=2",
    "gpu.0.name=NVIDIA H100 80GB HBM3", "gpu.0.uuid=GPU-aaaa", "gpu.0.util.gpu=87", "gpu.0.util.memory=41",
    "gpu.0.memory.total=85899345920", "gpu.0.memory.free=10737418240", "gpu.0.memory.used=74658611200",
    "gpu.0.memory.reserved=503316480", "gpu.0.temperature=64", "gpu.0.power=312456", "gpu.0.clock.sm=1980", "gpu.0.clock.memory=2619",
    "gpu.1.name=Tesla T4, rev \"b\"", "gpu.1.uuid=GPU-bbbb", "gpu.1.fail.power=3",
  };

  @Test
  void printsOneCsvLinePerGpuLikeNvidiaSmi() {
    NvmlStub.configure(TWO_GPUS);
    GpuSnapshot s = GpuProbe.snapshot(NvmlStub.library());
    assertThat(s.available()).isTrue();
    assertThat(s.toCsv().split("\n")).containsExactly(
        "driver_version,index,name,uuid,utilization.gpu [%],utilization.memory [%],memory.total [B],"
            + "memory.used [B],memory.free [B],memory.reserved [B],temperature.gpu [C],power.draw [W],clocks.sm [MHz],clocks.mem [MHz]",
        "550.54.15,0,NVIDIA H100 80GB HBM3,GPU-aaaa,87,41,85899345920,74658611200,10737418240,503316480,64,312.456,1980,2619",
        "550.54.15,1,\"Tesla T4, rev \"\"b\"\"\",GPU-bbbb,0,0,0,0,0,0,0,[N/A],0,0");
    assertThat(NvmlStub.shutdownCalls()).isEqualTo(1);
  }

  @Test
  void readsTypedValuesWithNullAndTheReasonForAnUnreadableOne() {
    NvmlStub.configure(TWO_GPUS);
    GpuSnapshot s = GpuProbe.snapshot(NvmlStub.library());
    assertThat(s.library()).isEqualTo(NvmlStub.library());
    assertThat(s.driverVersion()).isEqualTo("550.54.15");
    assertThat(s.error()).isNull();
    assertThat(s.gpus()).hasSize(2);
    GpuReading h100 = s.gpus().get(0);
    assertThat(h100.name()).isEqualTo("NVIDIA H100 80GB HBM3");
    assertThat(h100.utilizationGpuPercent()).isEqualTo(87L);
    assertThat(h100.memoryUsedBytes()).isEqualTo(74_658_611_200L);
    assertThat(h100.powerMilliwatts()).isEqualTo(312_456L);
    assertThat(h100.errors()).isEmpty();
    GpuReading t4 = s.gpus().get(1);
    assertThat(t4.index()).isEqualTo(1);
    assertThat(t4.powerMilliwatts()).isNull();
    assertThat(t4.errors()).containsExactly(Map.entry("power_watts", NvmlReturn.NOT_SUPPORTED));
  }

  @Test
  void printsJsonWithNullAndTheReasonForAnUnreadableValue() {
    NvmlStub.configure(TWO_GPUS);
    assertThat(GpuProbe.snapshot(NvmlStub.library()).toJson())
        .startsWith("{\"available\":true,\"library\":\"" + NvmlStub.library()
            + "\",\"driver_version\":\"550.54.15\",\"gpus\":[")
        .contains("{\"index\":0,\"name\":\"NVIDIA H100 80GB HBM3\",\"uuid\":\"GPU-aaaa\","
            + "\"utilization_gpu_percent\":87,\"utilization_memory_percent\":41,"
            + "\"memory_total_bytes\":85899345920,\"memory_used_bytes\":74658611200,"
            + "\"memory_free_bytes\":10737418240,\"memory_reserved_bytes\":503316480,\"temperature_celsius\":64,\"power_watts\":312.456,"
            + "\"clock_sm_mhz\":1980,\"clock_memory_mhz\":2619,\"errors\":{}}")
        .contains("\"name\":\"Tesla T4, rev \\\"b\\\"\"")
        .contains("\"power_watts\":null")
        .contains("\"errors\":{\"power_watts\":\"NOT_SUPPORTED\"}")
        .endsWith("]}\n");
  }

  @Test
  void isUnavailableWithTheReasonWhenTheLibraryIsMissing() {
    GpuSnapshot s = GpuProbe.snapshot("/nonexistent/libnvidia-ml.so.1");
    assertThat(s.available()).isFalse();
    assertThat(s.gpus()).isEmpty();
    assertThat(s.error()).isNotBlank();
    assertThat(s.toJson()).startsWith("{\"available\":false,\"library\":\"/nonexistent/libnvidia-ml.so.1\"")
        .contains("\"gpus\":[]");
    assertThat(s.toCsv()).isEmpty();
  }

  @Test
  void isUnavailableWhenNvmlSeesNoDevice() {
    NvmlStub.configure("count=0");
    GpuSnapshot s = GpuProbe.snapshot(NvmlStub.library());
    assertThat(s.available()).isFalse();
    assertThat(s.error()).contains("NVIDIA_VISIBLE_DEVICES");
    assertThat(NvmlStub.shutdownCalls()).isEqualTo(1);
  }

  @Test
  void isUnavailableWhenInitFails() {
    NvmlStub.configure("init=9");
    assertThat(GpuProbe.snapshot(NvmlStub.library()).error()).contains("DRIVER_NOT_LOADED");
  }

  @Test
  void findsTheLibraryThroughTheEnvironmentVariable() throws Exception {
    Path scenario = NvmlStub.scenarioFile("count=1", "gpu.0.name=Env GPU", "gpu.0.util.gpu=9");
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder pb = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        EnvMain.class.getName());
    pb.environment().put(Nvml.LIBRARY_ENV, NvmlStub.library());
    pb.environment().put("INFERSIGHT_NVML_STUB_CONFIG", scenario.toString());
    pb.redirectErrorStream(true);
    Process child = pb.start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as(output).isZero();
    assertThat(output).contains(",0,Env GPU,").contains(",9,");
  }

  /** The child JVM of the test above: {@link GpuProbe#snapshot()} with no library named. */
  static final class EnvMain {
    public static void main(String[] args) {
      GpuSnapshot s = GpuProbe.snapshot();
      System.out.print(s.available() ? s.toCsv() : s.error());
      System.exit(s.available() ? 0 : 1);
    }
  }
}
