package io.infersight.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import io.infersight.testsupport.Required;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The binding against the machine's real NVIDIA driver ({@code libnvidia-ml.so.1}), compared
 * with {@code nvidia-smi} where it is installed. Skipped with a message on machines without a
 * driver (this project's CI machines); {@code INFERSIGHT_REQUIRE_GPU=true} turns the skip into a
 * failure. On a GPU host without Maven, {@code sdk-gpu/real-gpu/bundle.sh} packs a runtime and
 * the test jars and {@code run.sh} runs this class (see the module README, "Real GPU"). What it
 * saw is printed, and written to {@code $INFERSIGHT_GPU_REPORT} when that is set.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealDriverTest {
  private static final long CUDA_ALLOCATION = 256L << 20;
  /** On a GPU host, {@code true} turns every skip of this class into a failure. */
  private static final String REQUIRE_GPU = "INFERSIGHT_REQUIRE_GPU";
  private static final List<String> REPORT = new ArrayList<>();
  private static Nvml nvml;
  private static String unavailable;

  @BeforeAll
  static void openTheDriver() {
    try {
      nvml = Nvml.open(Nvml.DEFAULT_LIBRARY_LINUX);
    } catch (NvmlException e) {
      unavailable = "no NVIDIA driver on this machine (" + e.getMessage()
          + "); RealDriverTest runs on GPU hosts, see sdk-gpu/README.md, 'Real GPU'";
      if ("true".equalsIgnoreCase(System.getenv(REQUIRE_GPU))) {
        fail(unavailable + " (required because " + REQUIRE_GPU + "=true)");
      }
      System.err.println("RealDriverTest skipped: " + unavailable);
    }
  }

  /** Each test is skipped on its own, so the reason shows in the test report. */
  @BeforeEach
  void needsTheDriver() {
    Assumptions.assumeTrue(nvml != null, () -> unavailable);
  }

  @AfterAll
  static void closeAndReport() throws IOException {
    if (nvml == null) {
      return;
    }
    nvml.close();
    String text = String.join("\n", REPORT) + "\n";
    System.out.print(text);
    String file = System.getenv("INFERSIGHT_GPU_REPORT");
    if (file != null && !file.isBlank()) {
      Files.writeString(Paths.get(file), text, StandardCharsets.UTF_8);
    }
  }

  private static void report(String line) {
    REPORT.add(line);
  }

  @Test
  @Order(1)
  void driverAndDevicesAgreeWithNvidiaSmi() {
    String driver = nvml.driverVersion();
    List<GpuDevice> devices = nvml.devices();
    report("driver " + driver + ", " + devices.size() + " device(s), library " + nvml.library());
    assertThat(driver).matches("\\d+\\.\\d+(\\.\\d+)*");
    assertThat(devices).isNotEmpty();
    for (GpuDevice d : devices) {
      GpuMemory m = d.memory();
      report("device " + d.index() + ": " + d.name() + ", " + d.uuid() + ", memory total "
          + m.totalBytes() + " B, used " + m.usedBytes() + " B, free " + m.freeBytes()
          + " B, reserved " + m.reservedBytes() + " B (total - free - used - reserved = "
          + (m.totalBytes() - m.freeBytes() - m.usedBytes() - m.reservedBytes()) + " B)");
      assertThat(d.name()).isNotBlank().doesNotContain("\0");
      assertThat(d.uuid()).startsWith("GPU-");
    }
    List<String> smi = nvidiaSmi("--query-gpu=driver_version,name,uuid,memory.total,memory.used,memory.reserved",
        "--format=csv,noheader,nounits");
    if (smi == null) {
      report("nvidia-smi: not installed or failed, no comparison");
      throw Required.missingUnless(REQUIRE_GPU, "nvidia-smi is not installed or failed: the driver's"
          + " values cannot be compared with it");
    }
    report("nvidia-smi: " + smi);
    assertThat(smi).hasSize(devices.size());
    for (int i = 0; i < smi.size(); i++) {
      String[] f = smi.get(i).split(",\\s*");
      GpuDevice d = devices.get(i);
      assertThat(f[0]).isEqualTo(driver);
      assertThat(f[1]).isEqualTo(d.name());
      assertThat(f[2]).isEqualTo(d.uuid());
      // nvidia-smi prints MiB, rounded down; used memory moves, so within 64 MiB.
      GpuMemory m = d.memory();
      assertThat(Long.parseLong(f[3])).isEqualTo(m.totalBytes() >> 20);
      assertThat(Long.parseLong(f[4])).isCloseTo(m.usedBytes() >> 20, within(64L));
      assertThat(Long.parseLong(f[5])).isCloseTo(m.reservedBytes() >> 20, within(1L));
    }
  }

  @Test
  @Order(2)
  void everyReadingIsInItsPhysicalRange() {
    for (GpuDevice d : nvml.devices()) {
      GpuUtilization u = d.utilization();
      GpuMemory m = d.memory();
      long temperature = d.temperatureCelsius();
      long power = d.powerMilliwatts();
      long sm = d.smClockMhz();
      long mem = d.memoryClockMhz();
      report("device " + d.index() + ": utilization " + u.gpuPercent() + "% / memory "
          + u.memoryPercent() + "%, " + temperature + " C, " + power + " mW, SM " + sm
          + " MHz, memory " + mem + " MHz");
      assertThat(u.gpuPercent()).isBetween(0L, 100L);
      assertThat(u.memoryPercent()).isBetween(0L, 100L);
      assertThat(m.totalBytes()).isPositive();
      assertThat(m.usedBytes()).isBetween(0L, m.totalBytes());
      assertThat(m.freeBytes()).isBetween(0L, m.totalBytes());
      assertThat(m.reservedBytes()).isBetween(0L, m.totalBytes());
      assertThat(m.freeBytes() + m.usedBytes() + m.reservedBytes()).isLessThanOrEqualTo(m.totalBytes());
      assertThat(temperature).isBetween(1L, 120L);
      assertThat(power).isBetween(1L, 2_000_000L);
      assertThat(sm).isBetween(1L, 5_000L);
      assertThat(mem).isBetween(1L, 20_000L);
    }
  }

  @Test
  @Order(3)
  void errorsComeBackTypedWithTheDriversText() {
    int count = nvml.deviceCount();
    NvmlException e = catchThrowableOfType(NvmlException.class, () -> nvml.device(count));
    report("device(" + count + "): " + e.getMessage());
    assertThat(e.error()).isEqualTo(NvmlReturn.INVALID_ARGUMENT);
    String text = nvml.errorString(NvmlReturn.NOT_SUPPORTED.code());
    report("errorString(NOT_SUPPORTED): " + text);
    assertThat(text).isNotBlank();
  }

  @Test
  @Order(4)
  void pollerPublishesTheDriversValues() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (GpuPoller poller = GpuPoller.builder(registry).library(Nvml.DEFAULT_LIBRARY_LINUX).build()) {
      assertThat(poller.pollOnce()).isTrue();
      assertThat(poller.isAvailable()).isTrue();
      GpuDevice d = nvml.device(0);
      double total = registry.get("gpu.memory.total").tag("gpu_index", "0").gauge().value();
      assertThat(total).isEqualTo((double) d.memory().totalBytes());
      assertThat(registry.get("gpu.utilization").tag("gpu_index", "0").gauge().value())
          .isBetween(0.0, 100.0);
      assertThat(registry.get("gpu.temperature").tag("gpu_index", "0").gauge().value())
          .isBetween(1.0, 120.0);
      assertThat(registry.find("gpu.poll.errors").counters()).allSatisfy(c -> assertThat(c.count()).isZero());
      report("scrape after one poll:");
      registry.scrape().lines().filter(l -> l.startsWith("gpu_")).forEach(l -> report("  " + l));
    }
  }

  @Test
  @Order(5)
  void probePrintsTheDevicesAsCsvAndJson() {
    for (String format : List.of("csv", "json")) {
      GpuSnapshot snapshot = GpuProbe.snapshot(Nvml.DEFAULT_LIBRARY_LINUX);
      String text = format.equals("json") ? snapshot.toJson() : snapshot.toCsv();
      report("gpu-probe --format " + format + " (available " + snapshot.available() + "):");
      text.lines().forEach(l -> report("  " + l));
      assertThat(snapshot.available()).as(String.valueOf(snapshot.error())).isTrue();
      assertThat(text).contains(nvml.device(0).uuid());
    }
  }

  /** The CUDA driver API calls that give this JVM a context and device memory. */
  interface Cuda extends Library {
    int cuInit(int flags);

    int cuDeviceGet(IntByReference device, int ordinal);

    int cuDevicePrimaryCtxRetain(PointerByReference context, int device);

    int cuDevicePrimaryCtxRelease_v2(int device);

    int cuCtxSetCurrent(com.sun.jna.Pointer context);

    int cuMemAlloc_v2(LongByReference pointer, long bytes);

    int cuMemFree_v2(long pointer);
  }

  @Test
  @Order(6)
  void listsThisProcessOnceItHoldsDeviceMemory() {
    long pid = ProcessHandle.current().pid();
    GpuDevice d = nvml.device(0);
    assertThat(d.processMemoryBytes(pid)).isZero();
    long usedBefore = d.memory().usedBytes();
    Cuda cuda;
    try {
      cuda = Native.load("libcuda.so.1", Cuda.class);
    } catch (UnsatisfiedLinkError e) {
      String why = "libcuda.so.1 not loadable (" + e.getMessage().lines().findFirst().orElse("")
          + "): process listing not checked";
      report(why);
      throw Required.missingUnless(REQUIRE_GPU, why);
    }
    java.util.Set<Long> pidsBefore = d.computeProcesses().stream().map(GpuProcess::pid)
        .collect(Collectors.toSet());
    IntByReference device = new IntByReference();
    PointerByReference context = new PointerByReference();
    LongByReference memory = new LongByReference();
    cudaCheck("cuInit", cuda.cuInit(0));
    cudaCheck("cuDeviceGet", cuda.cuDeviceGet(device, 0));
    cudaCheck("cuDevicePrimaryCtxRetain", cuda.cuDevicePrimaryCtxRetain(context, device.getValue()));
    try {
      cudaCheck("cuCtxSetCurrent", cuda.cuCtxSetCurrent(context.getValue()));
      cudaCheck("cuMemAlloc_v2", cuda.cuMemAlloc_v2(memory, CUDA_ALLOCATION));
      try {
        await().atMost(Duration.ofSeconds(10)).pollInterval(100, TimeUnit.MILLISECONDS)
            .until(() -> d.computeProcesses().stream().anyMatch(p -> !pidsBefore.contains(p.pid())));
        List<GpuProcess> processes = d.computeProcesses();
        long usedAfter = d.memory().usedBytes();
        report("device used memory " + usedBefore + " B before the context, " + usedAfter + " B after");
        assertThat(usedAfter - usedBefore).isGreaterThanOrEqualTo(CUDA_ALLOCATION);
        report("with a context and " + (CUDA_ALLOCATION >> 20) + " MiB allocated, this JVM is pid "
            + pid + "; NVML lists " + processes + "; nvidia-smi lists "
            + nvidiaSmi("--query-compute-apps=pid,used_memory", "--format=csv,noheader,nounits"));
        // This JVM is the process that appeared with the context (under its own pid, or another
        // namespace's in a container). Only for that one may the driver withhold the amount.
        List<GpuProcess> appeared = processes.stream().filter(p -> !pidsBefore.contains(p.pid()))
            .collect(Collectors.toList());
        assertThat(appeared).as("processes that appeared with this JVM's context").hasSize(1);
        assertThat(appeared.get(0).usedMemoryBytes()).satisfiesAnyOf(
            bytes -> assertThat(bytes).isGreaterThanOrEqualTo(CUDA_ALLOCATION),
            bytes -> assertThat(bytes).isEqualTo(GpuProcess.MEMORY_NOT_AVAILABLE));
        if (processes.stream().anyMatch(p -> p.pid() == pid)) {
          long bytes = d.processMemoryBytes(pid);
          report("processMemoryBytes(" + pid + ") = " + bytes);
          assertThat(bytes).isGreaterThanOrEqualTo(CUDA_ALLOCATION);
        } else {
          report("this JVM's pid is not among them: the driver reports pids of another namespace "
              + "(a container); the per-process gauge cannot match itself here");
        }
      } finally {
        cuda.cuMemFree_v2(memory.getValue());
      }
    } finally {
      cuda.cuDevicePrimaryCtxRelease_v2(device.getValue());
    }
  }

  private static void cudaCheck(String call, int rc) {
    assertThat(rc).as(call + " returned CUresult " + rc).isZero();
  }

  /** {@code nvidia-smi} with these arguments, its output lines; null when it is not installed. */
  private static List<String> nvidiaSmi(String... args) {
    List<String> command = new ArrayList<>();
    command.add("nvidia-smi");
    command.addAll(Arrays.asList(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        report("nvidia-smi " + String.join(" ", args) + " failed: " + out.strip());
        return null;
      }
      return out.lines().map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.toList());
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
