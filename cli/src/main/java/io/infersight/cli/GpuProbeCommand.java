package io.infersight.cli;

import io.infersight.gpu.GpuProbe;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code infersight gpu-probe}: what NVML sees, like {@code nvidia-smi --query-gpu}. */
@Command(name = "gpu-probe", description = "Print what NVML sees (CSV or JSON). Try --help.")
final class GpuProbeCommand implements Callable<Integer> {
  @Unmatched
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() {
    return GpuProbe.run(args.toArray(new String[0]), System.out, System.err);
  }
}
