package io.infersight.metrics.internal;

import io.infersight.metrics.MeterNames;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * The prediction-score meters outside Prometheus registries. On a Prometheus registry (also inside
 * a composite) scores go to the model's {@link RequestRecorder}, whose value histogram buckets them
 * as configured; every other registry gets a Micrometer summary, whose count, sum and max are right
 * but whose buckets suffer Micrometer's rounding of values up to whole numbers (micrometer#2341).
 * Internal.
 */
final class ScoreHistogram {
  private final DistributionSummary[] summaries;

  private ScoreHistogram(List<DistributionSummary> summaries) {
    this.summaries = summaries.toArray(new DistributionSummary[0]);
  }

  /**
   * Registers the summaries of every non-Prometheus registry under {@code registry}, and checks
   * that a Prometheus registry's score family keeps one label set.
   *
   * @throws IllegalStateException when another listener on a Prometheus registry uses other labels
   */
  static ScoreHistogram register(MeterRegistry registry, Tags tags, double[] buckets) {
    List<DistributionSummary> summaries = new ArrayList<>();
    collect(registry, tags, buckets, summaries);
    return new ScoreHistogram(summaries);
  }

  private static void collect(MeterRegistry registry, Tags tags, double[] buckets,
      List<DistributionSummary> summaries) {
    if (registry instanceof PrometheusMeterRegistry) {
      List<String> names = new ArrayList<>();
      for (Tag t : tags) {
        names.add(t.getKey());
      }
      RegistryState.of(registry).checkScoreLabels(names.toArray(new String[0]));
    } else if (registry instanceof CompositeMeterRegistry) {
      for (MeterRegistry child : ((CompositeMeterRegistry) registry).getRegistries()) {
        collect(child, tags, buckets, summaries);
      }
    } else {
      summaries.add(DistributionSummary.builder(MeterNames.PREDICTION_SCORE)
          .description("Prediction scores").tags(tags)
          .serviceLevelObjectives(buckets).publishPercentileHistogram(false)
          .register(registry));
    }
  }

  /** Whether any registry needs the listener to call {@link #record}. */
  boolean isEmpty() {
    return summaries.length == 0;
  }

  void record(double score) {
    for (DistributionSummary s : summaries) {
      s.record(score);
    }
  }
}
