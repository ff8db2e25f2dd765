package io.infersight.benchmarks.gpu;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import io.infersight.gpu.GpuPoller;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 6: one {@link GpuPoller#pollOnce()} of one device through JNA (the binding's overhead:
 * six readings, their gauges, the poll timer, and with the default intervals one poll in four
 * also lists the processes), beside the same six NVML calls made raw through a minimal JNA
 * interface. Runs against the stand-in NVML (see {@link NvmlStandIn}), or a real driver with
 * {@code -Dinfersight.bench.nvml=/path/libnvidia-ml.so.1}, where the goal is at most 20 us per
 * device per poll.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class GpuPollBenchmark {

  /** The six NVML functions of one poll, mapped the plain JNA way. */
  public interface RawNvml extends Library {
    int nvmlInit_v2();

    int nvmlShutdown();

    int nvmlDeviceGetHandleByIndex_v2(int index, PointerByReference device);

    int nvmlDeviceGetUtilizationRates(Pointer device, Utilization utilization);

    int nvmlDeviceGetMemoryInfo_v2(Pointer device, Memory memory);

    int nvmlDeviceGetTemperature(Pointer device, int sensorType, IntByReference temp);

    int nvmlDeviceGetPowerUsage(Pointer device, IntByReference power);

    int nvmlDeviceGetClockInfo(Pointer device, int clockType, IntByReference clock);
  }

  /** {@code nvmlUtilization_t}. */
  @FieldOrder({"gpu", "memory"})
  public static class Utilization extends Structure {
    public int gpu;
    public int memory;
  }

  /**
   * {@code nvmlMemory_v2_t}, the layout the poller reads, declared here as hand-written code would
   * (so is its version, {@code NVML_STRUCT_VERSION(Memory, 2)}), not borrowed from sdk-gpu.
   */
  @FieldOrder({"version", "total", "reserved", "free", "used"})
  public static class Memory extends Structure {
    public int version = 40 | (2 << 24);
    public long total;
    public long reserved;
    public long free;
    public long used;
  }

  @State(Scope.Benchmark)
  public static class Poller {
    GpuPoller poller;

    @Setup
    public void setUp() throws Exception {
      poller = GpuPoller.builder(new SimpleMeterRegistry()).library(NvmlStandIn.library()).build();
      if (!poller.pollOnce()) {
        throw new IllegalStateException("no GPU visible through " + poller);
      }
    }

    @TearDown
    public void tearDown() {
      poller.close();
    }
  }

  @State(Scope.Benchmark)
  public static class Raw {
    RawNvml nvml;
    Pointer device;
    final Utilization utilization = new Utilization();
    final Memory memory = new Memory();
    final IntByReference value = new IntByReference();

    @Setup
    public void setUp() throws Exception {
      nvml = Native.load(NvmlStandIn.library(), RawNvml.class);
      check(nvml.nvmlInit_v2(), "nvmlInit_v2");
      PointerByReference handle = new PointerByReference();
      check(nvml.nvmlDeviceGetHandleByIndex_v2(0, handle), "nvmlDeviceGetHandleByIndex_v2");
      device = handle.getValue();
    }

    private static void check(int rc, String call) {
      if (rc != 0) {
        throw new IllegalStateException(call + " returned " + rc);
      }
    }

    @TearDown
    public void tearDown() {
      nvml.nvmlShutdown();
    }
  }

  @Benchmark
  public boolean pollOnce(Poller s) {
    return s.poller.pollOnce();
  }

  /** Baseline: the six readings of a poll as raw JNA calls, results summed so none is dead. */
  @Benchmark
  public long rawSixCalls(Raw s) {
    RawNvml n = s.nvml;
    Pointer d = s.device;
    long sum = n.nvmlDeviceGetUtilizationRates(d, s.utilization) + s.utilization.gpu;
    sum += n.nvmlDeviceGetMemoryInfo_v2(d, s.memory) + s.memory.used;
    sum += n.nvmlDeviceGetTemperature(d, 0, s.value) + s.value.getValue();
    sum += n.nvmlDeviceGetPowerUsage(d, s.value) + s.value.getValue();
    sum += n.nvmlDeviceGetClockInfo(d, 1, s.value) + s.value.getValue();
    sum += n.nvmlDeviceGetClockInfo(d, 2, s.value) + s.value.getValue();
    return sum;
  }
}
