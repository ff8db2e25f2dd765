package io.infersight.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infersight.core.Generation;
import io.infersight.core.Inference;
import io.infersight.core.InferenceBatch;
import io.infersight.core.InferenceObserver;
import io.infersight.core.LabelPolicy;
import io.infersight.core.Stage;
import io.infersight.testing.FakeClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Batch executions and GenAI series, as Prometheus scrapes them. */
class ServingPatternsMetricsTest {
  private final FakeClock clock = FakeClock.create();

  private InferenceObserver observer(io.micrometer.core.instrument.MeterRegistry registry, String model) {
    return InferenceObserver.builder().model(model, "1.0").clock(clock)
        .addListener(InfersightMetrics.listener(registry)).build();
  }

  private void batchOfThree(InferenceObserver obs) {
    List<Inference> members = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      members.add(obs.start());
    }
    InferenceBatch.of(members).forward(() -> clock.advanceMillis(7));
    members.forEach(Inference::close);
  }

  @Test
  void aBatchIsOneExecutionOneForwardPassAndOneBatchSizeButThreeSamples() {
    PrometheusMeterRegistry registry = Registries.prometheus();
    InferenceObserver obs = observer(registry, "ranker");
    batchOfThree(obs);
    try (Inference single = obs.start()) { // an unbatched request still observes its own
      single.stage(Stage.FORWARD, () -> clock.advanceMillis(1));
    }
    Scraped s = Scraped.of(registry);
    assertThat(s.value("ml_batch_executions_total", "model_name", "ranker")).isEqualTo(1);
    assertThat(s.value("ml_inference_samples_total", "model_name", "ranker")).isEqualTo(4);
    assertThat(s.value("ml_inference_batch_size_count", "model_name", "ranker")).isEqualTo(1);
    assertThat(s.value("ml_inference_batch_size_sum", "model_name", "ranker")).isEqualTo(3);
    assertThat(s.value("ml_model_forward_duration_seconds_count", "model_name", "ranker")).isEqualTo(2);
    assertThat(s.value("ml_model_forward_duration_seconds_sum", "model_name", "ranker")).isEqualTo(0.008);
    assertThat(s.value("ml_stage_duration_seconds_count", "model_name", "ranker", "stage", "forward"))
        .isEqualTo(4);
    assertThat(s.value("ml_stage_duration_seconds_sum", "model_name", "ranker", "stage", "forward"))
        .isCloseTo(0.022, org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void micrometerRegistriesCountTheSame() {
    SimpleMeterRegistry registry = Registries.simple();
    batchOfThree(observer(registry, "ranker"));
    assertThat(registry.get(MeterNames.BATCH_EXECUTIONS).tag("model_name", "ranker").counter().count())
        .isEqualTo(1);
    assertThat(registry.get(MeterNames.SAMPLES).counter().count()).isEqualTo(3);
    assertThat(registry.get(MeterNames.BATCH_SIZE).summary().totalAmount()).isEqualTo(3);
    assertThat(registry.get(MeterNames.FORWARD_DURATION).timer().count()).isEqualTo(1);
    assertThat(registry.get(MeterNames.STAGE_DURATION).tag("stage", "forward").timer().count()).isEqualTo(3);
  }

  @Test
  void aFailedBatchCountsEveryMemberAsFailed() {
    PrometheusMeterRegistry registry = Registries.prometheus();
    InferenceObserver obs = observer(registry, "ranker");
    List<Inference> members = List.of(obs.start(), obs.start());
    assertThatThrownBy(() -> InferenceBatch.of(members).forward((Runnable) () -> {
      throw new IllegalStateException("device lost");
    })).isInstanceOf(IllegalStateException.class);
    members.forEach(Inference::close);
    Scraped s = Scraped.of(registry);
    assertThat(s.value("ml_inference_requests_total", "model_name", "ranker", "status", "error")).isEqualTo(2);
    assertThat(s.value("ml_batch_executions_total", "model_name", "ranker")).isEqualTo(1);
  }

  private void generate(InferenceObserver obs, boolean fail) {
    try (Inference inf = obs.start()) {
      Generation gen = Generation.of(inf).inputTokens(20);
      clock.advanceMillis(30);
      gen.output(1);
      for (int i = 0; i < 10; i++) {
        clock.advanceMillis(15);
        gen.output(1);
      }
      gen.end();
      if (fail) {
        inf.fail(new IllegalStateException("client went away"));
      }
    }
  }

  @Test
  void generationGoesToTheGenAiSeriesWithTheConventionsBuckets() {
    PrometheusMeterRegistry registry = Registries.prometheus();
    InferenceObserver obs = observer(registry, "tiny-lm");
    generate(obs, false);
    generate(obs, true);
    String text = registry.scrape();
    Scraped s = Scraped.of(registry);
    assertThat(bounds(text, "gen_ai_server_time_to_first_token_seconds_bucket")).containsExactly(
        "0.001", "0.005", "0.01", "0.02", "0.04", "0.06", "0.08", "0.1", "0.25", "0.5", "0.75", "1.0",
        "2.5", "5.0", "7.5", "10.0", "+Inf");
    assertThat(bounds(text, "gen_ai_server_time_per_output_token_seconds_bucket")).containsExactly(
        "0.01", "0.025", "0.05", "0.075", "0.1", "0.15", "0.2", "0.3", "0.4", "0.5", "0.75", "1.0", "2.5",
        "+Inf");
    assertThat(bounds(text, "gen_ai_server_request_duration_seconds_bucket")).containsExactly(
        "0.01", "0.02", "0.04", "0.08", "0.16", "0.32", "0.64", "1.28", "2.56", "5.12", "10.24", "20.48",
        "40.96", "81.92", "+Inf");
    assertThat(bounds(text, "gen_ai_client_token_usage_bucket\\{gen_ai_token_type=\"input\"")).containsExactly(
        "1.0", "4.0", "16.0", "64.0", "256.0", "1024.0", "4096.0", "16384.0", "65536.0", "262144.0",
        "1048576.0", "4194304.0", "1.6777216E7", "6.7108864E7", "+Inf");
    // Time to first token and per token: successful responses only; duration and tokens: all.
    assertThat(s.value("gen_ai_server_time_to_first_token_seconds_count", "model_name", "tiny-lm")).isEqualTo(1);
    assertThat(s.value("gen_ai_server_time_to_first_token_seconds_sum", "model_name", "tiny-lm")).isEqualTo(0.03);
    assertThat(s.value("gen_ai_server_time_per_output_token_seconds_sum", "model_name", "tiny-lm")).isEqualTo(0.015);
    assertThat(s.value("gen_ai_server_request_duration_seconds_count", "model_name", "tiny-lm")).isEqualTo(2);
    assertThat(s.value("gen_ai_client_token_usage_sum", "model_name", "tiny-lm", "gen_ai_token_type", "input"))
        .isEqualTo(40);
    assertThat(s.value("gen_ai_client_token_usage_sum", "model_name", "tiny-lm", "gen_ai_token_type", "output"))
        .isEqualTo(22);
  }

  @Test
  void aModelThatGeneratesNothingExportsNoGenAiSeries() {
    PrometheusMeterRegistry registry = Registries.prometheus();
    try (Inference inf = observer(registry, "fraud").start()) {
      inf.stage(Stage.FORWARD, () -> clock.advanceMillis(1));
    }
    assertThat(registry.scrape()).doesNotContain("gen_ai_");
  }

  @Test
  void theLabelGuardFoldsModelNamesOfGenAiSeries() {
    PrometheusMeterRegistry registry = Registries.prometheus();
    LabelPolicy policy = LabelPolicy.builder().maxValues("model_name", 1).build();
    for (String model : List.of("lm-a", "lm-b")) {
      InferenceObserver obs = InferenceObserver.builder().model(model, "1").clock(clock).labelPolicy(policy)
          .addListener(InfersightMetrics.listener(registry)).build();
      generate(obs, false);
    }
    Scraped s = Scraped.of(registry);
    assertThat(s.value("gen_ai_server_time_to_first_token_seconds_count", "model_name", "lm-a")).isEqualTo(1);
    assertThat(s.value("gen_ai_server_time_to_first_token_seconds_count", "model_name", LabelPolicy.OTHER))
        .isEqualTo(1);
    assertThat(s.find("gen_ai_server_time_to_first_token_seconds_count", "model_name", "lm-b")).isEmpty();
  }

  @Test
  void promtoolFindsNoProblemInTheNewSeries() throws Exception {
    PrometheusMeterRegistry registry = Registries.prometheus();
    InferenceObserver obs = observer(registry, "tiny-lm");
    batchOfThree(obs);
    generate(obs, false);
    RealPrometheusTest.assertPromtoolAccepts(registry.scrape());
  }

  /** The {@code le} values of the bucket lines that start with {@code prefix} (a regex), in order. */
  private static List<String> bounds(String scrape, String prefix) {
    Matcher m = Pattern.compile("(?m)^" + prefix + "[^\\n]*le=\"([^\"]+)\"").matcher(scrape);
    List<String> out = new ArrayList<>();
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }
}
