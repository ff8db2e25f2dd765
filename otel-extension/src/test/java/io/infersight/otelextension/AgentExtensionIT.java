package io.infersight.otelextension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.infersight.testsupport.OtlpHttpReceiver;
import io.infersight.testsupport.OtlpReceiver;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The real OpenTelemetry Java agent (from Maven Central) with this module's extension jar,
 * attached to {@link AgentTestApp}, with a head-sampling ratio of 0: the failed and slow requests
 * are exported (kept after the fact, their {@code ml.inference} a child of the agent's server
 * span), the healthy ones are not, and the app builds no SDK of its own.
 */
class AgentExtensionIT {

  private static Path agentJar() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> e.contains("opentelemetry-javaagent")).map(Path::of).findFirst()
        .orElseThrow(() -> new AssertionError("opentelemetry-javaagent is a test dependency of this module"));
  }

  private static String appClassPath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> !e.contains("opentelemetry-javaagent"))
        .filter(e -> !Path.of(e).endsWith(Path.of("target", "classes")))
        .collect(Collectors.joining(File.pathSeparator));
  }

  @Test
  void failedAndSlowRequestsAreExportedUnderTheAgentAtRatioZeroAndHealthyOnesAreNot() throws Exception {
    String jar = System.getProperty("infersight.extension.jar");
    // Run by -Dtest in the default test execution as well: only the agent-it execution has the jar.
    Assumptions.assumeTrue(jar != null, "runs in the agent-it execution, after package");
    Path extension = Path.of(jar);
    assertThat(extension).as("the packaged extension (this test runs in verify, after package)").exists();
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start()) {
      List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-javaagent:" + agentJar(),
          "-Dotel.javaagent.extensions=" + extension.toAbsolutePath(),
          "-Dotel.exporter.otlp.endpoint=" + receiver.endpoint().replace("/v1/traces", ""),
          "-Dotel.exporter.otlp.protocol=http/protobuf",
          "-Dotel.traces.sampler.arg=0",
          "-Dotel.metrics.exporter=none",
          "-Dotel.logs.exporter=none",
          "-Dotel.bsp.schedule.delay=100",
          "-Dotel.service.name=agent-app",
          "-cp", appClassPath(), AgentTestApp.class.getName());
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.environment().keySet().removeIf(k -> k.startsWith("OTEL_"));
      Path log = Files.createTempFile("agent-app", ".log");
      Process app = pb.start();
      List<String> output = new ArrayList<>();
      int port;
      try {
        BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8));
        port = -1;
        for (String line; port < 0 && (line = out.readLine()) != null; ) {
          output.add(line);
          if (line.startsWith("port=")) {
            port = Integer.parseInt(line.substring(5));
          }
        }
        assertThat(port).as(String.join("\n", output)).isPositive();
        assertThat(output).as("no second SDK; the ratio the agent's sampler uses")
            .contains("usesAgent=true ratio=0.0");
        // Keep draining the app's output so that it never blocks on a full pipe.
        Thread drain = new Thread(() -> out.lines().forEach(l -> {
          try {
            Files.writeString(log, l + "\n", java.nio.file.StandardOpenOption.APPEND);
          } catch (java.io.IOException ignored) {
            // the log is a diagnostic
          }
        }), "agent-app-output");
        drain.setDaemon(true);
        drain.start();

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        Map<String, String[]> serverSpans = new LinkedHashMap<>();
        for (String kind : List.of("ok", "fail", "slow")) {
          for (int i = 0; i < 3; i++) {
            String id = kind + "-" + i;
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/" + kind + "?" + id)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            serverSpans.put(id, r.body().split(" "));
          }
        }
        await("the kept traces arrive").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
            assertThat(roots(receiver)).as("export calls %s, spans %s, app output:%n%s", receiver.calls,
                receiver.names(), Files.readString(log)).hasSizeGreaterThanOrEqualTo(6));
        // Exported while the app runs (schedule delay 100 ms); then it exits.
        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/quit")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(app.waitFor(60, TimeUnit.SECONDS)).as("the app exits").isTrue();

        Map<String, Span> roots = roots(receiver);
        assertThat(roots.keySet()).as(Files.readString(log))
            .containsExactlyInAnyOrder("fail-0", "fail-1", "fail-2", "slow-0", "slow-1", "slow-2");
        roots.forEach((id, root) -> {
          String[] server = serverSpans.get(id);
          assertThat(server[0]).as("the agent made a server span").matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
          assertThat(OtlpReceiver.hex(root.getTraceId())).isEqualTo(server[0]);
          assertThat(OtlpReceiver.hex(root.getParentSpanId())).as("ml.inference is a child of the server span")
              .isEqualTo(server[1]);
          assertThat(OtlpReceiver.strings(root.getAttributesList()))
              .containsEntry("infersight.kept_after_the_fact", id.startsWith("fail") ? "error" : "slow");
        });
        assertThat(receiver.spans()).extracting(s -> OtlpReceiver.hex(s.getTraceId()))
            .as("healthy requests at ratio 0: nothing exported")
            .doesNotContain(serverSpans.get("ok-0")[0], serverSpans.get("ok-1")[0], serverSpans.get("ok-2")[0]);
        assertThat(receiver.resource()).containsEntry("service.name", "agent-app");
      } finally {
        app.destroyForcibly();
      }
    }
  }

  private static Map<String, Span> roots(OtlpReceiver receiver) {
    Map<String, Span> out = new LinkedHashMap<>();
    for (Span s : receiver.spans()) {
      if (s.getName().equals("ml.inference")) {
        out.put(OtlpReceiver.strings(s.getAttributesList()).get("correlation_id"), s);
      }
    }
    return out;
  }
}
