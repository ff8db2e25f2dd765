package io.infersight.gpu;

/**
 * {@code nvmlDeviceGetUtilizationRates}: the percent of the last sample period during which a
 * kernel ran ({@code gpuPercent}) and during which device memory was read or written ({@code
 * memoryPercent}). Both are NVML's unsigned 32-bit values, widened without sign.
 *
 * <pre>{@code
 * long busy = device.utilization().gpuPercent();
 * }</pre>
 *
 * @since 0.1.0
 */
public record GpuUtilization(long gpuPercent, long memoryPercent) {}
