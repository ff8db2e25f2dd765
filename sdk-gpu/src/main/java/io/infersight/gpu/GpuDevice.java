package io.infersight.gpu;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import io.infersight.gpu.internal.NvmlLibrary;
import io.infersight.gpu.internal.NvmlMemoryStruct;
import io.infersight.gpu.internal.NvmlMemoryV2Struct;
import io.infersight.gpu.internal.NvmlProcessInfoStruct;
import io.infersight.gpu.internal.NvmlUtilizationStruct;
import java.util.ArrayList;
import java.util.List;

/**
 * One GPU as NVML sees it, from {@link Nvml#device(int)}. Each getter is one NVML call and throws
 * {@link NvmlException} when it fails (a lost GPU answers {@link NvmlReturn#GPU_IS_LOST}). The
 * native buffers are reused, so calls on one device are serialised; devices are independent.
 *
 * <pre>{@code
 * GpuDevice gpu = nvml.device(0);
 * System.out.printf("%s %d%% %d MiB %d C%n", gpu.name(), gpu.utilization().gpuPercent(),
 *     gpu.memory().usedBytes() >> 20, gpu.temperatureCelsius());
 * }</pre>
 *
 * @since 0.1.0
 */
public final class GpuDevice {
  /** The process listing buffer starts at this many entries and grows when NVML asks. */
  static final int INITIAL_PROCESS_CAPACITY = 32;

  /** The readings that answer one unsigned 32-bit value, and the NVML function of each. */
  enum UnsignedRead {
    TEMPERATURE("nvmlDeviceGetTemperature"),
    POWER("nvmlDeviceGetPowerUsage"),
    CLOCK_SM("nvmlDeviceGetClockInfo"),
    CLOCK_MEMORY("nvmlDeviceGetClockInfo");

    private final String function;

    UnsignedRead(String function) {
      this.function = function;
    }
  }

  private final Nvml nvml;
  private final NvmlLibrary lib;
  private final Pointer handle;
  private final int index;

  // Reused native buffers; guarded by this.
  private final NvmlUtilizationStruct utilization = new NvmlUtilizationStruct();
  private final NvmlMemoryStruct memory = new NvmlMemoryStruct();
  private final NvmlMemoryV2Struct memoryV2 = new NvmlMemoryV2Struct();
  /** Set once the driver has no usable nvmlDeviceGetMemoryInfo_v2 (older than r510). */
  private boolean memoryV1Only;
  private long memoryTotal;
  private long memoryFree;
  private long memoryUsed;
  private long memoryReserved;
  private final IntByReference uint = new IntByReference();
  private final IntByReference infoCount = new IntByReference();
  private NvmlProcessInfoStruct[] processes;
  private long processMemory;

  GpuDevice(Nvml nvml, NvmlLibrary lib, Pointer handle, int index) {
    this.nvml = nvml;
    this.lib = lib;
    this.handle = handle;
    this.index = index;
  }

  /** The NVML index this device was opened with. */
  public int index() {
    return index;
  }

  /** {@code nvmlDeviceGetName}, for example {@code NVIDIA H100 80GB HBM3}. */
  public String name() {
    return text("nvmlDeviceGetName", true, NvmlLibrary.DEVICE_NAME_BUFFER_SIZE);
  }

  /** {@code nvmlDeviceGetUUID}, for example {@code GPU-5e9a...}. */
  public String uuid() {
    return text("nvmlDeviceGetUUID", false, NvmlLibrary.DEVICE_UUID_BUFFER_SIZE);
  }

  /** {@code nvmlDeviceGetUtilizationRates}. */
  public synchronized GpuUtilization utilization() {
    nvml.check("nvmlDeviceGetUtilizationRates", readUtilization());
    return new GpuUtilization(utilizationGpu(), utilizationMemory());
  }

  /**
   * {@code nvmlDeviceGetMemoryInfo_v2}, whose used memory leaves out what the driver reserves (as
   * {@code nvidia-smi} shows it); on drivers older than r510, {@code nvmlDeviceGetMemoryInfo},
   * whose used memory includes it, with {@link GpuMemory#reservedBytes()} 0.
   */
  public synchronized GpuMemory memory() {
    int rc = readMemory();
    nvml.check(memoryV1Only ? "nvmlDeviceGetMemoryInfo" : "nvmlDeviceGetMemoryInfo_v2", rc);
    return new GpuMemory(memoryTotal, memoryFree, memoryUsed, memoryReserved);
  }

  /** {@code nvmlDeviceGetTemperature(NVML_TEMPERATURE_GPU)}: the GPU core temperature in °C. */
  public long temperatureCelsius() {
    return unsigned(UnsignedRead.TEMPERATURE);
  }

  /** {@code nvmlDeviceGetPowerUsage}: board power draw in milliwatts. */
  public long powerMilliwatts() {
    return unsigned(UnsignedRead.POWER);
  }

  /** {@code nvmlDeviceGetClockInfo(NVML_CLOCK_SM)} in MHz. */
  public long smClockMhz() {
    return unsigned(UnsignedRead.CLOCK_SM);
  }

  /** {@code nvmlDeviceGetClockInfo(NVML_CLOCK_MEM)} in MHz. */
  public long memoryClockMhz() {
    return unsigned(UnsignedRead.CLOCK_MEMORY);
  }

  /**
   * {@code nvmlDeviceGetComputeRunningProcesses_v3}: processes with a compute context on this
   * device. Takes the driver lock for milliseconds on a busy device: call it sparingly.
   */
  public synchronized List<GpuProcess> computeProcesses() {
    int rc = listProcesses();
    nvml.check("nvmlDeviceGetComputeRunningProcesses_v3", rc);
    int n = infoCount.getValue();
    List<GpuProcess> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      NvmlProcessInfoStruct p = processes[i];
      p.read();
      out.add(new GpuProcess(Integer.toUnsignedLong(p.pid), p.usedGpuMemory));
    }
    return out;
  }

  /**
   * The device memory used by process {@code pid} (summed over its entries), 0 when it has no
   * compute context here, or {@link GpuProcess#MEMORY_NOT_AVAILABLE} when the driver cannot tell.
   */
  public synchronized long processMemoryBytes(long pid) {
    nvml.check("nvmlDeviceGetComputeRunningProcesses_v3", readProcessMemory(pid));
    return processMemory;
  }

  @Override
  public String toString() {
    return "GpuDevice{index=" + index + "}";
  }

  // ---- raw reads for the poller: return the nvmlReturn_t, never throw, allocate nothing ----

  synchronized int readUtilization() {
    if (nvml.isClosed()) {
      return NvmlReturn.UNINITIALIZED.code();
    }
    try {
      return lib.nvmlDeviceGetUtilizationRates(handle, utilization);
    } catch (LinkageError e) {
      return NvmlReturn.FUNCTION_NOT_FOUND.code();
    }
  }

  long utilizationGpu() {
    return Integer.toUnsignedLong(utilization.gpu);
  }

  long utilizationMemory() {
    return Integer.toUnsignedLong(utilization.memory);
  }

  /**
   * Reads the memory counters with {@code _v2}, or with the first version once the driver has shown
   * it lacks {@code _v2} (the symbol is missing, or it answers NOT_SUPPORTED, FUNCTION_NOT_FOUND or
   * ARGUMENT_VERSION_MISMATCH); any other failure is returned as it is.
   */
  synchronized int readMemory() {
    if (nvml.isClosed()) {
      return NvmlReturn.UNINITIALIZED.code();
    }
    if (!memoryV1Only) {
      int rc;
      try {
        memoryV2.version = NvmlMemoryV2Struct.VERSION;
        rc = lib.nvmlDeviceGetMemoryInfo_v2(handle, memoryV2);
      } catch (LinkageError e) {
        rc = NvmlReturn.FUNCTION_NOT_FOUND.code();
      }
      if (rc == 0) {
        memoryTotal = memoryV2.total;
        memoryFree = memoryV2.free;
        memoryUsed = memoryV2.used;
        memoryReserved = memoryV2.reserved;
        return 0;
      }
      if (rc != NvmlReturn.FUNCTION_NOT_FOUND.code() && rc != NvmlReturn.NOT_SUPPORTED.code()
          && rc != NvmlReturn.ARGUMENT_VERSION_MISMATCH.code()) {
        return rc;
      }
      memoryV1Only = true;
    }
    int rc;
    try {
      rc = lib.nvmlDeviceGetMemoryInfo(handle, memory);
    } catch (LinkageError e) {
      return NvmlReturn.FUNCTION_NOT_FOUND.code();
    }
    if (rc == 0) {
      memoryTotal = memory.total;
      memoryFree = memory.free;
      memoryUsed = memory.used;
      memoryReserved = 0;
    }
    return rc;
  }

  /** Raw unsigned 64-bit values of the last {@link #readMemory()}. */
  long memoryUsedRaw() {
    return memoryUsed;
  }

  long memoryTotalRaw() {
    return memoryTotal;
  }

  /** Reads one unsigned 32-bit value into {@link #lastUnsigned()}. */
  synchronized int readUnsigned(UnsignedRead what) {
    if (nvml.isClosed()) {
      return NvmlReturn.UNINITIALIZED.code();
    }
    try {
      return switch (what) {
        case TEMPERATURE -> lib.nvmlDeviceGetTemperature(handle, NvmlLibrary.NVML_TEMPERATURE_GPU, uint);
        case POWER -> lib.nvmlDeviceGetPowerUsage(handle, uint);
        case CLOCK_SM -> lib.nvmlDeviceGetClockInfo(handle, NvmlLibrary.NVML_CLOCK_SM, uint);
        case CLOCK_MEMORY -> lib.nvmlDeviceGetClockInfo(handle, NvmlLibrary.NVML_CLOCK_MEM, uint);
      };
    } catch (LinkageError e) {
      return NvmlReturn.FUNCTION_NOT_FOUND.code();
    }
  }

  long lastUnsigned() {
    return Integer.toUnsignedLong(uint.getValue());
  }

  /** Sums {@code pid}'s entries into {@link #lastProcessMemory()}. */
  synchronized int readProcessMemory(long pid) {
    int rc = listProcesses();
    if (rc != 0) {
      return rc;
    }
    long sum = 0;
    int n = infoCount.getValue();
    for (int i = 0; i < n; i++) {
      NvmlProcessInfoStruct p = processes[i];
      p.read();
      if (Integer.toUnsignedLong(p.pid) == pid) {
        if (p.usedGpuMemory == NvmlProcessInfoStruct.VALUE_NOT_AVAILABLE) {
          sum = GpuProcess.MEMORY_NOT_AVAILABLE;
          break;
        }
        sum += p.usedGpuMemory;
      }
    }
    processMemory = sum;
    return 0;
  }

  long lastProcessMemory() {
    return processMemory;
  }

  /** Capacity of the process buffer, for tests. */
  synchronized int processCapacity() {
    return processes == null ? 0 : processes.length;
  }

  private int listProcesses() {
    if (nvml.isClosed()) {
      return NvmlReturn.UNINITIALIZED.code();
    }
    if (processes == null) {
      processes = newProcessBuffer(INITIAL_PROCESS_CAPACITY);
    }
    try {
      // Processes may start between the two calls, so retry a few times with the size NVML asks.
      for (int attempt = 0; attempt < 3; attempt++) {
        infoCount.setValue(processes.length);
        int rc = lib.nvmlDeviceGetComputeRunningProcesses_v3(handle, infoCount, processes);
        if (rc != NvmlReturn.INSUFFICIENT_SIZE.code()) {
          if (rc == 0 && Integer.compareUnsigned(infoCount.getValue(), processes.length) > 0) {
            return NvmlReturn.UNKNOWN.code();
          }
          return rc;
        }
        int needed = infoCount.getValue();
        if (needed <= processes.length || needed > 65_536) {
          return rc;
        }
        processes = newProcessBuffer(needed + needed / 2);
      }
      return NvmlReturn.INSUFFICIENT_SIZE.code();
    } catch (LinkageError e) {
      return NvmlReturn.FUNCTION_NOT_FOUND.code();
    }
  }

  private static NvmlProcessInfoStruct[] newProcessBuffer(int capacity) {
    NvmlProcessInfoStruct[] buffer =
        (NvmlProcessInfoStruct[]) new NvmlProcessInfoStruct().toArray(capacity);
    for (NvmlProcessInfoStruct s : buffer) {
      // Output only: skip JNA's copy of every entry before and after each call; the few entries
      // NVML filled are read one by one.
      s.setAutoSynch(false);
    }
    return buffer;
  }

  private synchronized String text(String function, boolean name, int size) {
    byte[] buffer = new byte[size];
    int rc;
    if (nvml.isClosed()) {
      rc = NvmlReturn.UNINITIALIZED.code();
    } else {
      try {
        rc = name
            ? lib.nvmlDeviceGetName(handle, buffer, size)
            : lib.nvmlDeviceGetUUID(handle, buffer, size);
      } catch (LinkageError e) {
        rc = NvmlReturn.FUNCTION_NOT_FOUND.code();
      }
    }
    nvml.check(function, rc);
    return Nvml.cString(buffer);
  }

  private synchronized long unsigned(UnsignedRead what) {
    nvml.check(what.function, readUnsigned(what));
    return lastUnsigned();
  }
}
