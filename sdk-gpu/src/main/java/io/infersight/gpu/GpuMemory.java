package io.infersight.gpu;

/**
 * {@code nvmlDeviceGetMemoryInfo}: device memory in bytes. NVML reports unsigned 64-bit values;
 * they are kept bit for bit, so read one above {@link Long#MAX_VALUE} with {@link
 * Long#toUnsignedString(long)} (no GPU has that much memory yet).
 *
 * <pre>{@code
 * GpuMemory m = device.memory();
 * double usedRatio = (double) m.usedBytes() / m.totalBytes();
 * }</pre>
 *
 * @since 0.1.0
 */
public record GpuMemory(long totalBytes, long freeBytes, long usedBytes) {}
