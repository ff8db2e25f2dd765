package io.infersight.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GpuProbeTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int probe(String... args) {
    return GpuProbe.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

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
    assertThat(probe("--library", NvmlStub.library())).isEqualTo(GpuProbe.EXIT_OK);
    assertThat(out().split("\n")).containsExactly(
        "driver_version,index,name,uuid,utilization.gpu [%],utilization.memory [%],memory.total [B],"
            + "memory.used [B],memory.free [B],memory.reserved [B],temperature.gpu [C],power.draw [W],clocks.sm [MHz],clocks.mem [MHz]",
        "550.54.15,0,NVIDIA H100 80GB HBM3,GPU-aaaa,87,41,85899345920,74658611200,10737418240,503316480,64,312.456,1980,2619",
        "550.54.15,1,\"Tesla T4, rev \"\"b\"\"\",GPU-bbbb,0,0,0,0,0,0,0,[N/A],0,0");
    assertThat(NvmlStub.shutdownCalls()).isEqualTo(1);
  }

  @Test
  void printsJsonWithNullAndTheReasonForAnUnreadableValue() {
    NvmlStub.configure(TWO_GPUS);
    assertThat(probe("--format=json", "--library=" + NvmlStub.library())).isEqualTo(GpuProbe.EXIT_OK);
    assertThat(out()).startsWith("{\"available\":true,\"library\":\"" + NvmlStub.library()
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
  void exitsWithNoGpuWhenTheLibraryIsMissing() {
    assertThat(probe("--format", "json", "--library", "/nonexistent/libnvidia-ml.so.1"))
        .isEqualTo(GpuProbe.EXIT_NO_GPU);
    assertThat(out()).startsWith("{\"available\":false,\"library\":\"/nonexistent/libnvidia-ml.so.1\"")
        .contains("\"gpus\":[]");
    assertThat(err()).contains("no GPU available");
  }

  @Test
  void exitsWithNoGpuWhenNvmlSeesNoDevice() {
    NvmlStub.configure("count=0");
    assertThat(probe("--library", NvmlStub.library())).isEqualTo(GpuProbe.EXIT_NO_GPU);
    assertThat(out()).isEmpty();
    assertThat(err()).contains("NVIDIA_VISIBLE_DEVICES");
    assertThat(NvmlStub.shutdownCalls()).isEqualTo(1);
  }

  @Test
  void exitsWithNoGpuWhenInitFails() {
    NvmlStub.configure("init=9");
    assertThat(probe("--library", NvmlStub.library())).isEqualTo(GpuProbe.EXIT_NO_GPU);
    assertThat(err()).contains("DRIVER_NOT_LOADED");
  }

  @Test
  void rejectsBadArgumentsWithUsage() {
    assertThat(probe("--format", "xml")).isEqualTo(GpuProbe.EXIT_USAGE);
    assertThat(err()).contains("--format must be csv or json").contains("usage: gpu-probe");
    assertThat(probe("--bogus")).isEqualTo(GpuProbe.EXIT_USAGE);
    assertThat(probe("--library")).isEqualTo(GpuProbe.EXIT_USAGE);
  }

  @Test
  void printsUsageOnHelp() {
    assertThat(probe("--help")).isEqualTo(GpuProbe.EXIT_OK);
    assertThat(out()).contains("usage: gpu-probe").contains(Nvml.LIBRARY_ENV);
  }

  @Test
  void mainFindsTheLibraryThroughTheEnvironmentVariable() throws Exception {
    Path scenario = NvmlStub.scenarioFile("count=1", "gpu.0.name=Env GPU", "gpu.0.util.gpu=9");
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder pb = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        GpuProbe.class.getName(), "--format", "csv");
    pb.environment().put(Nvml.LIBRARY_ENV, NvmlStub.library());
    pb.environment().put("INFERSIGHT_NVML_STUB_CONFIG", scenario.toString());
    pb.redirectErrorStream(true);
    Process child = pb.start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as(output).isEqualTo(GpuProbe.EXIT_OK);
    assertThat(output).contains(",0,Env GPU,").contains(",9,");
  }
}
