package io.infersight.gpu;

/**
 * One entry of {@code nvmlDeviceGetComputeRunningProcesses_v3}: a process with a compute context
 * on the device and the device memory it uses. In a container the PID is the host's unless the
 * container shares the host PID namespace.
 *
 * <pre>{@code
 * for (GpuProcess p : device.computeProcesses()) {
 *   System.out.println(p.pid() + " " + p.usedMemoryBytes());
 * }
 * }</pre>
 *
 * @param pid the process ID (unsigned 32-bit, widened)
 * @param usedMemoryBytes bytes, or {@link #MEMORY_NOT_AVAILABLE} where the driver cannot tell
 *     (Windows WDDM)
 * @since 0.1.0
 */
public record GpuProcess(long pid, long usedMemoryBytes) {
  /** {@code NVML_VALUE_NOT_AVAILABLE}: the driver does not know the process's memory. */
  public static final long MEMORY_NOT_AVAILABLE = -1L;
}
