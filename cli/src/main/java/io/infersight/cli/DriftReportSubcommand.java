package io.infersight.cli;

import io.infersight.drift.DriftInputException;
import io.infersight.drift.DriftReport;
import io.infersight.drift.ReferenceProfile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code infersight drift-report}: drift statistics between a current CSV and a reference CSV or
 * profile (see docs/drift.md). The files are streamed, so memory does not grow with their rows.
 */
@Command(name = "drift-report", mixinStandardHelpOptions = true,
    description = {"Compare each column of a current CSV with a reference CSV or profile and report"
        + " psi, ks, js, wasserstein, wasserstein_norm (numeric) or psi, js, chi2_p (categorical).",
        "A reference ending in .json (or starting with '{') is a profile made by 'profile'."},
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
        "0:computed, nothing drifted",
        "1:computed, a feature drifted (psi >= --psi-threshold)",
        "2:nothing computed or written: bad arguments or input, an unreadable file, an unwritable --out,"
            + " or out of memory"})
final class DriftReportSubcommand implements Callable<Integer> {
  /** The output formats. */
  enum Format { json, table, html }

  @Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--reference", required = true, paramLabel = "<ref.csv|profile.json>",
      description = "The reference: training data as CSV, or a profile.")
  Path reference;

  @Option(names = "--current", required = true, paramLabel = "<cur.csv>", description = "The data to check, as CSV.")
  Path current;

  @Option(names = "--categorical", split = ",", paramLabel = "<column>",
      description = "Columns to compare as categories whatever they hold (comma-separated).")
  List<String> categorical = new ArrayList<>();

  @Option(names = "--format", defaultValue = "json", paramLabel = "json|table|html",
      description = {"Output format: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}",
          "html is one self-contained page with a chart per feature."})
  Format format;

  @Option(names = "--out", paramLabel = "<file>",
      description = "Write the report to this file (replaced) instead of standard output.")
  Path target;

  @Option(names = "--psi-threshold", defaultValue = "0.2", paramLabel = "<psi>",
      description = "A feature drifted when its PSI is at least this. Default: ${DEFAULT-VALUE}")
  double psiThreshold;

  @Override
  public Integer call() {
    if (!(psiThreshold > 0) || Double.isInfinite(psiThreshold)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--psi-threshold must be a positive number, was " + psiThreshold);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<String> columns = DriftFiles.columns(categorical);
    DriftReport report;
    try {
      report = DriftFiles.isProfile(reference)
          ? DriftReport.compare(DriftFiles.loadProfile(reference), current, columns, psiThreshold)
          : DriftReport.compare(reference, current, columns, psiThreshold);
    } catch (DriftInputException e) {
      err.println("drift-report: " + e.getMessage());
      return DriftFiles.NO_RESULT;
    } catch (OutOfMemoryError e) {
      err.println(DriftFiles.outOfMemory("drift-report", reference, current));
      return DriftFiles.NO_RESULT;
    }
    for (String w : report.warnings()) {
      err.println("warning: " + w);
    }
    String text = switch (format) {
      case json -> report.toJson() + "\n";
      case table -> report.toTable();
      case html -> report.toHtml();
    };
    if (target == null) {
      out.print(text);
    } else {
      try {
        Files.writeString(target, text, StandardCharsets.UTF_8);
      } catch (IOException e) {
        err.println("drift-report: cannot write " + target + ": " + e);
        err.flush();
        return DriftFiles.NO_RESULT;
      }
    }
    out.flush();
    err.flush();
    return report.drifted() ? 1 : 0;
  }
}
