package io.infersight.cli;

import io.infersight.drift.DriftReportCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code infersight drift-report}: exact drift statistics between two CSV files (see docs/drift.md). */
@Command(name = "drift-report", description = "Compare a current CSV (or profile) with a reference:"
    + " --reference ref.csv|profile.json --current cur.csv [--categorical a,b] [--format json|table]"
    + " [--psi-threshold 0.2]. Exit 0: no drift, 1: drift, 2: bad input.")
final class DriftReportSubcommand implements Callable<Integer> {
  @Unmatched
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() {
    return DriftReportCommand.run(args.toArray(new String[0]), System.out, System.err);
  }
}
