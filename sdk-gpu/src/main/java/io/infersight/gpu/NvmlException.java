package io.infersight.gpu;

import org.jspecify.annotations.Nullable;

/**
 * An NVML call did not return {@code NVML_SUCCESS}, or NVML could not be loaded at all ({@link
 * NvmlReturn#LIBRARY_NOT_FOUND}). Thrown only by the direct API ({@link Nvml}, {@link GpuDevice});
 * the {@link GpuPoller} never throws, it counts.
 *
 * <pre>{@code
 * try (Nvml nvml = Nvml.open()) {
 *   ...
 * } catch (NvmlException e) {
 *   if (e.error() == NvmlReturn.LIBRARY_NOT_FOUND) { ... no NVIDIA driver here ... }
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class NvmlException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int code;

  NvmlException(String function, int code, @Nullable String description) {
    super(function + " failed: " + NvmlReturn.of(code) + " (" + code + ")"
        + (description == null || description.isEmpty() ? "" : ": " + description));
    this.code = code;
  }

  NvmlException(String message, Throwable cause) {
    super(message, cause);
    this.code = NvmlReturn.LIBRARY_NOT_FOUND.code();
  }

  /** The return code as a constant. */
  public NvmlReturn error() {
    return NvmlReturn.of(code);
  }

  /** The raw {@code nvmlReturn_t} number, also for codes {@link NvmlReturn} does not list. */
  public int code() {
    return code;
  }
}
