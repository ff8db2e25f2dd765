package io.infersight.gpu.internal;

import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * {@code nvmlUtilization_t} as declared in {@code nvml.h}: {@code unsigned int gpu; unsigned int
 * memory;} (percent of the last sample period; 8 bytes).
 *
 * <p>This class is internal and may change without notice.
 */
@FieldOrder({"gpu", "memory"})
public final class NvmlUtilizationStruct extends Structure {
  /** Unsigned. */
  public int gpu;
  /** Unsigned. */
  public int memory;
}
