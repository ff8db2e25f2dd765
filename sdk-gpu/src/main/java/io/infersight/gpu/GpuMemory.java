package io.infersight.gpu;

/**
 * {@code nvmlDeviceGetMemoryInfo_v2}: device memory in bytes. {@code usedBytes} is what processes
 * allocated, as {@code nvidia-smi} shows it; {@code reservedBytes} is what the driver keeps for
 * itself (about 480 MiB on an H100), so total = free + used + reserved. On drivers older than
 * r510, which lack {@code _v2}, the values come from {@code nvmlDeviceGetMemoryInfo}: there
 * {@code usedBytes} includes the reserved memory and {@code reservedBytes} is 0. NVML reports
 * unsigned 64-bit values; they are kept bit for bit, so read one above {@link Long#MAX_VALUE}
 * with {@link Long#toUnsignedString(long)} (no GPU has that much memory yet).
 *
 * <pre>{@code
 * GpuMemory m = device.memory();
 * double usedRatio = (double) m.usedBytes() / m.totalBytes();
 * }</pre>
 *
 * @since 0.1.0
 */
public record GpuMemory(long totalBytes, long freeBytes, long usedBytes, long reservedBytes) {

  /** Memory counters with nothing reserved (or the reserved memory counted in {@code usedBytes}). */
  public GpuMemory(long totalBytes, long freeBytes, long usedBytes) {
    this(totalBytes, freeBytes, usedBytes, 0L);
  }
}
