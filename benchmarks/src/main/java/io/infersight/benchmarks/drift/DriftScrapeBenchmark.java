package io.infersight.benchmarks.drift;

import io.infersight.benchmarks.fixtures.InfersightStack;
import io.infersight.benchmarks.fixtures.Workload;
import io.infersight.core.Inference;
import io.infersight.core.InferenceObserver;
import io.infersight.core.LabelPolicy;
import io.infersight.drift.FeatureDriftMonitor;
import io.infersight.drift.InfersightDrift;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 19: what the fleet-drift bin counters cost a Prometheus scrape. One model with {@value
 * #FEATURES} numeric features and a score, its drift monitor on a {@link PrometheusMeterRegistry}
 * after 10 000 requests: {@code scrape()} with the per-bin counters and reference shares ({@code
 * binCounters=true}: 2 × 10 series per feature and for the score, the label policy raised so
 * that every feature gets its bins) beside the same monitor without them. Each fork prints the
 * scrape's size in bytes and series lines at set-up.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
@State(Scope.Benchmark)
public class DriftScrapeBenchmark {
  static final int FEATURES = 128;
  private static final int REQUESTS = 10_000;

  @Param({"true", "false"})
  public boolean binCounters;

  private PrometheusMeterRegistry registry;
  private InferenceObserver observer;

  @Setup
  public void setUp() {
    Workload w = Workload.create(FEATURES);
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    FeatureDriftMonitor drift = InfersightDrift.listenerBuilder(InfersightStack.profile(w), registry)
        .binCounters(binCounters).build();
    // The label policy's default limit of 100 features would leave 28 features without bins.
    observer = InferenceObserver.builder().model(Workload.MODEL, Workload.VERSION)
        .featureSchema(w.featureNames())
        .labelPolicy(LabelPolicy.builder().maxValues("feature", FEATURES).build())
        .addListener(drift).build();
    for (int i = 0; i < REQUESTS; i++) {
      try (Inference inf = observer.start()) {
        double[] f = w.nextVector();
        inf.features(f).scores(w.forward(f));
      }
    }
    String text = registry.scrape();
    long lines = text.lines().filter(l -> !l.startsWith("#")).count();
    System.out.printf("[scrape binCounters=%s] bytes=%d series=%d%n", binCounters,
        text.getBytes(StandardCharsets.UTF_8).length, lines);
  }

  @TearDown
  public void tearDown() {
    observer.close();
    registry.close();
  }

  @Benchmark
  public String scrape() {
    return registry.scrape();
  }
}
