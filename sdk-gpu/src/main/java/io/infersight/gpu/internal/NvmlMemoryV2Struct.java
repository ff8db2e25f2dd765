package io.infersight.gpu.internal;

import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * {@code nvmlMemory_v2_t} as declared in {@code nvml.h} (drivers from r510): {@code unsigned int
 * version; unsigned long long total, reserved, free, used;} (bytes; 40 bytes, 4 of them padding
 * after {@code version}). Unlike {@code nvmlMemory_t}, {@code used} leaves out the memory the
 * driver reserves for itself, which is what {@code nvidia-smi} shows.
 *
 * <p>This class is internal and may change without notice.
 */
@FieldOrder({"version", "total", "reserved", "free", "used"})
public final class NvmlMemoryV2Struct extends Structure {
  /** {@code nvmlMemory_v2}: {@code NVML_STRUCT_VERSION(Memory, 2)}, the size ORed with 2 << 24. */
  public static final int VERSION = 40 | (2 << 24);

  /** Must be {@link #VERSION} when the struct is passed in. */
  public int version = VERSION;
  /** Unsigned. */
  public long total;
  /** Unsigned. */
  public long reserved;
  /** Unsigned. */
  public long free;
  /** Unsigned. */
  public long used;
}
