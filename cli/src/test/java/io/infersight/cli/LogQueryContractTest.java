package io.infersight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The on-call contract between the docs and what the code writes: every LogQL query in README.md,
 * docs/**.md and the alert descriptions of docs/prometheus/alerts.yml parses, uses only stream
 * labels that the shipped docs/loki/promtail.yml sets, selects only events written at the
 * documented INFO level, and reads only fields that those events carry. The events are real: the
 * JSON lines on stdout of {@code infersight demo --scenario cache-outage} run as a separate
 * process, exactly as promtail would read them. During the outage the test sends a few invalid
 * requests (rejected) and then switches the demo to the errors scenario through its admin endpoint,
 * so that {@code inference_failed} lines exist too.
 */
class LogQueryContractTest {
  private static final Path ROOT = Path.of("..");
  private static final Path DOCS = ROOT.resolve("docs");
  private static final ObjectMapper JSON = new ObjectMapper();
  /** What a query's {@code {{ $labels.model_name }}} becomes: the demo's model. */
  private static final String MODEL = "fraud-detector";

  /** Fields (as Loki's {@code | json} names them) and their JSON types, per event ("" for lines without one). */
  private static final Map<String, Map<String, Set<String>>> FIELDS = new TreeMap<>();
  /** The values seen per field, for fields that promtail turns into labels. */
  private static final Map<String, Set<String>> VALUES = new TreeMap<>();
  private static final List<JsonNode> LINES = new ArrayList<>();

  @BeforeAll
  static void runTheDemosCacheOutage() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path stderrFile = Path.of("target", "logql-demo-stderr.txt");
    Files.createDirectories(stderrFile.getParent());
    Process demo = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        InfersightCli.class.getName(), "demo", "--port", "0", "--rps", "40", "--scenario", "cache-outage",
        "--fault-after", "0s", "--status-every", "1m", "--admin")
        .directory(Files.createTempDirectory("infersight-logql").toFile())
        .start();
    // Enough kept request lines that every field of the event shows up.
    CountDownLatch completeLines = new CountDownLatch(30);
    CountDownLatch failedLines = new CountDownLatch(3);
    CompletableFuture<List<String>> stdout = CompletableFuture.supplyAsync(() -> readAll(demo.getInputStream(),
        line -> {
          if (line.contains("\"event\":\"inference_complete\"")) {
            completeLines.countDown();
          } else if (line.contains("\"event\":\"inference_failed\"")) {
            failedLines.countDown();
          }
        }));
    CompletableFuture<List<String>> stderr = new CompletableFuture<>();
    CompletableFuture<Integer> port = new CompletableFuture<>();
    CompletableFuture<String> adminToken = new CompletableFuture<>();
    Thread errReader = new Thread(() -> {
      List<String> lines = new ArrayList<>();
      Pattern url = Pattern.compile("on http://[^:/]+:(\\d+)");
      Pattern token = Pattern.compile("Authorization: Bearer ([^']+)'");
      try (BufferedReader r = new BufferedReader(new InputStreamReader(demo.getErrorStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          lines.add(line);
          Files.writeString(stderrFile, line + "\n", StandardCharsets.UTF_8,
              StandardOpenOption.CREATE, StandardOpenOption.APPEND);
          Matcher m = url.matcher(line);
          if (m.find()) {
            port.complete(Integer.parseInt(m.group(1)));
          }
          Matcher t = token.matcher(line);
          if (t.find()) {
            adminToken.complete(t.group(1));
          }
        }
      } catch (IOException e) {
        port.completeExceptionally(e);
      }
      port.completeExceptionally(new IllegalStateException("the demo printed no URL: " + lines));
      adminToken.completeExceptionally(new IllegalStateException("the demo printed no admin token: " + lines));
      stderr.complete(lines);
    }, "demo-stderr");
    Files.deleteIfExists(stderrFile);
    errReader.start();
    try {
      int p = port.get(90, TimeUnit.SECONDS);
      // Invalid payments during the outage: refused by validation (status "rejected", answered 400);
      // their inference_rejected lines are sampled like successes.
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10)).build();
      int rejected = 0;
      for (int i = 0; i < 5; i++) {
        HttpRequest bad = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p + "/predict"))
            .timeout(Duration.ofSeconds(20))
            .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"u-" + i + "\",\"amount\":-1,"
                + "\"merchantCategory\":\"grocery\",\"hour\":12,\"cardPresent\":true,\"foreign\":false}"))
            .build();
        try {
          if (http.send(bad, HttpResponse.BodyHandlers.ofString()).statusCode() == 400) {
            rejected++;
          }
        } catch (IOException e) {
          // A busy shared machine can reset one connection; the lines of the others suffice.
          System.err.println("invalid request " + i + " not delivered: " + e);
        }
      }
      assertThat(rejected).as("invalid requests answered 400").isPositive();
      // About 3 of 40 requests a second keep their line (traced 10%, sampled 1%).
      assertThat(completeLines.await(90, TimeUnit.SECONDS)).as("30 inference_complete lines on stdout").isTrue();
      // Then model failures, through the token-guarded admin endpoint: inference_failed lines (WARN,
      // always written) with the fields of a request served during the outage.
      HttpRequest errors = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p + "/admin/fault"))
          .timeout(Duration.ofSeconds(20))
          .header("Authorization", "Bearer " + adminToken.get(10, TimeUnit.SECONDS))
          .POST(HttpRequest.BodyPublishers.ofString("{\"scenario\":\"errors\"}"))
          .build();
      assertThat(http.send(errors, HttpResponse.BodyHandlers.ofString()).statusCode())
          .as("the admin endpoint switches to the errors scenario").isEqualTo(200);
      assertThat(failedLines.await(90, TimeUnit.SECONDS)).as("3 inference_failed lines on stdout").isTrue();
      // SIGTERM through the handle, which leaves the pipes open (Process.destroy closes them): the
      // demo's shutdown hook closes the observer, which flushes every accepted line.
      demo.toHandle().destroy();
      assertThat(demo.waitFor(60, TimeUnit.SECONDS)).as("the demo stops on SIGTERM").isTrue();
    } finally {
      if (demo.isAlive()) {
        demo.destroyForcibly();
      }
      Files.write(Path.of("target", "logql-demo-stdout.txt"), stdout.getNow(List.of()), StandardCharsets.UTF_8);
    }
    List<String> out = stdout.get(30, TimeUnit.SECONDS);
    Files.write(Path.of("target", "logql-demo-stdout.txt"), out, StandardCharsets.UTF_8);
    for (String line : out) {
      JsonNode node;
      try {
        node = JSON.readTree(line);
      } catch (IOException e) {
        continue;
      }
      if (node == null || !node.isObject()) {
        continue;
      }
      LINES.add(node);
      Map<String, Set<String>> fields = FIELDS.computeIfAbsent(node.path("event").asText(""), e -> new TreeMap<>());
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        String name = lokiName(f.getKey());
        fields.computeIfAbsent(name, k -> new TreeSet<>()).add(f.getValue().getNodeType().name());
        if (f.getValue().isValueNode()) {
          VALUES.computeIfAbsent(name, k -> new TreeSet<>()).add(f.getValue().asText());
        }
      }
    }
    assertThat(FIELDS).as("events on the demo's stdout (stderr: %s)", stderr.getNow(List.of()))
        .containsKeys("inference_complete", "inference_failed");
  }

  @Test
  void theDemoWritesTheDocumentedEventsAtInfoWithTheFieldsTheOnCallQueriesRead() {
    assertThat(VALUES.get("level")).as("levels written with the documented INFO root").doesNotContain("DEBUG", "TRACE");
    assertThat(FIELDS).as("DEBUG events are not written at INFO").doesNotContainKeys("features_retrieved",
        "inference_request_received");
    assertThat(FIELDS.get("inference_complete")).containsKeys("cache_hit", "feature_age_ms", "total_ms",
        "correlation_id", "trace_id", "span_id", "model_name", "status", "kept_by");
    assertThat(FIELDS.get("inference_complete").get("cache_hit")).containsExactly("BOOLEAN");
    assertThat(VALUES.get("cache_hit")).as("the outage is on: requests missed the cache").contains("false");
    assertThat(FIELDS.get("inference_failed")).containsKeys("error_type", "total_ms", "status");
  }

  @Test
  void promtailExtractsOnlyFieldsTheLinesCarry() throws Exception {
    JsonNode promtail = new YAMLMapper().readTree(DOCS.resolve("loki/promtail.yml").toFile());
    List<String> missing = new ArrayList<>();
    for (JsonNode job : promtail.path("scrape_configs")) {
      for (JsonNode stage : job.path("pipeline_stages")) {
        for (Iterator<Map.Entry<String, JsonNode>> it = stage.path("json").path("expressions").fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          String source = e.getValue().isNull() ? e.getKey() : e.getValue().asText().replace("\"", "");
          if (LINES.stream().noneMatch(l -> l.has(source))) {
            missing.add(job.path("job_name").asText() + ": " + source);
          }
        }
      }
    }
    assertThat(promtailLabels(promtail)).contains("job", "event", "model_name", "status", "level");
    assertThat(missing).as("promtail json expressions without a field in the emitted lines").isEmpty();
  }

  @Test
  void everyLogQlQueryInTheDocsAndAlertsUsesOnlyShippedLabelsAndEmittedFields() throws Exception {
    JsonNode promtail = new YAMLMapper().readTree(DOCS.resolve("loki/promtail.yml").toFile());
    Set<String> labels = promtailLabels(promtail);
    Map<String, String> queries = queries();
    assertThat(queries.keySet().stream().filter(k -> k.startsWith("docs/prometheus/alerts.yml")))
        .as("alert descriptions that name a LogQL query").hasSizeGreaterThanOrEqualTo(5);
    assertThat(queries).hasSizeGreaterThan(15);

    List<String> problems = new ArrayList<>();
    queries.forEach((where, query) -> {
      List<String> found = new ArrayList<>();
      try {
        for (LogQl.LogExpr e : LogQl.parse(query)) {
          check(e, labels, found::add);
        }
      } catch (IllegalArgumentException ex) {
        found.add("does not parse: " + ex.getMessage());
      }
      found.forEach(f -> problems.add("[" + where + "] " + query + "\n    -> " + f));
    });
    assertThat(problems).as("LogQL queries that would return nothing or fail in Loki").isEmpty();
  }

  /** The checks of one log expression; each problem goes to {@code out}. */
  private static void check(LogQl.LogExpr e, Set<String> labels, java.util.function.Consumer<String> out) {
    Set<String> events = new TreeSet<>(FIELDS.keySet());
    for (LogQl.Matcher3 m : e.selector()) {
      if (!labels.contains(m.label())) {
        out.accept("stream label '" + m.label() + "' is not set by promtail.yml (labels: " + labels + ")");
        continue;
      }
      if (m.op().equals("!=") || m.op().equals("!~")) {
        continue;
      }
      List<String> wanted = m.op().equals("=") ? List.of(m.value()) : List.of(m.value().split("\\|"));
      if (m.label().equals("job")) {
        if (!wanted.equals(List.of("infersight"))) {
          out.accept("promtail.yml sets job=\"infersight\", not " + wanted);
        }
        continue;
      }
      Set<String> seen = VALUES.getOrDefault(m.label(), Set.of());
      for (String v : wanted) {
        if (!v.matches("[\\w.-]+")) {
          out.accept("cannot check the regular expression " + m.value() + " of " + m.label());
        } else if (!seen.contains(v)) {
          out.accept(m.label() + "=\"" + v + "\" never appears in the emitted lines at INFO (seen: " + seen + ")");
        }
      }
      if (m.label().equals("event")) {
        events.retainAll(wanted);
      }
    }
    for (LogQl.Stage s : e.stages()) {
      switch (s.kind()) {
        case "parser" -> {
          if (!s.name().equals("json")) {
            out.accept("the lines are JSON: | " + s.name() + " extracts nothing");
          }
        }
        case "label_filter" -> {
          checkField(s.name(), s.afterParser(), events, labels, out);
          Set<String> types = types(s.name(), events);
          boolean numeric = s.value().matches("-?\\d+(\\.\\d+)?");
          if (Set.of(">", ">=", "<", "<=").contains(s.op()) && !types.isEmpty() && !types.equals(Set.of("NUMBER"))) {
            out.accept(s.name() + " " + s.op() + " compares numbers, but the field is " + types);
          }
          if (types.equals(Set.of("BOOLEAN")) && (numeric || !Set.of("true", "false").contains(s.value()))) {
            out.accept(s.name() + " is a JSON boolean: compare with \"true\" or \"false\", not " + s.value());
          }
        }
        case "unwrap" -> {
          checkField(s.name(), s.afterParser(), events, labels, out);
          if (!types(s.name(), events).equals(Set.of("NUMBER"))) {
            out.accept("unwrap " + s.name() + " needs a number, the field is " + types(s.name(), events));
          }
        }
        case "line_format" -> s.templateFields().forEach(f -> checkField(f, s.afterParser(), events, labels, out));
        case "line_filter" -> { }
        default -> out.accept("unchecked stage " + s.kind());
      }
    }
    boolean parsed = e.stages().stream().anyMatch(s -> s.kind().equals("parser"));
    e.grouping().forEach(g -> checkField(g, parsed, events, labels, out));
  }

  private static void checkField(String field, boolean afterParser, Set<String> events, Set<String> labels,
      java.util.function.Consumer<String> out) {
    if (labels.contains(field)) {
      return;
    }
    if (!afterParser) {
      out.accept("'" + field + "' is no stream label (promtail.yml) and no | json came before it");
    } else if (events.stream().noneMatch(ev -> FIELDS.getOrDefault(ev, Map.of()).containsKey(field))) {
      out.accept("field '" + field + "' is on none of the events " + events + " as emitted at INFO");
    }
  }

  private static Set<String> types(String field, Set<String> events) {
    Set<String> out = new TreeSet<>();
    for (String ev : events) {
      out.addAll(FIELDS.getOrDefault(ev, Map.of()).getOrDefault(field, Set.of()));
    }
    return out;
  }

  /** Stream labels the shipped promtail configuration sets, in any of its jobs. */
  static Set<String> promtailLabels(JsonNode promtail) {
    Set<String> out = new TreeSet<>();
    for (JsonNode job : promtail.path("scrape_configs")) {
      for (JsonNode r : job.path("relabel_configs")) {
        String action = r.path("action").asText("replace");
        if (r.has("target_label") && action.equals("replace")) {
          out.add(r.path("target_label").asText());
        }
      }
      job.path("journal").path("labels").fieldNames().forEachRemaining(out::add);
      for (JsonNode sc : job.path("static_configs")) {
        sc.path("labels").fieldNames().forEachRemaining(out::add);
      }
      for (JsonNode stage : job.path("pipeline_stages")) {
        stage.path("labels").fieldNames().forEachRemaining(out::add);
        stage.path("static_labels").fieldNames().forEachRemaining(out::add);
      }
    }
    return out;
  }

  // ---- finding the queries ------------------------------------------------------------------

  private static final Pattern FENCE = Pattern.compile("(?ms)^```logql\\s*\\n(.*?)^```");
  private static final Pattern INLINE = Pattern.compile("`([^`\\n]+)`");
  /** A stream selector not preceded by a metric name: LogQL, not PromQL. */
  private static final Pattern SELECTOR = Pattern.compile("(^|[(\\s])\\{\\s*\\w+\\s*(=|!=|=~|!~)\\s*\"");

  /** Every LogQL query of the docs and alert annotations, keyed by where it is. */
  static Map<String, String> queries() throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    List<Path> markdown = new ArrayList<>();
    markdown.add(ROOT.resolve("README.md"));
    try (Stream<Path> files = Files.walk(DOCS)) {
      files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(markdown::add);
    }
    for (Path md : markdown) {
      String text = Files.readString(md);
      String name = ROOT.relativize(md).toString();
      Matcher fence = FENCE.matcher(text);
      while (fence.find()) {
        out.put(name + ":" + line(text, fence.start()), fence.group(1).trim());
      }
      String outsideFences = FENCE.matcher(text).replaceAll(m -> "\n".repeat(count(m.group(), '\n')));
      outsideFences = Pattern.compile("(?ms)^```.*?^```").matcher(outsideFences)
          .replaceAll(m -> "\n".repeat(count(m.group(), '\n')));
      Matcher inline = INLINE.matcher(outsideFences);
      while (inline.find()) {
        String code = inline.group(1).replace("\\|", "|");
        if (SELECTOR.matcher(code).find()) {
          out.put(name + ":" + line(outsideFences, inline.start()), substitute(code));
        }
      }
    }
    JsonNode rules = new YAMLMapper().readTree(DOCS.resolve("prometheus/alerts.yml").toFile());
    for (JsonNode group : rules.path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        int n = 0;
        for (JsonNode annotation : rule.path("annotations")) {
          Matcher inline = INLINE.matcher(annotation.asText());
          while (inline.find()) {
            String code = inline.group(1);
            if (SELECTOR.matcher(code).find()) {
              out.put("docs/prometheus/alerts.yml " + rule.path("alert").asText() + " #" + (++n), substitute(code));
            }
          }
        }
      }
    }
    return out;
  }

  /** Fills in the alert template and Grafana variables the way they are at query time. */
  private static String substitute(String query) {
    return query.replaceAll("\\{\\{\\s*\\$labels\\.model_name\\s*}}", MODEL)
        .replace("${__trace.traceId}", "4bf92f3577b34da6a3ce929d0e0e4736");
  }

  /** Loki's {@code | json} label name for a JSON key: characters outside [a-zA-Z0-9_] become '_'. */
  private static String lokiName(String key) {
    return key.replaceAll("[^a-zA-Z0-9_]", "_");
  }

  private static int line(String text, int offset) {
    return count(text.substring(0, offset), '\n') + 1;
  }

  private static int count(String s, char c) {
    return (int) s.chars().filter(x -> x == c).count();
  }

  private static List<String> readAll(java.io.InputStream in, java.util.function.Consumer<String> each) {
    List<String> lines = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        lines.add(line);
        each.accept(line);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return lines;
  }
}
