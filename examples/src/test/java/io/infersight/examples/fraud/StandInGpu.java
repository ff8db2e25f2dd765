package io.infersight.examples.fraud;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import io.infersight.testsupport.StandInNvml;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Builds sdk-gpu's stand-in libnvidia-ml (real NVML symbols and structs, in C) with {@link
 * StandInNvml} and loads one GPU into it, so the demo's GPU panels and alerts have data on a
 * machine without a GPU.
 */
final class StandInGpu {
  /**
   * Held for the life of the JVM: JNA closes a library whose NativeLibrary is collected, and a
   * reloaded stand-in forgets the world configured here.
   */
  private static NativeLibrary loaded;

  private StandInGpu() {}

  /** Compiles the library, configures one healthy GPU and points Infersight at it. */
  static synchronized Path install() throws IOException {
    Path lib = StandInNvml.library();
    Path world = StandInNvml.scenario(
        "driver=550.54.15", "count=1",
        "gpu.0.name=NVIDIA A10G (stand-in)", "gpu.0.uuid=GPU-00000000-0000-0000-0000-000000000001",
        "gpu.0.util.gpu=55", "gpu.0.util.memory=30", "gpu.0.temperature=61", "gpu.0.power=148000",
        "gpu.0.clock.sm=1695", "gpu.0.clock.memory=6251",
        "gpu.0.memory.total=25769803776", "gpu.0.memory.used=9663676416",
        "gpu.0.memory.free=16106127360", "gpu.0.processes=" + ProcessHandle.current().pid() + ":2147483648");
    loaded = NativeLibrary.getInstance(lib.toString());
    Function configure = loaded.getFunction("infersight_stub_configure");
    int rc = configure.invokeInt(new Object[] {world.toString()});
    if (rc != 0) {
      throw new AssertionError("stand-in NVML refused " + world + " (" + rc + ")");
    }
    System.setProperty("infersight.nvml.library", lib.toString());
    return lib;
  }
}
