package io.infersight.benchmarks.serving;

import io.infersight.benchmarks.fixtures.OtelSdks;
import io.infersight.core.Inference;
import io.infersight.core.InferenceBatch;
import io.infersight.core.InferenceObserver;
import io.infersight.core.Stage;
import io.infersight.metrics.InfersightMetrics;
import io.infersight.tracing.InfersightTracing;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Dynamic batching (docs/serving-patterns.md): what a request costs when 32 of them share one
 * forward pass through {@link InferenceBatch}, per member, against today's single request (its own
 * forward stage), with the metrics listener on a Prometheus registry and the tracing listener
 * sampling out (ratio 0). Both sides run the same stages (preprocess, forward, postprocess) and
 * allocate the same {@code Inference} per request; the batch side adds the batch object once per
 * 32 members. A queued request (enqueued, dequeued, started from its enqueue time) is measured
 * beside them. Stage bodies capture nothing, so the allocation figures are Infersight's own.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 6, time = 1)
@Fork(2)
public class BatchBenchmark {
  static final int MEMBERS = 32;

  @State(Scope.Thread)
  public static class Observed {
    OtelSdks.Counted otel;
    PrometheusMeterRegistry registry;
    InferenceObserver observer;
    /** The batcher's own member list, reused from batch to batch as a batcher does. */
    final List<Inference> members = new ArrayList<>(MEMBERS);

    @Setup
    public void setUp() {
      otel = OtelSdks.create();
      registry = InfersightMetrics.prometheusRegistry();
      observer = InferenceObserver.builder().model("ranker", "3")
          .addListener(InfersightTracing.listenerBuilder(otel.sdk()).samplingRatio(0.0).build())
          .addListener(InfersightMetrics.listener(registry))
          .build();
    }

    @TearDown
    public void tearDown() {
      observer.close();
      otel.close();
      registry.close();
    }
  }

  /** Stage bodies that capture nothing, so that what a request allocates is Infersight's alone. */
  private static final Runnable PREPROCESS = () -> { };
  private static final Runnable MODEL = () -> { };
  private static final Runnable POSTPROCESS = () -> { };

  /** Today's single request: its own forward stage. */
  @Benchmark
  public void singleRequest(Observed s) {
    try (Inference inf = s.observer.start()) {
      inf.stage(Stage.PREPROCESS, PREPROCESS);
      inf.stage(Stage.FORWARD, MODEL);
      inf.stage(Stage.POSTPROCESS, POSTPROCESS);
    }
  }

  /**
   * A request that waited in a queue: counted in the queued gauge while it waits and started from
   * its enqueue time, so its QUEUE stage is recorded in every pillar beside the others.
   */
  @Benchmark
  public void queuedRequest(Observed s) {
    long enqueuedAt = s.observer.enqueued();
    s.observer.dequeued();
    try (Inference inf = s.observer.start(null, enqueuedAt)) {
      inf.stage(Stage.PREPROCESS, PREPROCESS);
      inf.stage(Stage.FORWARD, MODEL);
      inf.stage(Stage.POSTPROCESS, POSTPROCESS);
    }
  }

  /** 32 requests, one forward pass for all: the figure is per member. */
  @Benchmark
  @OperationsPerInvocation(MEMBERS)
  public void batchOf32PerMember(Observed s) {
    List<Inference> members = s.members;
    for (int i = 0; i < MEMBERS; i++) {
      Inference inf = s.observer.start();
      inf.stage(Stage.PREPROCESS, PREPROCESS);
      members.add(inf);
    }
    InferenceBatch.of(members).forward(MODEL);
    // Last started, first closed: on one thread, members nest as scopes do (a batcher's members
    // are on their own threads; closing out of order here would walk the closed ones each time).
    for (int i = MEMBERS - 1; i >= 0; i--) {
      Inference inf = members.get(i);
      inf.stage(Stage.POSTPROCESS, POSTPROCESS);
      inf.close();
    }
    members.clear();
  }
}
