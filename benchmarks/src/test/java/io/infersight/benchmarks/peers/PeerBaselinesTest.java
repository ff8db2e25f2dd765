package io.infersight.benchmarks.peers;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersight.benchmarks.fixtures.Check;
import io.infersight.benchmarks.fixtures.PromText;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Every variant of {@link PeerBenchmark} serves real requests through its real stack (Prometheus
 * registry, OpenTelemetry SDK, logback) and passes the check its tear-down prints: the check
 * that decides whether {@code report.py} shows its number. A few hundred requests each, so the
 * whole class takes seconds.
 */
class PeerBaselinesTest {
  private static final int REQUESTS = 300;
  private final PeerBenchmark bench = new PeerBenchmark();

  private <S extends PeerBenchmark.Base> Check serve(S state, Runnable setUp, Consumer<S> request, Runnable tearDown) {
    setUp.run();
    for (int i = 0; i < REQUESTS; i++) {
      request.accept(state);
    }
    tearDown.run();
    assertThat(state.requests).isEqualTo(REQUESTS);
    return state.check;
  }

  private static void assertPassed(Check check) {
    assertThat(check.passed()).as(check.line()).isTrue();
    assertThat(check.line()).contains("requests=" + REQUESTS);
  }

  @Test
  void micrometerObservationCountsEveryRequestAndTracesOnlyWhenSampledIn() {
    PeerBenchmark.ObservationOut out = new PeerBenchmark.ObservationOut();
    assertPassed(serve(out, out::setUp, bench::observationSampledOut, out::tearDown));
    assertThat(out.check.line()).contains("spans_ended=0", "ml_stage_seconds_count=" + 4 * REQUESTS);
    PeerBenchmark.ObservationIn in = new PeerBenchmark.ObservationIn();
    assertPassed(serve(in, in::setUp, bench::observationSampledIn, in::tearDown));
    assertThat(in.check.line()).contains("spans_ended=" + 5 * REQUESTS);
  }

  @Test
  void plainOpenTelemetryCountsEveryRequestAndTracesOnlyWhenSampledIn() {
    PeerBenchmark.OtelOut out = new PeerBenchmark.OtelOut();
    assertPassed(serve(out, out::setUp, bench::otelSampledOut, out::tearDown));
    PeerBenchmark.OtelIn in = new PeerBenchmark.OtelIn();
    assertPassed(serve(in, in::setUp, bench::otelSampledIn, in::tearDown));
    assertThat(in.check.line()).contains("ml.stage.duration_count=" + 4 * REQUESTS, "spans_ended=" + 5 * REQUESTS);
  }

  @Test
  void handWrittenSampledOutNeitherTracesNorLogsAndSampledInDoesBoth() {
    PeerBenchmark.SeedOut out = new PeerBenchmark.SeedOut();
    assertPassed(serve(out, out::setUp, bench::handWrittenSampledOut, out::tearDown));
    assertThat(out.check.line()).contains("log_lines=0", "spans_ended=0");
    PeerBenchmark.SeedIn in = new PeerBenchmark.SeedIn();
    assertPassed(serve(in, in::setUp, bench::handWrittenSampledIn, in::tearDown));
    assertThat(in.check.line()).contains("log_lines=" + REQUESTS, "spans_ended=" + 5 * REQUESTS);
  }

  @Test
  void infersightVariantsCountEveryRequestAndAccountForEveryLogEvent() {
    PeerBenchmark.AllOut allOut = new PeerBenchmark.AllOut();
    assertPassed(serve(allOut, allOut::setUp, bench::allPillarsSampledOut, allOut::tearDown));
    PeerBenchmark.AllIn allIn = new PeerBenchmark.AllIn();
    assertPassed(serve(allIn, allIn::setUp, bench::allPillarsSampledIn, allIn::tearDown));
    assertThat(allIn.check.line()).contains("log_events_accepted+dropped=" + REQUESTS);
    PeerBenchmark.MetricsTracingOut mtOut = new PeerBenchmark.MetricsTracingOut();
    assertPassed(serve(mtOut, mtOut::setUp, bench::metricsTracingSampledOut, mtOut::tearDown));
    PeerBenchmark.MetricsTracingIn mtIn = new PeerBenchmark.MetricsTracingIn();
    assertPassed(serve(mtIn, mtIn::setUp, bench::metricsTracingSampledIn, mtIn::tearDown));
  }

  @Test
  void aCheckFailsWhenACountIsShortAndWhenNothingWasServed() {
    Check short1 = Check.of("x", 10).equal("metric", 9, 10);
    assertThat(short1.passed()).isFalse();
    assertThat(short1.line()).startsWith("[check x] FAILED").contains("metric is 9, expected 10");
    assertThat(Check.of("y", 0).passed()).isFalse();
  }

  @Test
  void prometheusSumsAddEverySeriesOfOneNameOnly() {
    String text = "# TYPE a_total counter\na_total{x=\"1\"} 2.0\na_total{x=\"2\"} 3.0\na_total_other 7\na_total 1\n";
    assertThat(PromText.sum(text, "a_total")).isEqualTo(6.0);
  }
}
