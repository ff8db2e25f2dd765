package io.infersight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InfersightCliTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return InfersightCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void noCommandPrintsUsageAndExitsTwo() {
    assertThat(run()).isEqualTo(2);
    assertThat(err.toString()).contains("Missing command").contains("demo").doesNotContain("Exception");
  }

  @Test
  void unknownOptionsAndBadValuesExitTwoWithoutAStackTrace() {
    assertThat(run("demo", "--bogus")).isEqualTo(2);
    assertThat(run("demo", "--port", "abc")).isEqualTo(2);
    assertThat(run("demo", "--fault-after", "soon")).isEqualTo(2);
    assertThat(run("demo", "--scenario", "meteor")).isEqualTo(2);
    assertThat(run("demo", "--port", "70000")).isEqualTo(2);
    assertThat(err.toString()).contains("--bogus").contains("not a duration").contains("unknown scenario")
        .contains("--port must be").doesNotContain("\tat ");
  }

  @Test
  void helpListsTheCommandsAndDemoOptions() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("demo", "drift-report", "profile", "gpu-probe");
    assertThat(run("demo", "--help")).isZero();
    assertThat(out.toString()).contains("--rps", "--scenario", "--fault-after", "--duration", "--otlp-endpoint");
  }

  @Test
  void driftReportWithoutArgumentsIsABadInput() {
    assertThat(run("drift-report")).isEqualTo(2);
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
}
