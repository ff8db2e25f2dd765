package io.infersight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InfersightCliTest {

  /** One invocation's exit code and what it printed; every run gets its own buffers. */
  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = InfersightCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void noCommandPrintsUsageAndExitsTwo() {
    Run r = run();
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("Missing command").contains("demo").doesNotContain("Exception");
  }

  @Test
  void eachBadOptionOrValueExitsTwoNamingTheProblemWithoutAStackTrace() {
    assertBadInput(run("demo", "--bogus"), "--bogus");
    assertBadInput(run("demo", "--port", "abc"), "'abc'");
    assertBadInput(run("demo", "--fault-after", "soon"), "not a duration");
    assertBadInput(run("demo", "--scenario", "meteor"), "unknown scenario");
    assertBadInput(run("demo", "--port", "70000"), "--port must be");
  }

  private static void assertBadInput(Run r, String message) {
    assertThat(r.code()).as("exit code; stderr: %s", r.err()).isEqualTo(2);
    assertThat(r.err()).contains("error: ").contains(message).doesNotContain("\tat ");
  }

  @Test
  void helpListsTheCommandsAndDemoOptions() {
    Run top = run("--help");
    assertThat(top.code()).isZero();
    assertThat(top.out()).contains("demo", "drift-report", "profile", "gpu-probe");
    Run demo = run("demo", "--help");
    assertThat(demo.code()).isZero();
    assertThat(demo.out()).contains("--rps", "--scenario", "--fault-after", "--duration", "--otlp-endpoint");
  }

  @Test
  void versionIsTheBuildsOnTheCommandAndOnDemo() {
    String expected = "infersight " + System.getProperty("infersight.expectedVersion");
    assertThat(System.getProperty("infersight.expectedVersion")).as("set by cli/pom.xml").isNotBlank();
    Run top = run("--version");
    assertThat(top.code()).isZero();
    assertThat(top.out().strip()).isEqualTo(expected);
    Run demo = run("demo", "--version");
    assertThat(demo.code()).isZero();
    assertThat(demo.out().strip()).isEqualTo(expected);
  }

  @Test
  void driftReportWithoutArgumentsIsABadInputNamingTheMissingOption() {
    // drift-report may write its message through picocli or to System.err: read both.
    PrintStream systemErr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    Run r;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      r = run("drift-report");
    } finally {
      System.setErr(systemErr);
    }
    String err = r.err() + captured.toString(StandardCharsets.UTF_8);
    assertThat(r.code()).isEqualTo(2);
    assertThat(err.toLowerCase(java.util.Locale.ROOT)).contains("missing required").contains("--reference");
  }

  @Test
  void readsDurationsInTheUsualShortForms() {
    DurationConverter c = new DurationConverter();
    assertThat(c.convert("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(c.convert("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.convert("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(c.convert("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(c.convert("0")).isEqualTo(Duration.ZERO);
    assertThat(c.convert("PT3M")).isEqualTo(Duration.ofMinutes(3));
  }

  @Test
  void gpuProbeWithoutNvmlExitsOneAndPrintsTheJsonVerdict() {
    Run json = run("gpu-probe", "--format", "json", "--library", "/nonexistent/libnvidia-ml.so.1");
    assertThat(json.code()).isEqualTo(1);
    assertThat(json.out()).startsWith("{\"available\":false,\"library\":\"/nonexistent/libnvidia-ml.so.1\"")
        .contains("\"gpus\":[]");
    assertThat(json.err()).contains("gpu-probe: no GPU available");
    Run csv = run("gpu-probe", "--library=/nonexistent/libnvidia-ml.so.1");
    assertThat(csv.code()).isEqualTo(1);
    assertThat(csv.out()).isEmpty();
  }

  @Test
  void gpuProbeRejectsBadArgumentsAndPrintsItsHelp() {
    assertBadInput(run("gpu-probe", "--format", "xml"), "xml");
    assertBadInput(run("gpu-probe", "--bogus"), "--bogus");
    assertBadInput(run("gpu-probe", "--library"), "--library");
    Run help = run("gpu-probe", "--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("--format", "--library", "csv, json", "INFERSIGHT_NVML_LIBRARY");
  }
}
