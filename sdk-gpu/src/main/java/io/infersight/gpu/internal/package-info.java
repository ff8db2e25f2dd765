/**
 * The JNA binding to the NVML C API and its struct layouts. This package is internal and may
 * change without notice; use {@link io.infersight.gpu.Nvml} instead.
 */
@NullMarked
package io.infersight.gpu.internal;

import org.jspecify.annotations.NullMarked;
