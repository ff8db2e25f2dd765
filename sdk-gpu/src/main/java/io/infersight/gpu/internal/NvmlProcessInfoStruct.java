package io.infersight.gpu.internal;

import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * {@code nvmlProcessInfo_t} as declared in the CUDA 12 {@code nvml.h} and taken by {@code
 * nvmlDeviceGetComputeRunningProcesses_v3} (the same fields as {@code nvmlProcessInfo_v2_t}), in
 * this order: {@code unsigned int pid; unsigned long long usedGpuMemory; unsigned int
 * gpuInstanceId; unsigned int computeInstanceId;}. With natural alignment that is 24 bytes, with 4
 * bytes of padding after {@code pid}; JNA's default alignment reproduces it.
 *
 * <p>{@code usedGpuMemory} is {@code NVML_VALUE_NOT_AVAILABLE} ({@code -1} as unsigned) where the
 * driver cannot tell (Windows WDDM); the instance IDs are {@code 0xFFFFFFFF} without MIG.
 *
 * <p>This class is internal and may change without notice.
 */
@FieldOrder({"pid", "usedGpuMemory", "gpuInstanceId", "computeInstanceId"})
public final class NvmlProcessInfoStruct extends Structure {
  /** {@code NVML_VALUE_NOT_AVAILABLE} for an {@code unsigned long long}. */
  public static final long VALUE_NOT_AVAILABLE = -1L;

  /** Unsigned. */
  public int pid;
  /** Unsigned bytes, or {@link #VALUE_NOT_AVAILABLE}. */
  public long usedGpuMemory;
  /** Unsigned. */
  public int gpuInstanceId;
  /** Unsigned. */
  public int computeInstanceId;
}
