package io.infersight.gpu;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import io.infersight.gpu.internal.NvmlLibrary;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An initialised NVML session: loads the NVIDIA Management Library through JNA, calls {@code
 * nvmlInit_v2} once, hands out {@link GpuDevice}s and calls {@code nvmlShutdown} once at {@link
 * #close()}. The direct API throws {@link NvmlException}; for gauges use {@link GpuPoller}, which
 * never throws.
 *
 * <p>The library is, in order: the system property {@value #LIBRARY_PROPERTY}, the environment
 * variable {@value #LIBRARY_ENV}, else {@value #DEFAULT_LIBRARY_LINUX} ({@value
 * #DEFAULT_LIBRARY_WINDOWS}.dll on Windows) from the system library path.
 *
 * <pre>{@code
 * try (Nvml nvml = Nvml.open()) {
 *   System.out.println("driver " + nvml.driverVersion());
 *   for (GpuDevice gpu : nvml.devices()) {
 *     System.out.println(gpu.index() + " " + gpu.name() + " " + gpu.memory().usedBytes());
 *   }
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Nvml implements AutoCloseable {
  /** System property naming the NVML library file (a path or a name). */
  public static final String LIBRARY_PROPERTY = "infersight.nvml.library";
  /** Environment variable naming the NVML library file, read when the property is not set. */
  public static final String LIBRARY_ENV = "INFERSIGHT_NVML_LIBRARY";
  /** The library name on Linux; the driver ships the versioned file only. */
  public static final String DEFAULT_LIBRARY_LINUX = "libnvidia-ml.so.1";
  /** The library name on Windows, as JNA names {@code nvml.dll}. */
  public static final String DEFAULT_LIBRARY_WINDOWS = "nvml";

  private final NvmlLibrary lib;
  private final String library;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Nvml(NvmlLibrary lib, String library) {
    this.lib = lib;
    this.library = library;
  }

  /** Opens NVML from {@link #configuredLibrary()}. */
  public static Nvml open() {
    return open(configuredLibrary());
  }

  /**
   * Loads the library at {@code library} (a file path or a name the system linker resolves) and
   * initialises NVML.
   *
   * @throws NvmlException with {@link NvmlReturn#LIBRARY_NOT_FOUND} when the library cannot be
   *     loaded, or with the code of a failed {@code nvmlInit_v2}
   */
  public static Nvml open(String library) {
    Objects.requireNonNull(library, "library");
    NvmlLibrary lib;
    try {
      lib = Native.load(library, NvmlLibrary.class);
    } catch (LinkageError | RuntimeException e) {
      throw new NvmlException("NVML library '" + library + "' could not be loaded: " + e.getMessage(), e);
    }
    int rc;
    try {
      rc = lib.nvmlInit_v2();
    } catch (LinkageError e) {
      rc = NvmlReturn.FUNCTION_NOT_FOUND.code();
    }
    if (rc != 0) {
      throw new NvmlException("nvmlInit_v2", rc, describe(lib, rc));
    }
    return new Nvml(lib, library);
  }

  /**
   * The library {@link #open()} loads: the system property {@value #LIBRARY_PROPERTY}, else the
   * environment variable {@value #LIBRARY_ENV}, else the platform default.
   */
  public static String configuredLibrary() {
    String property = System.getProperty(LIBRARY_PROPERTY);
    if (property != null && !property.isBlank()) {
      return property.trim();
    }
    String env = System.getenv(LIBRARY_ENV);
    if (env != null && !env.isBlank()) {
      return env.trim();
    }
    return Platform.isWindows() ? DEFAULT_LIBRARY_WINDOWS : DEFAULT_LIBRARY_LINUX;
  }

  /** The library this session loaded, as it was named. */
  public String library() {
    return library;
  }

  /** {@code nvmlSystemGetDriverVersion}, for example {@code 550.54.15}. */
  public String driverVersion() {
    byte[] buffer = new byte[NvmlLibrary.DRIVER_VERSION_BUFFER_SIZE];
    int rc = call(() -> lib.nvmlSystemGetDriverVersion(buffer, buffer.length));
    check("nvmlSystemGetDriverVersion", rc);
    return cString(buffer);
  }

  /** {@code nvmlDeviceGetCount_v2}: the devices this process may see. */
  public int deviceCount() {
    IntByReference count = new IntByReference();
    int rc = call(() -> lib.nvmlDeviceGetCount_v2(count));
    check("nvmlDeviceGetCount_v2", rc);
    return count.getValue();
  }

  /**
   * {@code nvmlDeviceGetHandleByIndex_v2}. Indexes follow NVML's enumeration, which may differ
   * from {@code CUDA_VISIBLE_DEVICES} order.
   */
  public GpuDevice device(int index) {
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0, was " + index);
    }
    PointerByReference handle = new PointerByReference();
    int rc = call(() -> lib.nvmlDeviceGetHandleByIndex_v2(index, handle));
    check("nvmlDeviceGetHandleByIndex_v2", rc);
    Pointer pointer = handle.getValue();
    if (pointer == null) {
      throw new NvmlException("nvmlDeviceGetHandleByIndex_v2", NvmlReturn.UNKNOWN.code(), "null handle");
    }
    return new GpuDevice(this, lib, pointer, index);
  }

  /** Every device, in index order. */
  public List<GpuDevice> devices() {
    int count = deviceCount();
    List<GpuDevice> devices = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      devices.add(device(i));
    }
    return devices;
  }

  /** {@code nvmlErrorString}: the driver's text for a return code. */
  public String errorString(int code) {
    return describe(lib, code);
  }

  /** Whether {@link #close()} ran. */
  public boolean isClosed() {
    return closed.get();
  }

  /** Calls {@code nvmlShutdown} the first time; later calls do nothing. Never throws. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        lib.nvmlShutdown();
      } catch (LinkageError | RuntimeException e) {
        // Nothing to undo: the library is unusable anyway.
      }
    }
  }

  @Override
  public String toString() {
    return "Nvml{library=" + library + ", closed=" + closed.get() + "}";
  }

  /** Runs a native call, or answers UNINITIALIZED after close and FUNCTION_NOT_FOUND for an old driver. */
  int call(NativeCall c) {
    if (closed.get()) {
      return NvmlReturn.UNINITIALIZED.code();
    }
    try {
      return c.invoke();
    } catch (LinkageError e) {
      return NvmlReturn.FUNCTION_NOT_FOUND.code();
    }
  }

  void check(String function, int rc) {
    if (rc != 0) {
      throw new NvmlException(function, rc, closed.get() ? "NVML session closed" : describe(lib, rc));
    }
  }

  static String cString(byte[] buffer) {
    int n = 0;
    while (n < buffer.length && buffer[n] != 0) {
      n++;
    }
    return new String(buffer, 0, n, StandardCharsets.UTF_8);
  }

  private static String describe(NvmlLibrary lib, int rc) {
    try {
      String s = lib.nvmlErrorString(rc);
      return s == null ? "" : s;
    } catch (LinkageError | RuntimeException e) {
      return "";
    }
  }

  @FunctionalInterface
  interface NativeCall {
    int invoke();
  }
}
