package io.infersight.cli;

import io.infersight.drift.ProfileCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code infersight profile}: a reference profile from training data (see docs/drift.md). */
@Command(name = "profile", description = "Build a drift reference profile: --data train.csv --out"
    + " profile.json [--categorical a,b] [--score-column name].")
final class ProfileSubcommand implements Callable<Integer> {
  @Unmatched
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() {
    return ProfileCommand.run(args.toArray(new String[0]), System.out, System.err);
  }
}
