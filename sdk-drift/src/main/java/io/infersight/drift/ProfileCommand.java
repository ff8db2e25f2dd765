package io.infersight.drift;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;

/**
 * The {@code profile} command, for a CLI to delegate to: builds a {@link ReferenceProfile} from a
 * training CSV and writes it as JSON. Exit code 0 on success, 2 on bad input (with a message on
 * {@code err} and no stack trace).
 *
 * <pre>{@code
 * int code = ProfileCommand.run(new String[] {"--data", "train.csv", "--out", "profile.json",
 *     "--score-column", "score"}, System.out, System.err);
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ProfileCommand {
  /** Exit code on success. */
  public static final int OK = 0;
  /** Exit code on bad arguments or input. */
  public static final int BAD_INPUT = 2;

  static final String USAGE = String.join("\n",
      "Usage: profile --data <train.csv> --out <profile.json> [--categorical a,b] [--score-column score]",
      "Builds a reference profile (bins at reference quantiles, categories, missing rates) for",
      "streaming drift and for drift-report --reference.");
  private static final Set<String> OPTIONS = Set.of("data", "out", "categorical", "score-column");

  private ProfileCommand() {}

  /** Runs the command; never throws for user mistakes and never calls {@code System.exit}. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    try {
      CommandLine cl = CommandLine.parse(args, OPTIONS);
      if (cl.help) {
        out.println(USAGE);
        return OK;
      }
      Path data = Path.of(cl.required("data"));
      Path target = Path.of(cl.required("out"));
      String scoreColumn = cl.options.get("score-column");
      Dataset dataset = Dataset.parseCsv(DriftReportCommand.read(data), data.toString(), cl.list("categorical"));
      ReferenceProfile profile = ReferenceProfile.fromDataset(dataset, scoreColumn);
      try {
        profile.save(target);
      } catch (IOException e) {
        throw new DriftInputException(target + ": cannot write (" + e.getClass().getSimpleName() + ")", e);
      }
      out.println("wrote " + target + ": " + profile.features().size() + " features"
          + (profile.score() == null ? "" : " and score '" + profile.score().name() + "'")
          + " from " + dataset.rowCount() + " rows");
      return OK;
    } catch (DriftInputException e) {
      CommandLine.reportBadInput("profile", e, USAGE, err);
      return BAD_INPUT;
    } catch (IOException e) {
      err.println("profile: cannot read " + e.getMessage());
      return BAD_INPUT;
    }
  }
}
