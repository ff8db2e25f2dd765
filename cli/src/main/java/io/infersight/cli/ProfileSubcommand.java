package io.infersight.cli;

import io.infersight.drift.DriftInputException;
import io.infersight.drift.FeatureProfile;
import io.infersight.drift.ReferenceProfile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code infersight profile}: a drift reference profile from training data (see docs/drift.md).
 * The file is streamed, so memory does not grow with its rows.
 */
@Command(name = "profile", mixinStandardHelpOptions = true,
    description = {"Build a reference profile (bins at reference quantiles, categories, missing rates)"
        + " for streaming drift and for drift-report --reference."},
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
        "0:profile written",
        "2:nothing written: bad arguments or input, an unreadable file or unwritable output, or out of"
            + " memory"})
final class ProfileSubcommand implements Callable<Integer> {
  @Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--data", required = true, paramLabel = "<train.csv>", description = "Training data as CSV.")
  Path data;

  @Option(names = "--out", required = true, paramLabel = "<profile.json>", description = "Where to write the profile.")
  Path target;

  @Option(names = "--categorical", split = ",", paramLabel = "<column>",
      description = "Columns to profile as categories whatever they hold (comma-separated).")
  List<String> categorical = new ArrayList<>();

  @Option(names = "--score-column", paramLabel = "<column>",
      description = "The column holding the model's prediction score.")
  String scoreColumn;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ReferenceProfile profile;
    try {
      profile = ReferenceProfile.fromCsv(data, DriftFiles.columns(categorical), scoreColumn);
    } catch (DriftInputException e) {
      err.println("profile: " + e.getMessage());
      return DriftFiles.NO_RESULT;
    } catch (OutOfMemoryError e) {
      err.println(DriftFiles.outOfMemory("profile", data));
      return DriftFiles.NO_RESULT;
    }
    try {
      profile.save(target);
    } catch (IOException e) {
      String reason = e instanceof FileSystemException && ((FileSystemException) e).getReason() != null
          ? ((FileSystemException) e).getReason() : e.getClass().getSimpleName();
      err.println("profile: " + target + ": cannot write (" + reason + ")");
      return DriftFiles.NO_RESULT;
    }
    FeatureProfile any = profile.features().isEmpty() ? profile.score() : profile.features().get(0);
    out.println("wrote " + target + ": " + profile.features().size() + " features"
        + (profile.score() == null ? "" : " and score '" + profile.score().name() + "'")
        + " from " + (any.count() + any.missing()) + " rows");
    return 0;
  }
}
