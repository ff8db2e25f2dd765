package io.infersight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code drift-report} and {@code profile} through the real command line, in process. */
class DriftCommandsTest {
  @TempDir Path dir;
  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    return InfersightCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
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
    assertThat(run("drift-report", "--reference", ref.toString(), "--current", ref.toString())).isZero();
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void exitsOneWithJsonWhenAFeatureDrifted() throws Exception {
    Path ref = csv("ref.csv", rows(0));
    Path cur = csv("cur.csv", rows(20));
    assertThat(run("drift-report", "--reference", ref.toString(), "--current", cur.toString())).isEqualTo(1);
    var json = new ObjectMapper().readTree(out.toString());
    assertThat(json.get("drifted").asBoolean()).isTrue();
    assertThat(json.get("features").get(0).get("name").asText()).isEqualTo("amount");
  }

  @Test
  void printsATableAndHonoursThePsiThreshold() throws IOException {
    Path ref = csv("ref.csv", rows(0));
    Path cur = csv("cur.csv", rows(20));
    assertThat(run("drift-report", "--reference", ref.toString(), "--current", cur.toString(),
        "--format", "table", "--psi-threshold=100")).isZero();
    assertThat(out.toString()).contains("0 of 2 features drifted (psi >= 100.0)");
  }

  @Test
  void printsHtmlToStdoutOrWritesItToOutWithTheSameExitCodes() throws IOException {
    Path ref = csv("ref.csv", rows(0));
    Path cur = csv("cur.csv", rows(20));
    assertThat(run("drift-report", "--reference", ref.toString(), "--current", cur.toString(), "--format", "html"))
        .isEqualTo(1);
    assertThat(out.toString()).startsWith("<!DOCTYPE html>").contains("data-feature=\"amount\" data-drifted=\"true\"");
    Path page = dir.resolve("report.html");
    assertThat(run("drift-report", "--reference", ref.toString(), "--current", ref.toString(), "--format", "html",
        "--out", page.toString())).isZero();
    assertThat(out.toString()).isEmpty();
    assertThat(Files.readString(page)).contains("No drift: 0 of 2 features drifted");
    assertThat(run("drift-report", "--reference", ref.toString(), "--current", cur.toString(), "--format", "html",
        "--out", dir.resolve("missing-dir").resolve("report.html").toString())).isEqualTo(2);
    assertThat(err.toString()).startsWith("drift-report: cannot write ").doesNotContain("\tat ");
  }

  @Test
  void acceptsAProfileAsTheReference() throws IOException {
    Path train = csv("train.csv", rows(0));
    Path json = dir.resolve("profile.json");
    assertThat(run("profile", "--data", train.toString(), "--out", json.toString(), "--categorical", "country"))
        .isZero();
    assertThat(out.toString()).contains("2 features", "200 rows");
    assertThat(run("drift-report", "--reference", json.toString(), "--current", csv("cur.csv", rows(20)).toString()))
        .isEqualTo(1);
    assertThat(run("drift-report", "--reference", json.toString(), "--current", train.toString())).isZero();
    Path sniffed = Files.writeString(dir.resolve("profile.txt"), "\n  " + Files.readString(json));
    assertThat(run("drift-report", "--reference", sniffed.toString(), "--current", train.toString())).isZero();
  }

  @Test
  void exitsTwoWithOneMessageAndNoStackTraceOnBadInput() throws IOException {
    Path good = csv("good.csv", rows(0));
    Path empty = csv("empty.csv", "");
    Path ragged = csv("ragged.csv", "amount,country\n1,DE\n3\n");
    Path other = csv("other.csv", "amount,city\n1,x\n");
    Path allMissing = csv("missing.csv", "amount,country\n,DE\nNaN,FR\n");

    assertBad(run("drift-report", "--reference", empty.toString(), "--current", good.toString()),
        "the file is empty");
    assertBad(run("drift-report", "--reference", good.toString(), "--current", ragged.toString()),
        "line 3: 1 cells");
    assertBad(run("drift-report", "--reference", good.toString(), "--current", other.toString()),
        "columns differ");
    assertBad(run("drift-report", "--reference", good.toString(), "--current", allMissing.toString()),
        "column 'amount' has no values (all missing)");
    assertBad(run("drift-report", "--reference", dir.resolve("nope.csv").toString(), "--current", good.toString()),
        "nope.csv: no such file");
    assertBad(run("drift-report", "--reference", dir.resolve("nope.json").toString(), "--current", good.toString()),
        "nope.json: no such file");
    assertBad(run("drift-report", "--reference", csv("bad.json", "{\"format\":1}").toString(), "--current",
        good.toString()), "not an Infersight drift profile");
    assertBad(run("drift-report", "--reference", dir.toString(), "--current", good.toString()),
        "is a directory");
    Path latin1 = Files.write(dir.resolve("latin1.csv"), new byte[] {'a', '\n', 'M', (byte) 0xFC, 'n', '\n'});
    assertBad(run("drift-report", "--reference", good.toString(), "--current", latin1.toString()),
        "latin1.csv: not UTF-8 text");
    assertBad(run("profile", "--data", csv("open.csv", "amount\n1\n\"2\n3\n").toString(), "--out",
        dir.resolve("o.json").toString()), "open.csv line 3: a quoted cell is not closed");
    assertBad(run("profile", "--data", good.toString(), "--out", dir.resolve("p.json").toString(),
        "--score-column", "s"), "no column named 's'");
    assertBad(run("profile", "--data", good.toString(), "--out", dir.toString()), "cannot write");
  }

  @Test
  void exitsTwoOnArgumentErrorsWithUsage() throws IOException {
    Path good = csv("good.csv", rows(0));
    assertBad(run("drift-report", "--current", good.toString()), "Missing required option: '--reference");
    assertThat(err.toString()).contains("Usage: infersight drift-report");
    assertBad(run("drift-report", "--reference", good.toString(), "--current", good.toString(), "--format", "xml"),
        "--format");
    assertBad(run("drift-report", "--reference", good.toString(), "--current", good.toString(), "--bogus"),
        "Unknown option: '--bogus'");
    assertBad(run("drift-report", "--reference"), "Missing required parameter for option '--reference'");
    assertBad(run("drift-report", "--reference", good.toString(), "--current", good.toString(),
        "--psi-threshold", "-1"), "--psi-threshold must be a positive number");
    assertBad(run("profile", "--data", good.toString()), "Missing required option: '--out");
  }

  @Test
  void helpStatesTheExitCodes() {
    assertThat(run("drift-report", "--help")).isZero();
    assertThat(out.toString()).contains("--reference", "--psi-threshold", "Exit codes:",
        "0   computed, nothing drifted", "1   computed, a feature drifted", "2   nothing computed");
    assertThat(run("profile", "-h")).isZero();
    assertThat(out.toString()).contains("--data", "--score-column", "Exit codes:", "0   profile written", "2   nothing written");
  }

  private void assertBad(int code, String message) {
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains(message).doesNotContain("Exception", "\tat ");
  }
}
