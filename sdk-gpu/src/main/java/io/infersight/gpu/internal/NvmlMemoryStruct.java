package io.infersight.gpu.internal;

import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * {@code nvmlMemory_t} as declared in {@code nvml.h}: {@code unsigned long long total; unsigned
 * long long free; unsigned long long used;} (bytes; 24 bytes).
 *
 * <p>This class is internal and may change without notice.
 */
@FieldOrder({"total", "free", "used"})
public final class NvmlMemoryStruct extends Structure {
  /** Unsigned. */
  public long total;
  /** Unsigned. */
  public long free;
  /** Unsigned. */
  public long used;
}
