package io.infersight.cli;

import io.infersight.gpu.GpuProbe;
import io.infersight.gpu.GpuSnapshot;
import io.infersight.gpu.Nvml;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code infersight gpu-probe}: what NVML sees, like {@code nvidia-smi --query-gpu}. */
@Command(name = "gpu-probe", mixinStandardHelpOptions = true,
    description = {"Print each GPU NVML sees, as CSV (like nvidia-smi --query-gpu) or JSON.",
        "Library: --library, else -D" + Nvml.LIBRARY_PROPERTY + ", else $" + Nvml.LIBRARY_ENV
            + ", else the driver's NVML."},
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
        "0:at least one GPU listed",
        "1:no GPU: NVML missing, failing to start, or seeing no GPU",
        "2:bad arguments"})
final class GpuProbeCommand implements Callable<Integer> {
  /** Exit code when no GPU could be listed. */
  static final int NO_GPU = 1;

  /** The output formats. */
  enum Format { csv, json }

  @Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--format", defaultValue = "csv", paramLabel = "csv|json",
      description = "Output format: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}")
  Format format;

  @Option(names = "--library", paramLabel = "<path>", description = "The NVML library to load.")
  String library;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    GpuSnapshot s = library == null ? GpuProbe.snapshot() : GpuProbe.snapshot(library);
    if (format == Format.json || s.available()) {
      out.print(format == Format.json ? s.toJson() : s.toCsv());
      out.flush();
    }
    if (!s.available()) {
      spec.commandLine().getErr().println("gpu-probe: no GPU available: " + s.error());
      return NO_GPU;
    }
    return 0;
  }
}
