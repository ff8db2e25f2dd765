package io.infersight.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Extreme numbers through {@code profile} and {@code drift-report}: the same rules in both. */
class DriftCommandsInputRulesTest {
  @TempDir Path dir;
  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    return InfersightCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void valuesNearTheDoubleLimitGiveAFiniteMeanAndStdAndTheProfileRoundTrips() throws IOException {
    Path csv = Files.writeString(dir.resolve("huge.csv"),
        "x,y\n1.7e308,1\n1.7e308,2\n-1.7e308,3\n-1.7e308,4\n0.5,5\n0.5,6\n");
    Path json = dir.resolve("huge.json");
    assertThat(run("profile", "--data", csv.toString(), "--out", json.toString())).isZero();
    JsonNode x = new ObjectMapper().readTree(json.toFile()).get("features").get(0);
    assertThat(x.get("mean").isNumber()).as("mean %s", x.get("mean")).isTrue();
    assertThat(x.get("mean").asDouble()).isCloseTo(1.0 / 6, within(1e-12));
    assertThat(x.get("std").isNumber()).as("std %s", x.get("std")).isTrue();
    assertThat(x.get("std").asDouble()).isCloseTo(Math.sqrt(4.0 / 6) * 1.7e308, within(1e296));

    assertThat(run("drift-report", "--reference", json.toString(), "--current", csv.toString())).isZero();
    assertThat(err.toString()).doesNotContain("profile");
    assertThat(run("drift-report", "--reference", csv.toString(), "--current", csv.toString())).isZero();
  }

  @Test
  void aNumberBeyondTheDoubleRangeIsExitTwoNamingFileLineAndColumnInBothCommands() throws IOException {
    Path bad = Files.writeString(dir.resolve("ref.csv"), "amount,n\n1,1\n2,2\n1e400,3\n4,4\n");
    Path good = Files.writeString(dir.resolve("good.csv"), "amount,n\n1,1\n2,2\n3,3\n4,4\n");
    String message = "ref.csv line 4, column 'amount': 1e400 is beyond the range of a double";

    assertThat(run("profile", "--data", bad.toString(), "--out", dir.resolve("p.json").toString())).isEqualTo(2);
    assertThat(err.toString()).contains(message).doesNotContain("\tat ");
    assertThat(run("drift-report", "--reference", bad.toString(), "--current", good.toString())).isEqualTo(2);
    assertThat(err.toString()).contains(message).doesNotContain("constant", "\tat ");
    assertThat(run("drift-report", "--reference", good.toString(), "--current", bad.toString())).isEqualTo(2);
    assertThat(err.toString()).contains(message);
    Path profile = dir.resolve("good.json");
    assertThat(run("profile", "--data", good.toString(), "--out", profile.toString())).isZero();
    assertThat(run("drift-report", "--reference", profile.toString(), "--current", bad.toString())).isEqualTo(2);
    assertThat(err.toString()).contains(message);
  }
}
