package io.infersight.metrics.internal;

import static io.infersight.metrics.MeterNames.BATCH_SIZE;
import static io.infersight.metrics.MeterNames.CACHE_HIT;
import static io.infersight.metrics.MeterNames.STAGE;
import static io.infersight.metrics.MeterNames.STATUS;

import io.infersight.core.InferenceView;
import io.infersight.core.Stage;
import io.infersight.core.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The per-request meters of one model as Micrometer meters, for every registry that is not a
 * Prometheus one (there {@link RequestRecorder} records the same series faster). Resolved once at
 * install, so recording indexes arrays and calls Micrometer: no lookup, no tags, no allocation.
 * Internal.
 */
final class MicrometerRequestMeters {
  private static final Stage[] STAGES = Stage.values();

  /** By {@link Status#ordinal()}; the {@code RUNNING} slot stays null. */
  private final Counter[] requests = new Counter[Status.values().length];
  private final Timer requestDuration;
  private final Timer[] stageDuration = new Timer[STAGES.length];
  private final Timer forwardDuration;
  private final Timer[] featureRetrieval = new Timer[CacheOutcome.ALL.length];
  private final Timer featureAge;
  private final DistributionSummary batchSize;
  private final Counter samples;
  private final Counter executions;

  MicrometerRequestMeters(MeterRegistry registry, Tags modelTags, Tags versionTags,
      Function<String, double[]> buckets) {
    for (Status s : Status.values()) {
      if (s != Status.RUNNING) { // listeners only see closed requests
        requests[s.ordinal()] = Counter.builder(RequestFamily.REQUESTS.meterName)
            .description(RequestFamily.REQUESTS.help).tags(versionTags).tag(STATUS, s.label())
            .register(registry);
      }
    }
    requestDuration = timer(registry, RequestFamily.REQUEST_DURATION, versionTags, buckets);
    for (Stage st : STAGES) {
      stageDuration[st.ordinal()] = timer(registry, RequestFamily.STAGE_DURATION,
          modelTags.and(STAGE, st.label()), buckets);
    }
    forwardDuration = timer(registry, RequestFamily.FORWARD_DURATION, versionTags, buckets);
    for (CacheOutcome o : CacheOutcome.ALL) {
      featureRetrieval[o.ordinal()] = timer(registry, RequestFamily.FEATURE_RETRIEVAL,
          modelTags.and(CACHE_HIT, o.label), buckets);
    }
    featureAge = timer(registry, RequestFamily.FEATURE_AGE, modelTags, buckets);
    batchSize = DistributionSummary.builder(BATCH_SIZE)
        .description(RequestFamily.BATCH_SIZE.help).tags(modelTags)
        .serviceLevelObjectives(buckets.apply(BATCH_SIZE)).publishPercentileHistogram(false)
        .register(registry);
    samples = Counter.builder(RequestFamily.SAMPLES.meterName).description(RequestFamily.SAMPLES.help)
        .tags(versionTags).register(registry);
    executions = Counter.builder(RequestFamily.BATCH_EXECUTIONS.meterName)
        .description(RequestFamily.BATCH_EXECUTIONS.help).tags(modelTags).register(registry);
  }

  /** A timer with the histogram's buckets as service-level objectives, whole nanoseconds. */
  static Timer timer(MeterRegistry registry, RequestFamily family, Tags tags,
      Function<String, double[]> buckets) {
    return timer(registry, family.meterName, family.help, tags, buckets.apply(family.meterName));
  }

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

  /** Records one closed request; {@code skip} as in {@link RequestRecorder#record}. */
  void record(InferenceView inf, int skip) {
    boolean batched = inf.batch() != null; // its forward pass and batch size: recordBatch
    Counter counter = requests[inf.status().ordinal()];
    if (counter != null) {
      counter.increment();
    }
    if ((skip & RequestRecorder.SKIP_REQUEST) == 0) {
      requestDuration.record(inf.durationNanos(), TimeUnit.NANOSECONDS);
    }
    for (Stage st : STAGES) {
      if (inf.ran(st) && (skip & RequestRecorder.skipStage(st)) == 0) {
        long nanos = inf.stageNanos(st);
        stageDuration[st.ordinal()].record(nanos, TimeUnit.NANOSECONDS);
        if (st == Stage.FORWARD && !batched) {
          forwardDuration.record(nanos, TimeUnit.NANOSECONDS);
        }
      }
    }
    if (inf.ran(Stage.FEATURES) && (skip & RequestRecorder.SKIP_RETRIEVAL) == 0) {
      featureRetrieval[CacheOutcome.of(inf).ordinal()].record(inf.stageNanos(Stage.FEATURES),
          TimeUnit.NANOSECONDS);
    }
    long age = inf.featureAgeNanos();
    if (age >= 0) {
      featureAge.record(age, TimeUnit.NANOSECONDS);
    }
    int batch = inf.batchSize();
    if (batch >= 0) {
      if (!batched) {
        batchSize.record(batch);
      }
      samples.increment(batch);
    } else {
      samples.increment();
    }
  }

  /** Records one batch execution; as {@link RequestRecorder#recordBatch}. */
  void recordBatch(int members, long forwardNanos, boolean forwardValid) {
    executions.increment();
    batchSize.record(members);
    if (forwardValid) {
      forwardDuration.record(forwardNanos, TimeUnit.NANOSECONDS);
    }
  }
}
