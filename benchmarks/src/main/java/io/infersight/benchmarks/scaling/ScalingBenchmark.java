package io.infersight.benchmarks.scaling;

import io.infersight.benchmarks.fixtures.Check;
import io.infersight.benchmarks.fixtures.CountingSink;
import io.infersight.benchmarks.fixtures.InfersightStack;
import io.infersight.benchmarks.fixtures.LogbackPipelines;
import io.infersight.benchmarks.fixtures.OtelSdks;
import io.infersight.benchmarks.fixtures.PromText;
import io.infersight.benchmarks.fixtures.Workload;
import io.infersight.core.InferenceObserver;
import io.infersight.metrics.InfersightMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.sdk.trace.samplers.Sampler;
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
 * Issue 21, scaling: what a request costs as features and models grow, and what a scrape costs.
 *
 * <ul>
 *   <li>{@code perRequest[features]}: every pillar, sampled out (drift on), at 16, 128 and 1,024
 *       features; the slope between 16 and 1,024 is the cost per feature value;
 *   <li>{@code perRequestModels[models]}: the same at 16 features with 1, 10 or 100 models (one
 *       observer each) on one registry, requests taking the models in turn;
 *   <li>{@code scrape}: {@code PrometheusMeterRegistry.scrape()} in the text format the demo's
 *       {@code /metrics} serves, 10 models x 128 features, every model having served requests;
 *       its size is printed at set-up ({@code [scrape] bytes=...}).
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class ScalingBenchmark {
  /** Text format 0.0.4, what {@code /metrics} answers without an OpenMetrics Accept header. */
  static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";

  /** {@code models} observers of every pillar, sampled out, on one Prometheus registry. */
  abstract static class Fleet {
    final CountingSink sink = new CountingSink();
    OtelSdks.Counted otel;
    PrometheusMeterRegistry registry;
    Workload workload;
    InferenceObserver[] observers;
    int next;
    long requests;
    /** The tear-down's verdict. */
    Check check;

    void start(int features, int models) {
      LogbackPipelines.infersight(sink);
      otel = OtelSdks.counted(Sampler.alwaysOn());
      registry = InfersightMetrics.prometheusRegistry();
      workload = Workload.create(features);
      observers = new InferenceObserver[models];
      for (int i = 0; i < models; i++) {
        String model = models == 1 ? Workload.MODEL : Workload.MODEL + "-" + i;
        observers[i] = InfersightStack.builder(workload, model).metrics(registry).tracing(otel.sdk(), 0.0)
            .logging(0.0).drift(registry).build();
      }
    }

    Integer serve() {
      InferenceObserver o = observers[next];
      next = next + 1 == observers.length ? 0 : next + 1;
      requests++;
      return o.run(workload.pipeline(), workload.request(), Workload.CORRELATION_ID);
    }

    void stop(String name) {
      String scrape = registry.scrape();
      for (InferenceObserver o : observers) {
        o.close();
      }
      LogbackPipelines.stop();
      otel.close();
      registry.close();
      check = Check.of(name, requests)
          .equal("ml_inference_requests_total", PromText.sum(scrape, "ml_inference_requests_total"), requests)
          // Sampled out, Infersight still keeps the line and spans of a slow request (a thread
          // descheduled on a busy machine crosses the threshold now and then): at most 1%.
          .atMost("spans_ended", otel.ended(), 0.05 * requests)
          .atMost("log_lines", sink.writes(), 0.01 * requests);
      check.print();
    }
  }

  @State(Scope.Benchmark)
  public static class Features extends Fleet {
    @Param({"16", "128", "1024"})
    int features;

    @Setup
    public void setUp() {
      start(features, 1);
    }

    @TearDown
    public void tearDown() {
      stop("perRequest features=" + features);
    }
  }

  @State(Scope.Benchmark)
  public static class Models extends Fleet {
    @Param({"1", "10", "100"})
    int models;

    @Setup
    public void setUp() {
      start(16, models);
    }

    @TearDown
    public void tearDown() {
      stop("perRequestModels models=" + models);
    }
  }

  /** 10 models x 128 features, each with 1,000 requests served before the scrapes. */
  @State(Scope.Benchmark)
  public static class Scrape extends Fleet {
    static final int MODELS = 10;
    static final int FEATURES = 128;

    @Setup
    public void setUp() {
      start(FEATURES, MODELS);
      for (int i = 0; i < MODELS * 1_000; i++) {
        serve();
      }
      String body = registry.scrape(TEXT);
      long series = body.lines().filter(l -> !l.isEmpty() && !l.startsWith("#")).count();
      System.out.printf("%n[scrape] models=%d features=%d bytes=%d series=%d%n", MODELS, FEATURES,
          body.getBytes(StandardCharsets.UTF_8).length, series);
    }

    @TearDown
    public void tearDown() {
      stop("scrape models=10 features=128");
    }
  }

  @Benchmark
  public Integer perRequest(Features s) {
    return s.serve();
  }

  @Benchmark
  public Integer perRequestModels(Models s) {
    return s.serve();
  }

  @Benchmark
  public String scrape(Scrape s) {
    return s.registry.scrape(TEXT);
  }
}
