package io.infersight.benchmarks.logging;

import ch.qos.logback.classic.AsyncAppender;
import io.infersight.benchmarks.fixtures.CountingSink;
import io.infersight.benchmarks.fixtures.InfersightStack;
import io.infersight.benchmarks.fixtures.LogbackPipelines;
import io.infersight.benchmarks.fixtures.SeedHandler;
import io.infersight.benchmarks.fixtures.Workload;
import io.infersight.core.InferenceObserver;
import io.infersight.logging.NonBlockingAsyncAppender;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.slf4j.MDC;

/**
 * Issue 4: the caller-thread cost of a request that writes one {@code inference_complete} JSON
 * event. Infersight (sample rate 1) goes through its shipped pipeline: RequestSamplingAppender ->
 * NonBlockingAsyncAppender -> LogstashEncoder with PiiMaskingJsonDecorator. The hand-written
 * baseline logs the same fields as structured arguments through LogstashEncoder, synchronously
 * and behind logback's AsyncAppender (same queue size). Every line goes to a {@link CountingSink}.
 * Goal: at most 0.5x the hand-written async figure.
 *
 * <p>The sampled-out path (sample rate 0) is measured against two floors: an observer whose only
 * listener puts and removes the correlation ID in the MDC (goal: at most 100 ns and 64 B/op
 * beyond it), and a bare MDC put/remove.
 *
 * <p>An async appender whose writer is slower than the caller fills up: both then drop (logback's
 * AsyncAppender discards INFO events once its queue is 80% full; Infersight's drops and counts
 * when full), so the async figures are the caller's cost under saturation. Each fork prints how
 * many lines were written per request at tear-down. The {@code paced*} variants therefore also
 * run each request followed by {@value #PACING_TOKENS} tokens of {@link Blackhole#consumeCPU}, slow
 * enough for both writers to keep up; their caller cost is the figure minus {@link #pacing}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class LoggingBenchmark {
  /** CPU burnt after each paced request, so that the async writers are not saturated. */
  public static final long PACING_TOKENS = 3_000;

  /** Counts requests and lines, and prints the share written at tear-down. */
  abstract static class Counted {
    final CountingSink sink = new CountingSink();
    final Workload workload = Workload.create(16);
    long requests;

    void report(String name, String extra) {
      System.out.printf("%n[%s] requests=%d lines=%d (%.3f per request)%s%n", name, requests,
          sink.writes(), requests == 0 ? 0.0 : (double) sink.writes() / requests, extra);
    }
  }

  @State(Scope.Benchmark)
  public static class HandWrittenSync extends Counted {
    SeedHandler seed;

    @Setup
    public void setUp() {
      LogbackPipelines.handWrittenSync(sink);
      seed = SeedHandler.builder().logging().build();
    }

    @TearDown
    public void tearDown() {
      LogbackPipelines.stop();
      report("handWrittenSync", "");
    }
  }

  @State(Scope.Benchmark)
  public static class HandWrittenAsync extends Counted {
    SeedHandler seed;
    AsyncAppender async;

    @Setup
    public void setUp() {
      async = LogbackPipelines.handWrittenAsync(sink);
      seed = SeedHandler.builder().logging().build();
    }

    @TearDown
    public void tearDown() {
      LogbackPipelines.stop();
      report("handWrittenAsync", "");
    }
  }

  /** An observer with the logging listener at {@code sampleRate}, over Infersight's pipeline. */
  abstract static class Infersight extends Counted {
    InferenceObserver observer;
    NonBlockingAsyncAppender async;

    void start(double sampleRate) {
      async = LogbackPipelines.infersight(sink);
      observer = InfersightStack.builder(workload).logging(sampleRate).build();
    }

    void stop(String name) {
      observer.close();
      long accepted = async.acceptedCount();
      long dropped = async.droppedCount();
      LogbackPipelines.stop();
      report(name, " accepted=" + accepted + " dropped=" + dropped);
    }
  }

  @State(Scope.Benchmark)
  public static class SampledIn extends Infersight {
    @Setup
    public void setUp() {
      start(1.0);
    }

    @TearDown
    public void tearDown() {
      stop("infersightSampledIn");
    }
  }

  @State(Scope.Benchmark)
  public static class SampledOut extends Infersight {
    @Setup
    public void setUp() {
      start(0.0);
    }

    @TearDown
    public void tearDown() {
      stop("infersightSampledOut");
    }
  }

  /** The floor of the sampled-out path: the core plus an MDC put/remove of the correlation ID. */
  @State(Scope.Benchmark)
  public static class MdcFloor extends Counted {
    InferenceObserver observer;

    @Setup
    public void setUp() {
      LogbackPipelines.infersight(sink);
      observer = InfersightStack.builder(workload).listener(InfersightStack.mdcOnly()).build();
    }

    @TearDown
    public void tearDown() {
      observer.close();
      LogbackPipelines.stop();
    }
  }

  /** Baseline: hand-written, one event encoded synchronously on the caller thread. */
  @Benchmark
  public Integer handWrittenSync(HandWrittenSync s) {
    s.requests++;
    return s.seed.handle(s.workload, Workload.CORRELATION_ID);
  }

  /** Baseline: hand-written, one event handed to logback's AsyncAppender. */
  @Benchmark
  public Integer handWrittenAsync(HandWrittenAsync s) {
    s.requests++;
    return s.seed.handle(s.workload, Workload.CORRELATION_ID);
  }

  /** Infersight, sample rate 1: one {@code inference_complete} event per request. */
  @Benchmark
  public Integer infersightSampledIn(SampledIn s) {
    s.requests++;
    return s.workload.serve(s.observer);
  }

  /** Infersight, sample rate 0: the event is sampled out (counted, not built). */
  @Benchmark
  public Integer infersightSampledOut(SampledOut s) {
    s.requests++;
    return s.workload.serve(s.observer);
  }

  /** Floor of {@link #infersightSampledOut}: core + MDC put/remove of the correlation ID. */
  @Benchmark
  public Integer mdcFloor(MdcFloor s) {
    s.requests++;
    return s.workload.serve(s.observer);
  }

  /** Paced baseline: logback's AsyncAppender with a writer that keeps up. */
  @Benchmark
  public Integer pacedHandWrittenAsync(HandWrittenAsync s) {
    s.requests++;
    Integer out = s.seed.handle(s.workload, Workload.CORRELATION_ID);
    Blackhole.consumeCPU(PACING_TOKENS);
    return out;
  }

  /** Paced Infersight, sample rate 1, with a writer that keeps up. */
  @Benchmark
  public Integer pacedInfersightSampledIn(SampledIn s) {
    s.requests++;
    Integer out = s.workload.serve(s.observer);
    Blackhole.consumeCPU(PACING_TOKENS);
    return out;
  }

  /** The pacing alone, subtracted from the paced figures. */
  @Benchmark
  public void pacing() {
    Blackhole.consumeCPU(PACING_TOKENS);
  }

  /** A bare MDC put/remove of the correlation ID, for scale. */
  @Benchmark
  public void mdcPutRemove() {
    MDC.put("correlation_id", Workload.CORRELATION_ID);
    MDC.remove("correlation_id");
  }
}
