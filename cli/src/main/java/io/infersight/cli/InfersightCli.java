package io.infersight.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code infersight} command: {@code demo}, {@code drift-report}, {@code profile},
 * {@code gpu-probe}. Argument errors print usage and exit 2, never a stack trace.
 */
@Command(name = "infersight", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
    description = "Observability for JVM model serving: the demo and the offline tools.",
    subcommands = {DemoCommand.class, DriftReportSubcommand.class, ProfileSubcommand.class,
        GpuProbeCommand.class})
public final class InfersightCli implements Runnable {
  /** Exit code for bad arguments or input. */
  static final int USAGE = 2;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: choose one of"
        + " demo, drift-report, profile, gpu-probe");
  }

  /** Runs the command line and returns its exit code (for tests). */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new InfersightCli());
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler((ex, a) -> {
      CommandLine c = ex.getCommandLine();
      c.getErr().println("error: " + ex.getMessage());
      c.usage(c.getErr());
      return USAGE;
    });
    cli.setExecutionExceptionHandler((ex, c, parsed) -> {
      c.getErr().println("error: " + ex.getMessage());
      return USAGE;
    });
    return cli.execute(args);
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int code;
    try {
      code = execute(args, out, err);
    } catch (OutOfMemoryError e) {
      // drift-report and profile name their files themselves; this catches the rest.
      err.println("infersight: out of memory with a maximum heap of "
          + (Runtime.getRuntime().maxMemory() >> 20) + " MiB; rerun with a larger -Xmx");
      code = USAGE;
    } catch (Error e) {
      // Never the JVM's exit code 1, which drift-report uses for "drift found".
      err.println("infersight: " + e);
      code = USAGE;
    }
    out.flush();
    err.flush();
    if (code != 0 || args.length == 0 || !"demo".equals(args[0])) {
      System.exit(code);
    }
  }
}
