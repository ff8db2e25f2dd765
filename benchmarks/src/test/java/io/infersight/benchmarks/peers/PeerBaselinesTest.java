package io.infersight.benchmarks.peers;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersight.benchmarks.fixtures.Check;
import io.infersight.benchmarks.fixtures.PromText;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every variant of {@link PeerBenchmark} serves real requests through its real stack (Prometheus
 * registry, OpenTelemetry SDK, logback) and passes the check its tear-down prints: the check
 * that decides whether {@code report.py} shows its number. A few hundred requests each, so the
 * whole class takes seconds.
 */
class PeerBaselinesTest {
  private static final int REQUESTS = 300;
  private final PeerBenchmark bench = new PeerBenchmark();

  /** Sets {@code state} up with {@code sampling}, serves {@value #REQUESTS} requests, tears it down. */
  private <S extends PeerBenchmark.Base> Check serve(S state, String sampling, Runnable setUp, Consumer<S> request,
      Runnable tearDown) {
    state.sampling = sampling;
    setUp.run();
    for (int i = 0; i < REQUESTS; i++) {
      request.accept(state);
    }
    tearDown.run();
    assertThat(state.check.passed()).as(state.check.line()).isTrue();
    assertThat(state.check.line()).contains("requests=" + REQUESTS);
    if ("in".equals(sampling)) {
      assertThat(state.check.line()).contains("spans_ended=" + 5 * REQUESTS);
    }
    return state.check;
  }

  @ParameterizedTest
  @ValueSource(strings = {"out", "in"})
  void micrometerObservationCountsEveryRequestAndEveryStage(String sampling) {
    PeerBenchmark.Micrometer s = new PeerBenchmark.Micrometer();
    assertThat(serve(s, sampling, s::setUp, bench::observation, s::tearDown).line())
        .contains("ml_stage_seconds_count=" + 4 * REQUESTS);
  }

  @Test
  void peersSampledOutEndNoSpanAtAll() {
    PeerBenchmark.Otel s = new PeerBenchmark.Otel();
    assertThat(serve(s, "out", s::setUp, bench::otel, s::tearDown).line()).contains("spans_ended=0");
  }

  @ParameterizedTest
  @ValueSource(strings = {"out", "in"})
  void plainOpenTelemetryCountsEveryRequestAndEveryStage(String sampling) {
    PeerBenchmark.Otel s = new PeerBenchmark.Otel();
    assertThat(serve(s, sampling, s::setUp, bench::otel, s::tearDown).line())
        .contains("ml.stage.duration_count=" + 4 * REQUESTS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"out", "in"})
  void handWrittenLogsEveryRequestOnlyWhenSampledIn(String sampling) {
    PeerBenchmark.Seed s = new PeerBenchmark.Seed();
    assertThat(serve(s, sampling, s::setUp, bench::handWritten, s::tearDown).line())
        .contains("log_lines=" + ("in".equals(sampling) ? REQUESTS : 0));
  }

  @ParameterizedTest
  @ValueSource(strings = {"out", "in"})
  void infersightAccountsForEveryLogEventAndEveryRequest(String sampling) {
    PeerBenchmark.AllPillars all = new PeerBenchmark.AllPillars();
    String line = serve(all, sampling, all::setUp, bench::allPillars, all::tearDown).line();
    if ("in".equals(sampling)) {
      assertThat(line).contains("log_events_accepted+dropped=" + REQUESTS);
    }
    PeerBenchmark.MetricsTracing mt = new PeerBenchmark.MetricsTracing();
    serve(mt, sampling, mt::setUp, bench::metricsTracing, mt::tearDown);
  }

  @Test
  void aCheckFailsWhenACountIsShortAndWhenNothingWasServed() {
    Check c = Check.of("x", 10).equal("metric", 9, 10);
    assertThat(c.passed()).isFalse();
    assertThat(c.line()).startsWith("[check x] FAILED").contains("metric is 9, expected 10");
    assertThat(Check.of("z", 10).atMost("kept", 1, 1).passed()).isTrue();
    assertThat(Check.of("z", 10).atMost("kept", 2, 1).passed()).isFalse();
    assertThat(Check.of("y", 0).passed()).isFalse();
  }

  @Test
  void prometheusSumsAddEverySeriesOfOneNameOnly() {
    String text = "# TYPE a_total counter\na_total{x=\"1\"} 2.0\na_total{x=\"2\"} 3.0\na_total_other 7\na_total 1\n";
    assertThat(PromText.sum(text, "a_total")).isEqualTo(6.0);
  }
}
