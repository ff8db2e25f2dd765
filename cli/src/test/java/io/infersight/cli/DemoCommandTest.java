package io.infersight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code infersight demo}'s option checks, run as the real command. */
class DemoCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return InfersightCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void notANumberRpsExitsTwoWithAMessageInAProcessOfItsOwn() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
        InfersightCli.class.getName(), "demo", "--rps", "NaN", "--port", "0", "--duration", "1s"))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.PIPE).start();
    byte[] stderr = p.getErrorStream().readAllBytes();
    // Generous: a JVM start, not a demo run (that trains a model first).
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();

    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(new String(stderr, StandardCharsets.UTF_8))
        .contains("--rps must be a number from 0 to 5000, was NaN").doesNotContain("\tat ")
        .doesNotContain("trained");
  }

  @Test
  void otherImpossibleValuesExitTwoNamingTheOption() {
    assertThat(run("demo", "--rps", "Infinity")).isEqualTo(2);
    assertThat(run("demo", "--rps", "-1")).isEqualTo(2);
    assertThat(run("demo", "--request-timeout", "0")).isEqualTo(2);
    assertThat(run("demo", "--bind", "[::1")).isEqualTo(2);
    assertThat(run("demo", "--observer", "none")).isEqualTo(2);
    assertThat(err.toString()).contains("was Infinity", "was -1.0", "--request-timeout must be positive", "--bind",
            "--observer must be default or noop")
        .doesNotContain("\tat ");
  }

  @Test
  void helpDescribesTheBindAddressTheAdminEndpointAndTheTimeout() {
    assertThat(run("demo", "--help")).isZero();
    assertThat(out.toString().replaceAll("\\s+", " "))
        .contains("--bind", "Default: 127.0.0.1", "--admin", "token printed at start", "--request-timeout",
            "--observer", "noop");
  }

  @Test
  void nativeHistogramsAreOffByDefaultAndTheHelpSaysWhatPrometheusNeeds() {
    DemoCommand off = new DemoCommand();
    new CommandLine(off).parseArgs();
    DemoCommand on = new DemoCommand();
    new CommandLine(on).parseArgs("--native-histograms");
    assertThat(off.nativeHistograms).isFalse();
    assertThat(on.nativeHistograms).isTrue();

    assertThat(run("demo", "--help")).isZero();
    assertThat(out.toString().replaceAll("\\s+", " "))
        .contains("--native-histograms", "--enable-feature=native-histograms",
            "The classic buckets stay for text and OpenMetrics scrapes", "Off by default");
  }

  // ---- serving-pattern workloads ----

  @Test
  void impossibleWorkloadSettingsExitTwoNamingTheOption() {
    assertThat(run("demo", "--workload", "llama")).isEqualTo(2);
    assertThat(run("demo", "--workload", "batch", "--max-batch-size", "0")).isEqualTo(2);
    assertThat(run("demo", "--workload", "batch", "--max-batch-wait", "1h")).isEqualTo(2);
    assertThat(err.toString()).contains("--workload: unknown workload 'llama'", "--max-batch-size must be 1-256",
        "--max-batch-wait must be 0-10s").doesNotContain("\tat ");
  }

  @Test
  void helpDescribesTheWorkloads() {
    assertThat(run("demo", "--help")).isZero();
    assertThat(out.toString().replaceAll("\\s+", " "))
        .contains("--workload", "fraud (one forward pass a request), batch", "--max-batch-size", "--max-batch-wait",
            "Default: fraud");
  }
}
