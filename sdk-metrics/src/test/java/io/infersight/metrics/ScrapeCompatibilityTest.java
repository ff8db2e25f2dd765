package io.infersight.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersight.core.Inference;
import io.infersight.core.InferenceObserver;
import io.infersight.core.Stage;
import io.infersight.testing.FakeClock;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * On a Prometheus registry the per-request series come from Infersight's own collector, not from
 * Micrometer meters. Dashboards and alerts must not notice: the scrape of these families must be
 * the one Micrometer's timers, summaries and counters produced (saved in {@code
 * micrometer-scrape.txt} from the Micrometer implementation, its {@code _max} gauges removed).
 */
class ScrapeCompatibilityTest {
  private static final Pattern FAMILIES = Pattern.compile("^(# (HELP|TYPE) )?(ml_inference_requests"
      + "|ml_inference_samples|ml_inference_duration_seconds|ml_stage_duration_seconds"
      + "|ml_model_forward_duration_seconds|ml_feature_retrieval_duration_seconds"
      + "|ml_feature_age_seconds|ml_inference_batch_size)[_{ ].*");

  @Test
  void scrapeMatchesWhatMicrometerMetersExportedLessTheirMaxGauges() throws IOException {
    FakeClock clock = FakeClock.create();
    PrometheusMeterRegistry registry = InfersightMetrics.prometheusRegistry();
    InferenceObserver a = InferenceObserver.builder().model("fraud", "2.1.0", "abc123").clock(clock)
        .addListener(new ExemplarTest.TraceStub(true))
        .addListener(InfersightMetrics.listenerBuilder(registry).constantLabel("region", "eu").build()).build();
    InferenceObserver b = InferenceObserver.builder().model("ranker", "7").clock(clock)
        .addListener(InfersightMetrics.listenerBuilder(registry).constantLabel("region", "us").build()).build();
    for (int i = 0; i < 30; i++) {
      for (InferenceObserver o : new InferenceObserver[] {a, b}) {
        serve(o, clock, i);
      }
    }
    assertThat(families(registry.scrape())).isEqualTo(expected());
  }

  /** A varied request: every stage, all cache outcomes, feature ages up to 841 s, failures. */
  private static void serve(InferenceObserver o, FakeClock clock, int k) {
    try (Inference inf = o.start()) {
      inf.stage(Stage.PREPROCESS, () -> clock.advanceMillis(k % 3));
      inf.stage(Stage.FEATURES, () -> clock.advanceMillis(2 + k));
      if (k % 3 != 2) {
        inf.cacheHit(k % 3 == 0);
      }
      inf.featureAgeMillis(1000L * k * k);
      inf.stage(Stage.FORWARD, () -> clock.advanceMillis(k * 7));
      inf.batchSize(k % 9).scores(0.1 * (k % 10), 0.95);
      inf.stage(Stage.POSTPROCESS, () -> clock.advanceMillis(1));
      inf.stage(Stage.FEATURES, "users", () -> {
        clock.advanceMillis(1);
        return null;
      });
      if (k % 7 == 0) {
        inf.fail(new IllegalStateException("x"));
      }
    }
  }

  private static List<String> families(String scrape) {
    return scrape.lines().filter(l -> FAMILIES.matcher(l).matches()).collect(Collectors.toList());
  }

  private List<String> expected() throws IOException {
    try (InputStream in = getClass().getResourceAsStream("micrometer-scrape.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().collect(Collectors.toList());
    }
  }
}
