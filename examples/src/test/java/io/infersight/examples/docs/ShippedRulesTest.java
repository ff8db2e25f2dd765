package io.infersight.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infersight.testsupport.Required;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the operations material shipped under {@code docs/}: the Prometheus rules pass
 * {@code promtool check rules} and their own {@code promtool test rules} cases, and the Grafana
 * dashboard and the rules query only the metric names of the Infersight contract.
 *
 * <p>Tests that need {@code promtool} (Debian package {@code prometheus}) are skipped when it is
 * not on the {@code PATH}, and fail when the environment variable {@code CI} is {@code true}.
 */
class ShippedRulesTest {

  /** The Prometheus renderings of the metric contract (docs/architecture.md, "Names"). */
  static final Set<String> CONTRACT_METRICS =
      Set.of(
          "ml_inference_requests_total",
          "ml_inference_duration_seconds_bucket",
          "ml_inference_duration_seconds_count",
          "ml_inference_duration_seconds_sum",
          // Native histograms (docs/metrics.md): the series Prometheus stores under the bare name.
          "ml_inference_duration_seconds",
          "ml_stage_duration_seconds",
          "ml_stage_duration_seconds_bucket",
          "ml_feature_retrieval_duration_seconds_bucket",
          "ml_feature_retrieval_duration_seconds_count",
          "ml_feature_age_seconds_bucket",
          "ml_feature_age_seconds_sum",
          "ml_feature_age_seconds_count",
          "ml_model_forward_duration_seconds_bucket",
          "ml_inference_batch_size_bucket",
          "ml_inference_samples_total",
          "ml_batch_executions_total",
          "gen_ai_server_time_to_first_token_seconds_bucket",
          "gen_ai_server_time_to_first_token_seconds_count",
          "gen_ai_server_time_per_output_token_seconds_bucket",
          "gen_ai_server_time_per_output_token_seconds_count",
          "gen_ai_server_request_duration_seconds_bucket",
          "gen_ai_server_request_duration_seconds_count",
          "gen_ai_client_token_usage_sum",
          "ml_inference_active_requests",
          "ml_inference_queued_requests",
          "ml_prediction_score_bucket",
          "ml_model_info",
          "ml_feature_drift",
          "ml_prediction_drift",
          "ml_feature_missing_total",
          "ml_feature_out_of_range_total",
          "ml_feature_bin_total",
          "ml_feature_reference_ratio",
          "ml_prediction_score_bin_total",
          "ml_prediction_score_reference_ratio",
          "gpu_utilization_percent",
          "gpu_memory_used_bytes",
          "gpu_memory_total_bytes",
          "gpu_temperature_celsius",
          "gpu_available",
          "infersight_label_overflow_total",
          "infersight_listener_errors_total");

  static final List<String> REQUIRED_ALERTS =
      List.of(
          "InferenceErrorRateHigh",
          "InferenceLatencyP99High",
          "InferenceNoTraffic",
          "FeatureCacheMissRateHigh",
          "FeaturesStale",
          "FeatureDriftHigh",
          "PredictionDriftHigh",
          "FleetFeatureDriftHigh",
          "FleetPredictionDriftHigh",
          "GpuMemoryHigh",
          "GpuUnderused",
          "InferenceQueueWaitHigh",
          "GenAiTimeToFirstTokenHigh",
          "GenAiTimePerOutputTokenHigh");

  private static final Path DOCS = locateDocs();
  private static final Path ALERTS = DOCS.resolve("prometheus/alerts.yml");
  private static final Path ALERT_TESTS = DOCS.resolve("prometheus/alerts_test.yml");
  private static final Path DASHBOARD = DOCS.resolve("grafana/ml-inference.json");

  @Test
  void shippedRulesPassPromtoolCheck() throws Exception {
    ToolRun run = runPromtool("check", "rules", ALERTS.toString());

    assertThat(run.exitCode).as(run.output).isZero();
    assertThat(run.output).contains("SUCCESS").doesNotContain("FAILED");
  }

  @Test
  void shippedRulesPassTheirPromtoolUnitTests() throws Exception {
    ToolRun run = runPromtool("test", "rules", ALERT_TESTS.toString());

    assertThat(run.exitCode).as(run.output).isZero();
    assertThat(run.output).contains("SUCCESS").doesNotContain("FAILED");
  }

  @Test
  void everyRequiredAlertIsShippedWithForSeverityAndActionableAnnotations() throws IOException {
    Map<String, String> alerts = alertBlocks(Files.readString(ALERTS));

    assertThat(alerts.keySet()).containsAll(REQUIRED_ALERTS);
    alerts.forEach(
        (name, block) ->
            assertThat(block)
                .as(name)
                .containsPattern("\\n\\s+for: \\d")
                .containsPattern("\\n\\s+severity: (critical|warning|info)\\n")
                .containsPattern("\\n\\s+summary: ")
                .containsPattern("\\n\\s+description: ")
                .contains("Check"));
  }

  @Test
  void everyAlertHasATestWhereItFiresAndOneWhereItDoesNot() throws IOException {
    String tests = Files.readString(ALERT_TESTS);
    Set<String> alerts = alertBlocks(Files.readString(ALERTS)).keySet();

    for (String alert : alerts) {
      String name = Pattern.quote(alert);
      assertThat(tests)
          .as("a case where %s fires", alert)
          .containsPattern("alertname: " + name + "\\n\\s+exp_alerts:\\n\\s+- exp_labels:");
      assertThat(tests)
          .as("a case where %s stays quiet", alert)
          .containsPattern("alertname: " + name + "\\n\\s+exp_alerts: \\[\\]");
    }
  }

  @Test
  void alertRulesQueryOnlyContractMetricsAndTheirOwnRecordings() throws IOException {
    String rules = Files.readString(ALERTS);
    Set<String> allowed = new TreeSet<>(CONTRACT_METRICS);
    allowed.addAll(recordedNames(rules));
    List<String> exprs = ruleExpressions(rules);

    assertThat(exprs).hasSizeGreaterThanOrEqualTo(REQUIRED_ALERTS.size());
    for (String expr : exprs) {
      assertThat(MetricNames.in(expr)).as(expr).isNotEmpty().isSubsetOf(allowed);
    }
  }

  @Test
  void dashboardHasTheFourRowsAndItsVariables() throws IOException {
    JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());

    List<String> rows = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      if ("row".equals(panel.path("type").asText())) {
        rows.add(panel.path("title").asText());
      }
    }
    assertThat(rows)
        .containsExactly("Service health", "Model", "Infrastructure", "Data quality", "Fleet drift",
            "Batching", "Generative");
    assertThat(dashboard.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(39);
    List<String> variables = new ArrayList<>();
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      variables.add(variable.path("type").asText() + ":" + variable.path("name").asText());
    }
    assertThat(variables).contains("datasource:datasource", "query:model_name");
  }

  @Test
  void dashboardQueriesUseOnlyContractMetricsAndAllowedVariables() throws IOException {
    JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
    List<String> exprs = dashboardExpressions(dashboard);

    assertThat(exprs).hasSizeGreaterThan(20);
    // The fleet row reads what the shipped rules record (pooling across replicas needs them).
    Set<String> allowed = new TreeSet<>(CONTRACT_METRICS);
    allowed.addAll(recordedNames(Files.readString(ALERTS)));
    for (String expr : exprs) {
      assertThat(MetricNames.in(expr)).as(expr).isNotEmpty().isSubsetOf(allowed);
      Matcher variable = Pattern.compile("\\$\\{?(\\w+)").matcher(expr);
      while (variable.find()) {
        assertThat(variable.group(1)).as(expr).isIn("model_name", "__rate_interval");
      }
    }
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      Matcher labelValues =
          Pattern.compile("label_values\\((\\w+),").matcher(variable.path("definition").asText());
      if (labelValues.find()) {
        assertThat(labelValues.group(1)).isIn(CONTRACT_METRICS);
      }
    }
  }

  @Test
  void dashboardQueriesParseAsPromql(@TempDir Path dir) throws Exception {
    List<String> exprs = dashboardExpressions(new ObjectMapper().readTree(DASHBOARD.toFile()));
    // promtool parses the expression of every rule it checks: one recording rule per query.
    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
    for (int i = 0; i < exprs.size(); i++) {
      String plain =
          exprs.get(i).replace("$model_name", ".*").replace("$__rate_interval", "1m");
      rules.append("      - record: dashboard_query_").append(i).append('\n');
      rules.append("        expr: ").append(new ObjectMapper().writeValueAsString(plain));
      rules.append('\n');
    }
    Path file = Files.writeString(dir.resolve("dashboard-rules.yml"), rules);

    ToolRun run = runPromtool("check", "rules", file.toString());

    assertThat(run.exitCode).as(run.output).isZero();
    assertThat(run.output).contains("SUCCESS: " + exprs.size() + " rules found");
  }

  @Test
  void metricNameScanIgnoresFunctionsLabelsKeywordsAndNumbers() {
    String expr =
        "histogram_quantile(0.99, sum by (model_name, le) ("
            + "rate(ml_inference_duration_seconds_bucket{model_name=~\"$model_name\", status!=\"x\"}[$__rate_interval] offset 5m)))"
            + " / on (model_name) group_left sum without (le) (unknown_metric) > 1e3 or vector(0)";

    assertThat(MetricNames.in(expr))
        .containsExactlyInAnyOrder("ml_inference_duration_seconds_bucket", "unknown_metric");
  }

  /** The names the rule file records. */
  private static Set<String> recordedNames(String rules) {
    Set<String> names = new TreeSet<>();
    Matcher record = Pattern.compile("- record: (\\S+)").matcher(rules);
    while (record.find()) {
      names.add(record.group(1));
    }
    return names;
  }

  private static List<String> dashboardExpressions(JsonNode dashboard) {
    List<String> exprs = new ArrayList<>();
    collectExpressions(dashboard.path("panels"), exprs);
    return exprs;
  }

  private static void collectExpressions(JsonNode panels, List<String> into) {
    for (JsonNode panel : panels) {
      for (JsonNode target : panel.path("targets")) {
        if (target.hasNonNull("expr")) {
          into.add(target.get("expr").asText());
        }
      }
      collectExpressions(panel.path("panels"), into); // panels inside collapsed rows
    }
  }

  /** The text of each {@code - alert:} rule, by alert name. */
  private static Map<String, String> alertBlocks(String rules) {
    Map<String, String> blocks = new LinkedHashMap<>();
    String[] parts = rules.split("\\n\\s+- (?=alert: |record: )");
    for (String part : parts) {
      if (part.startsWith("alert: ")) {
        String name = part.substring("alert: ".length(), part.indexOf('\n')).trim();
        blocks.put(name, part);
      }
    }
    return blocks;
  }

  /** Every {@code expr:} of the rule file, inline or as a {@code |} block. */
  private static List<String> ruleExpressions(String rules) {
    List<String> exprs = new ArrayList<>();
    String[] lines = rules.split("\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      int at = line.indexOf("expr: ");
      if (at < 0 || line.trim().startsWith("#")) {
        continue;
      }
      String value = line.substring(at + "expr: ".length()).trim();
      if (!value.equals("|") && !value.equals(">")) {
        exprs.add(value);
        continue;
      }
      StringBuilder block = new StringBuilder();
      while (i + 1 < lines.length && indent(lines[i + 1]) > at) {
        block.append(lines[++i].trim()).append(' ');
      }
      exprs.add(block.toString().trim());
    }
    return exprs;
  }

  private static int indent(String line) {
    int n = 0;
    while (n < line.length() && line.charAt(n) == ' ') {
      n++;
    }
    return n == line.length() ? Integer.MAX_VALUE : n;
  }

  /** Finds the metric names a PromQL expression selects. */
  static final class MetricNames {
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern GROUPING =
        Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    // An identifier, or a number or duration (0.99, 1e-3, 5m) taken whole so its letters are
    // not read as a name.
    private static final Pattern TOKEN =
        Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*|\\d+(?:\\.\\d*)?(?:[eE][+-]?\\d+)?[A-Za-z]*");
    private static final Set<String> KEYWORDS =
        Set.of(
            "and", "or", "unless", "by", "without", "on", "ignoring", "group_left",
            "group_right", "bool", "offset", "inf", "nan");

    static Set<String> in(String expr) {
      String rest = STRING.matcher(expr).replaceAll(" ");
      rest = MATCHERS.matcher(rest).replaceAll(" ");
      rest = RANGE.matcher(rest).replaceAll(" ");
      rest = GROUPING.matcher(rest).replaceAll(" ");
      Set<String> names = new LinkedHashSet<>();
      Matcher token = TOKEN.matcher(rest);
      while (token.find()) {
        String word = token.group();
        if (Character.isDigit(word.charAt(0)) || KEYWORDS.contains(word.toLowerCase())) {
          continue;
        }
        if (rest.substring(token.end()).stripLeading().startsWith("(")) {
          continue; // a function or an aggregation
        }
        names.add(word);
      }
      return names;
    }

    private MetricNames() {}
  }

  private static Path locateDocs() {
    // Maven runs the tests in examples/; an IDE may run them from the repository root.
    for (String candidate : List.of("../docs", "docs")) {
      Path docs = Path.of(candidate).toAbsolutePath().normalize();
      if (Files.isRegularFile(docs.resolve("prometheus/alerts.yml"))) {
        return docs;
      }
    }
    throw new IllegalStateException(
        "docs/prometheus/alerts.yml not found from " + Path.of("").toAbsolutePath());
  }

  private static ToolRun runPromtool(String... args) throws Exception {
    Path promtool = findOnPath("promtool");
    List<String> command = new ArrayList<>();
    command.add(promtool.toString());
    command.addAll(List.of(args));
    // Output goes to a file so that a hung promtool cannot block the read: the timeout holds.
    Path log = Files.createTempFile("promtool", ".log");
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(DOCS.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail("promtool " + String.join(" ", args) + " did not finish within 60 s");
      }
      return new ToolRun(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private static Path findOnPath(String tool) {
    return Required.tool(tool, "install Debian's 'prometheus' package (apt-get install prometheus) to check"
        + " the shipped rules");
  }

  private record ToolRun(int exitCode, String output) {}
}
