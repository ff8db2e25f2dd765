/**
 * GPU metrics from NVML: a JNA binding ({@link io.infersight.gpu.Nvml}, {@link
 * io.infersight.gpu.GpuDevice}), a poller publishing Micrometer gauges ({@link
 * io.infersight.gpu.GpuPoller}) and a probe for containers ({@link io.infersight.gpu.GpuProbe#snapshot()}, giving a {@link
 * io.infersight.gpu.GpuSnapshot}).
 */
@NullMarked
package io.infersight.gpu;

import org.jspecify.annotations.NullMarked;
