package io.infersight.gpu;

import org.jspecify.annotations.Nullable;

/**
 * The {@code nvmlReturn_t} codes of NVML, with the numbers of {@code nvml.h}. A code this SDK does
 * not know maps to {@link #UNKNOWN}; {@link NvmlException#code()} keeps the raw number.
 *
 * <pre>{@code
 * NvmlReturn r = NvmlReturn.of(15);   // GPU_IS_LOST
 * }</pre>
 *
 * @since 0.1.0
 */
public enum NvmlReturn {
  SUCCESS(0),
  UNINITIALIZED(1),
  INVALID_ARGUMENT(2),
  NOT_SUPPORTED(3),
  NO_PERMISSION(4),
  ALREADY_INITIALIZED(5),
  NOT_FOUND(6),
  INSUFFICIENT_SIZE(7),
  INSUFFICIENT_POWER(8),
  DRIVER_NOT_LOADED(9),
  TIMEOUT(10),
  IRQ_ISSUE(11),
  LIBRARY_NOT_FOUND(12),
  FUNCTION_NOT_FOUND(13),
  CORRUPTED_INFOROM(14),
  GPU_IS_LOST(15),
  RESET_REQUIRED(16),
  OPERATING_SYSTEM(17),
  LIB_RM_VERSION_MISMATCH(18),
  IN_USE(19),
  MEMORY(20),
  NO_DATA(21),
  VGPU_ECC_NOT_SUPPORTED(22),
  INSUFFICIENT_RESOURCES(23),
  FREQ_NOT_SUPPORTED(24),
  ARGUMENT_VERSION_MISMATCH(25),
  DEPRECATED(26),
  NOT_READY(27),
  GPU_NOT_FOUND(28),
  INVALID_STATE(29),
  RESET_TYPE_NOT_SUPPORTED(30),
  UNKNOWN(999);

  private static final @Nullable NvmlReturn[] BY_CODE = new NvmlReturn[31];

  static {
    for (NvmlReturn r : values()) {
      if (r.code < BY_CODE.length) {
        BY_CODE[r.code] = r;
      }
    }
  }

  private final int code;
  private final String label;

  NvmlReturn(int code) {
    this.code = code;
    this.label = name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The number NVML returns. */
  public int code() {
    return code;
  }

  /** The lower-case name used as the {@code error} label of {@code gpu_poll_errors_total}. */
  public String label() {
    return label;
  }

  /** The constant for an NVML return code; {@link #UNKNOWN} for a code not listed here. */
  public static NvmlReturn of(int code) {
    return code >= 0 && code < BY_CODE.length && BY_CODE[code] != null ? BY_CODE[code] : UNKNOWN;
  }
}
