package io.infersight.metrics;

import io.infersight.testing.FakeClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.infersight.core.Inference;
import io.infersight.core.InferenceView;
import io.infersight.core.InferenceListener;
import io.infersight.core.InferenceObserver;
import io.infersight.core.Stage;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ExemplarTest {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN_ID = "00f067aa0ba902b7";
  /** An OpenMetrics bucket line with an exemplar: name{labels} count # {labels} value timestamp. */
  private static final Pattern EXEMPLAR_LINE = Pattern.compile(
      "^(\\w+)_bucket\\{([^}]*)} (\\d+) # \\{([^}]*)} ([0-9.eE+-]+)(?: [0-9.]+)?$");

  private final FakeClock clock = FakeClock.create();
  private final PrometheusMeterRegistry registry = Registries.prometheusWithExemplars();

  /** Stands in for the tracing listener: fills the trace slot in onStart. */
  static final class TraceStub implements InferenceListener {
    private final boolean sampled;

    TraceStub(boolean sampled) {
      this.sampled = sampled;
    }

    @Override
    public void onStart(InferenceView inference) {
      inference.setTrace(TRACE_ID, SPAN_ID, sampled);
    }
  }

  private void serveOne(InferenceListener tracing) {
    InferenceObserver.Builder b = InferenceObserver.builder().model("fraud", "1").clock(clock);
    if (tracing != null) {
      b.addListener(tracing);
    }
    InferenceObserver observer = b.addListener(InfersightMetrics.listener(registry)).build();
    try (Inference inf = observer.start()) {
      inf.stage(Stage.FORWARD, () -> clock.advanceMillis(3));
    }
  }

  private List<Matcher> exemplars() {
    String text = registry.scrape(MetricsServer.OPENMETRICS);
    assertThat(text).endsWith("# EOF\n");
    return text.lines().map(EXEMPLAR_LINE::matcher).filter(Matcher::matches).collect(Collectors.toList());
  }

  @Test
  void durationsOfATracedRequestCarryItsTraceAsExemplar() {
    serveOne(new TraceStub(true));
    List<Matcher> lines = exemplars();
    assertThat(lines).extracting(m -> m.group(1)).contains("ml_inference_duration_seconds",
        "ml_model_forward_duration_seconds", "ml_stage_duration_seconds");
    Matcher request = lines.stream().filter(m -> m.group(1).equals("ml_inference_duration_seconds"))
        .findFirst().orElseThrow();
    assertThat(request.group(2)).contains("le=\"0.005\"");
    assertThat(request.group(4)).contains("trace_id=\"" + TRACE_ID + "\"").contains("span_id=\"" + SPAN_ID + "\"");
    assertThat(Double.parseDouble(request.group(5))).isEqualTo(0.003);
    List<String> requests = registry.scrape(MetricsServer.OPENMETRICS).lines()
        .filter(l -> l.startsWith("ml_inference_requests_total{")).collect(Collectors.toList());
    assertThat(requests).hasSize(3).noneMatch(l -> l.contains("status=\"running\""));
    assertThat(requests).filteredOn(l -> l.contains("status=\"success\"")).singleElement().asString()
        .contains("# {").contains("trace_id=\"" + TRACE_ID + "\"");
  }

  /** A traced request that sets its own trace ID, so exemplars show which request they came from. */
  private static void serveTraced(InferenceObserver observer, FakeClock clock, String traceId) {
    try (Inference inf = observer.start()) {
      inf.setTrace(traceId, SPAN_ID, true);
      inf.stage(Stage.FORWARD, () -> clock.advanceMillis(3));
    }
  }

  @Test
  void aBucketsExemplarIsReplacedOnlyOnceItIsASecondOld() {
    InferenceObserver observer = InferenceObserver.builder().model("fraud", "1").clock(clock)
        .addListener(InfersightMetrics.listener(registry)).build();
    String first = "11111111111111111111111111111111";
    String second = "22222222222222222222222222222222";
    String third = "33333333333333333333333333333333";

    serveTraced(observer, clock, first);
    clock.advanceMillis(500);
    serveTraced(observer, clock, second); // same buckets, half a second later: kept the first
    assertThat(requestExemplarTrace()).isEqualTo(first);

    clock.advanceMillis(600);
    serveTraced(observer, clock, third); // over a second after the first: replaced
    assertThat(requestExemplarTrace()).isEqualTo(third);
  }

  private String requestExemplarTrace() {
    Matcher m = exemplars().stream()
        .filter(x -> x.group(1).equals("ml_inference_duration_seconds")).findFirst().orElseThrow();
    Matcher id = Pattern.compile("trace_id=\"(\\w+)\"").matcher(m.group(4));
    assertThat(id.find()).isTrue();
    return id.group(1);
  }

  @Test
  void noExemplarOnCountSeriesSoPrometheusBefore243AcceptsTheScrape() {
    serveOne(new TraceStub(true));
    String text = registry.scrape(MetricsServer.OPENMETRICS);
    assertThat(text).contains("_bucket{").contains(" # {");
    assertThat(text.lines().filter(l -> l.contains("_count{") && l.contains(" # {")))
        .as("_count lines with exemplars (Prometheus < 2.43 drops the whole scrape)").isEmpty();
  }

  @Test
  void untracedRequestsCarryNoExemplar() {
    serveOne(null);
    assertThat(exemplars()).isEmpty();
  }

  @Test
  void unsampledTracesCarryNoExemplar() {
    serveOne(new TraceStub(false));
    assertThat(exemplars()).isEmpty();
  }

  @Test
  void aPlainPrometheusRegistryGetsNoExemplarsSoOldPrometheusServersStillAcceptTheScrape() {
    // Micrometer's default config puts exemplars on _count too, which Prometheus < 2.43 refuses;
    // exemplars are for registries from InfersightMetrics.prometheusRegistry(..) only.
    PrometheusMeterRegistry plain = Registries.prometheus();
    InferenceObserver observer = InferenceObserver.builder().model("fraud", "1").clock(clock)
        .addListener(new TraceStub(true)).addListener(InfersightMetrics.listener(plain)).build();
    try (Inference inf = observer.start()) {
      inf.stage(Stage.FORWARD, () -> clock.advanceMillis(3));
    }
    String text = plain.scrape(MetricsServer.OPENMETRICS);
    assertThat(text).contains("ml_inference_duration_seconds_count{").doesNotContain("trace_id");
  }
}
