package io.infersight.gpu.internal;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The NVML functions Infersight calls, mapped by JNA onto {@code libnvidia-ml.so.1} or {@code
 * nvml.dll}. Every function returns an {@code nvmlReturn_t}. Unsigned C values arrive in Java
 * {@code int}/{@code long} and must be read with {@link Integer#toUnsignedLong} or as unsigned
 * 64-bit. {@code nvmlDevice_t} is an opaque pointer.
 *
 * <p>An interface mapping (not direct mapping) is used on purpose: it binds each symbol lazily,
 * so an old driver that lacks one function fails only that call ({@link UnsatisfiedLinkError}),
 * and one JVM can load more than one library (a test stand-in, the override path).
 *
 * <p>This interface is internal and may change without notice.
 */
public interface NvmlLibrary extends Library {
  /** {@code nvmlTemperatureSensors_t NVML_TEMPERATURE_GPU}. */
  int NVML_TEMPERATURE_GPU = 0;
  /** {@code nvmlClockType_t NVML_CLOCK_SM}. */
  int NVML_CLOCK_SM = 1;
  /** {@code nvmlClockType_t NVML_CLOCK_MEM}. */
  int NVML_CLOCK_MEM = 2;
  /** {@code NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE}. */
  int DRIVER_VERSION_BUFFER_SIZE = 80;
  /** {@code NVML_DEVICE_NAME_V2_BUFFER_SIZE}. */
  int DEVICE_NAME_BUFFER_SIZE = 96;
  /** {@code NVML_DEVICE_UUID_V2_BUFFER_SIZE}. */
  int DEVICE_UUID_BUFFER_SIZE = 96;

  int nvmlInit_v2();

  int nvmlShutdown();

  /** Returns a static string owned by NVML; never null on a real driver. */
  String nvmlErrorString(int result);

  int nvmlSystemGetDriverVersion(byte[] version, int length);

  int nvmlDeviceGetCount_v2(IntByReference deviceCount);

  int nvmlDeviceGetHandleByIndex_v2(int index, PointerByReference device);

  int nvmlDeviceGetName(Pointer device, byte[] name, int length);

  int nvmlDeviceGetUUID(Pointer device, byte[] uuid, int length);

  int nvmlDeviceGetUtilizationRates(Pointer device, NvmlUtilizationStruct utilization);

  int nvmlDeviceGetMemoryInfo(Pointer device, NvmlMemoryStruct memory);

  /** {@code memory.version} must be {@link NvmlMemoryV2Struct#VERSION}. */
  int nvmlDeviceGetMemoryInfo_v2(Pointer device, NvmlMemoryV2Struct memory);

  int nvmlDeviceGetTemperature(Pointer device, int sensorType, IntByReference temp);

  /** Milliwatts. */
  int nvmlDeviceGetPowerUsage(Pointer device, IntByReference power);

  /** MHz. */
  int nvmlDeviceGetClockInfo(Pointer device, int clockType, IntByReference clock);

  /**
   * {@code infos} must be a contiguous array from {@link com.sun.jna.Structure#toArray(int)}; on
   * {@code NVML_ERROR_INSUFFICIENT_SIZE} NVML writes the needed count into {@code infoCount}.
   */
  int nvmlDeviceGetComputeRunningProcesses_v3(
      Pointer device, IntByReference infoCount, NvmlProcessInfoStruct[] infos);
}
