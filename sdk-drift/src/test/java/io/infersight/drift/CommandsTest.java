package io.infersight.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandsTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int report(String... args) {
    return DriftReportCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private int profile(String... args) {
    return ProfileCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private Path csv(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  private static String rows(double shift) {
    StringBuilder sb = new StringBuilder("amount,country\n");
    for (int i = 0; i < 200; i++) {
      sb.append(i % 50 + shift).append(',').append(i % 3 == 0 ? "DE" : "FR").append('\n');
    }
    return sb.toString();
  }

  @Test
  void exitsZeroWhenNothingDrifted() throws IOException {
    Path ref = csv("ref.csv", rows(0));
    assertThat(report("--reference", ref.toString(), "--current", ref.toString())).isZero();
    assertThat(err()).isEmpty();
  }

  @Test
  void exitsOneWithJsonWhenAFeatureDrifted() throws Exception {
    Path ref = csv("ref.csv", rows(0));
    Path cur = csv("cur.csv", rows(20));
    assertThat(report("--reference", ref.toString(), "--current", cur.toString())).isEqualTo(1);
    var json = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    assertThat(json.get("drifted").asBoolean()).isTrue();
    assertThat(json.get("features").get(0).get("name").asText()).isEqualTo("amount");
  }

  @Test
  void printsATableAndHonoursThePsiThreshold() throws IOException {
    Path ref = csv("ref.csv", rows(0));
    Path cur = csv("cur.csv", rows(20));
    assertThat(report("--reference", ref.toString(), "--current", cur.toString(), "--format", "table",
        "--psi-threshold=100")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("0 of 2 features drifted (psi >= 100.0)");
  }

  @Test
  void acceptsAProfileAsTheReference() throws IOException {
    Path train = csv("train.csv", rows(0));
    Path json = dir.resolve("profile.json");
    assertThat(profile("--data", train.toString(), "--out", json.toString(), "--categorical", "country")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("2 features", "200 rows");
    out.reset();
    assertThat(report("--reference", json.toString(), "--current", csv("cur.csv", rows(20)).toString())).isEqualTo(1);
    assertThat(report("--reference", json.toString(), "--current", train.toString())).isZero();
  }

  @Test
  void exitsTwoWithAMessageAndNoStackTraceOnBadInput() throws IOException {
    Path good = csv("good.csv", rows(0));
    Path empty = csv("empty.csv", "");
    Path ragged = csv("ragged.csv", "a,b\n1,2\n3\n");
    Path other = csv("other.csv", "amount,city\n1,x\n");
    Path allMissing = csv("missing.csv", "amount,country\n,DE\nNaN,FR\n");

    assertBad(report("--reference", empty.toString(), "--current", good.toString()), "the file is empty");
    assertBad(report("--reference", good.toString(), "--current", ragged.toString()), "line 3: 1 cells");
    assertBad(report("--reference", good.toString(), "--current", other.toString()), "columns differ");
    assertBad(report("--reference", good.toString(), "--current", allMissing.toString()),
        "column 'amount' has no values (all missing)");
    assertBad(report("--reference", dir.resolve("nope.csv").toString(), "--current", good.toString()),
        "nope.csv: no such file");
    assertBad(report("--reference", csv("bad.json", "{\"format\":1}").toString(), "--current", good.toString()),
        "not an Infersight drift profile");
  }

  @Test
  void exitsTwoOnArgumentErrorsWithUsage() throws IOException {
    Path good = csv("good.csv", rows(0));
    int code = report("--current", good.toString());
    assertThat(err()).contains("Usage: drift-report");
    assertBad(code, "missing required option --reference");
    assertBad(report("--reference", good.toString(), "--current", good.toString(), "--format", "xml"),
        "--format must be json or table");
    assertBad(report("--bogus", "1"), "unknown option --bogus");
    assertBad(report("--reference"), "option --reference needs a value");
    assertBad(report("--reference", good.toString(), "--current", good.toString(), "--psi-threshold", "-1"),
        "--psi-threshold must be a positive number");
    assertBad(profile("--data", good.toString()), "missing required option --out");
    assertBad(profile("--data", good.toString(), "--out", dir.resolve("p.json").toString(), "--score-column", "s"),
        "no column named 's'");
  }

  @Test
  void printsUsageOnHelp() {
    assertThat(report("--help")).isZero();
    assertThat(profile("-h")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: drift-report", "Usage: profile");
  }

  private void assertBad(int code, String message) {
    assertThat(code).isEqualTo(2);
    assertThat(err()).contains(message).doesNotContain("Exception", "\tat ");
    err.reset();
  }
}
