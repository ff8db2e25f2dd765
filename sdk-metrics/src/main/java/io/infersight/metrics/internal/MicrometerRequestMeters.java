package io.infersight.metrics.internal;

import io.infersight.core.InferenceView;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The per-request series of one model as Micrometer meters, for every registry that is not a
 * Prometheus one (there {@link RequestRecorder} records the same series faster): the {@link
 * RequestFamily} table's counters as counters, its durations as timers and its whole-count
 * histograms as distribution summaries. Prediction scores are {@link ScoreHistogram}'s. Resolved
 * once at install, so recording indexes arrays and calls Micrometer: no lookup, no tags, no
 * allocation. Internal.
 */
final class MicrometerRequestMeters implements RequestFamily.Sink<Void> {
  /** By family ordinal, then series; null where the family is of another kind or not exported. */
  private final Counter[][] counters = new Counter[RequestFamily.ALL.length][];
  private final Timer[][] timers = new Timer[RequestFamily.ALL.length][];
  private final DistributionSummary[][] summaries = new DistributionSummary[RequestFamily.ALL.length][];

  MicrometerRequestMeters(MeterRegistry registry, Tags modelTags, Tags versionTags,
      Function<String, double[]> buckets) {
    for (RequestFamily f : RequestFamily.ALL) {
      Tags base = f.scope == RequestFamily.Scope.VERSION ? versionTags : modelTags;
      int width = f.split.width;
      if (f.kind == RequestFamily.Kind.COUNTER) {
        counters[f.ordinal()] = new Counter[width];
      } else if (f.unit == RequestFamily.Unit.NANOS) {
        timers[f.ordinal()] = new Timer[width];
      } else if (f.unit == RequestFamily.Unit.WHOLE) {
        summaries[f.ordinal()] = new DistributionSummary[width];
      } else {
        continue; // REAL: the scores, registered by ScoreHistogram
      }
      for (int i = 0; i < width; i++) {
        if (!f.split.exported(i)) {
          continue;
        }
        Tags tags = f.split == RequestFamily.Split.NONE ? base : base.and(f.split.key, f.split.value(i));
        if (f.kind == RequestFamily.Kind.COUNTER) {
          counters[f.ordinal()][i] = Counter.builder(f.meterName).description(f.help).tags(tags)
              .register(registry);
        } else if (f.unit == RequestFamily.Unit.NANOS) {
          timers[f.ordinal()][i] = timer(registry, f.meterName, f.help, tags, buckets.apply(f.meterName));
        } else {
          summaries[f.ordinal()][i] = DistributionSummary.builder(f.meterName).description(f.help)
              .tags(tags).serviceLevelObjectives(buckets.apply(f.meterName))
              .publishPercentileHistogram(false).register(registry);
        }
      }
    }
  }

  /** A timer with the histogram's buckets as service-level objectives, whole nanoseconds. */
  static Timer timer(MeterRegistry registry, String meter, String description, Tags tags,
      double[] seconds) {
    Duration[] slos = new Duration[seconds.length];
    for (int i = 0; i < seconds.length; i++) {
      slos[i] = Duration.ofNanos(Math.round(seconds[i] * 1e9));
    }
    return Timer.builder(meter).description(description).tags(tags)
        .serviceLevelObjectives(slos).publishPercentileHistogram(false)
        .register(registry);
  }

  /** Records one closed request: every observation {@link RequestFamily#walk} hands over. */
  void record(InferenceView inf, int skip) {
    RequestFamily.walk(inf, skip, this, null);
  }

  /** Records one batch execution: every observation {@link RequestFamily#walkBatch} hands over. */
  void recordBatch(int members, long forwardNanos, boolean forwardValid) {
    RequestFamily.walkBatch(members, forwardNanos, forwardValid, this, null);
  }

  @Override
  public void count(Void at, RequestFamily family, int series, long delta) {
    Counter counter = counters[family.ordinal()][series];
    if (counter != null) { // null: RUNNING, never exported
      counter.increment(delta);
    }
  }

  @Override
  public void observe(Void at, RequestFamily family, int series, long value) {
    switch (family.unit) {
      case NANOS -> timers[family.ordinal()][series].record(value, TimeUnit.NANOSECONDS);
      case WHOLE -> summaries[family.ordinal()][series].record(value);
      case REAL -> throw new IllegalArgumentException(family + " takes scores, not whole values");
    }
  }

  /** Scores go to {@link ScoreHistogram}, which registers one summary per registry, composites' children included. */
  @Override
  public void score(Void at, double value) {}
}
