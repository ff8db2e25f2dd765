package io.infersight.drift;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The {@code drift-report} command, for a CLI to delegate to: compares a current CSV with a
 * reference CSV or profile and prints the report. Exit code 0 when nothing drifted, 1 when a
 * feature drifted, 2 on bad input (with a message on {@code err} and no stack trace).
 *
 * <pre>{@code
 * int code = DriftReportCommand.run(new String[] {
 *     "--reference", "train.csv", "--current", "today.csv", "--format", "table"},
 *     System.out, System.err);
 * }</pre>
 *
 * @since 0.1.0
 */
public final class DriftReportCommand {
  /** Exit code when no feature drifted. */
  public static final int OK = 0;
  /** Exit code when at least one feature drifted. */
  public static final int DRIFTED = 1;
  /** Exit code on bad arguments or input. */
  public static final int BAD_INPUT = 2;

  static final String USAGE = String.join("\n",
      "Usage: drift-report --reference <ref.csv|profile.json> --current <cur.csv>",
      "                    [--categorical a,b] [--format json|table] [--psi-threshold 0.2]",
      "Compares each column of the current data with the reference and reports psi, ks, js,",
      "wasserstein, wasserstein_norm (numeric) or psi, js, chi2_p (categorical).",
      "Exit code: 0 nothing drifted, 1 a feature drifted (psi >= threshold), 2 bad input.");
  private static final Set<String> OPTIONS =
      Set.of("reference", "current", "categorical", "format", "psi-threshold");

  private DriftReportCommand() {}

  /** Runs the command; never throws for user mistakes and never calls {@code System.exit}. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    try {
      CommandLine cl = CommandLine.parse(args, OPTIONS);
      if (cl.help) {
        out.println(USAGE);
        return OK;
      }
      Path reference = Path.of(cl.required("reference"));
      Path current = Path.of(cl.required("current"));
      List<String> categorical = cl.list("categorical");
      String format = cl.options.getOrDefault("format", "json");
      if (!format.equals("json") && !format.equals("table")) {
        throw new DriftInputException("--format must be json or table, was '" + format + "'");
      }
      double threshold = parseThreshold(cl.options.getOrDefault("psi-threshold",
          Double.toString(DriftReport.DEFAULT_PSI_THRESHOLD)));
      Dataset cur = Dataset.parseCsv(read(current), current.toString(), categorical);
      String refText = read(reference);
      DriftReport report;
      if (isProfile(reference, refText)) {
        report = DriftReport.compare(ReferenceProfile.fromJson(refText, reference.toString()), cur, threshold);
      } else {
        report = DriftReport.compare(Dataset.parseCsv(refText, reference.toString(), categorical), cur, threshold);
      }
      for (String w : report.warnings()) {
        err.println("warning: " + w);
      }
      out.print(format.equals("json") ? report.toJson() + "\n" : report.toTable());
      out.flush();
      return report.drifted() ? DRIFTED : OK;
    } catch (DriftInputException e) {
      CommandLine.reportBadInput("drift-report", e, USAGE, err);
      return BAD_INPUT;
    } catch (IOException e) {
      err.println("drift-report: cannot read " + e.getMessage());
      return BAD_INPUT;
    }
  }

  static boolean isProfile(Path path, String text) {
    return path.toString().endsWith(".json") || text.stripLeading().startsWith("{");
  }

  static String read(Path path) throws IOException {
    if (Files.isDirectory(path)) {
      throw new DriftInputException(path + ": is a directory, not a file");
    }
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new DriftInputException(path + ": no such file", e);
    } catch (java.nio.charset.MalformedInputException e) {
      throw new DriftInputException(path + ": not UTF-8 text", e);
    }
  }

  private static double parseThreshold(String s) {
    try {
      double t = Double.parseDouble(s);
      if (t > 0 && Double.isFinite(t)) {
        return t;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new DriftInputException("--psi-threshold must be a positive number, was '" + s + "'");
  }
}
