package io.infersight.metrics.internal;

import io.infersight.metrics.MeterNames;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Histogram;
import java.util.ArrayList;
import java.util.List;

/**
 * The prediction-score histogram. Micrometer's distribution summaries round a value up to a whole
 * number before choosing its bucket (micrometer#2341), so every score in (0, 1] would land in the
 * first bucket at or above 1. For a Prometheus registry (also inside a composite) the score is
 * therefore recorded into a Prometheus client histogram registered on that registry's own
 * collector registry, under the same name, labels and buckets; other registries get a Micrometer
 * summary, whose count, sum and max are right but whose buckets suffer that rounding. Internal.
 */
final class ScoreHistogram {
  private final DistributionDataPoint[] points;
  private final DistributionSummary[] summaries;

  private ScoreHistogram(List<DistributionDataPoint> points, List<DistributionSummary> summaries) {
    this.points = points.toArray(new DistributionDataPoint[0]);
    this.summaries = summaries.toArray(new DistributionSummary[0]);
  }

  static ScoreHistogram register(MeterRegistry registry, Tags tags, double[] buckets) {
    List<DistributionDataPoint> points = new ArrayList<>();
    List<DistributionSummary> summaries = new ArrayList<>();
    collect(registry, tags, buckets, points, summaries);
    return new ScoreHistogram(points, summaries);
  }

  private static void collect(MeterRegistry registry, Tags tags, double[] buckets,
      List<DistributionDataPoint> points, List<DistributionSummary> summaries) {
    if (registry instanceof PrometheusMeterRegistry) {
      points.add(nativePoint((PrometheusMeterRegistry) registry, tags, buckets));
    } else if (registry instanceof CompositeMeterRegistry) {
      for (MeterRegistry child : ((CompositeMeterRegistry) registry).getRegistries()) {
        collect(child, tags, buckets, points, summaries);
      }
    } else {
      summaries.add(DistributionSummary.builder(MeterNames.PREDICTION_SCORE)
          .description("Prediction scores").tags(tags)
          .serviceLevelObjectives(buckets).publishPercentileHistogram(false)
          .register(registry));
    }
  }

  private static DistributionDataPoint nativePoint(PrometheusMeterRegistry registry, Tags tags,
      double[] buckets) {
    List<String> names = new ArrayList<>();
    List<String> values = new ArrayList<>();
    for (Tag t : tags) {
      names.add(t.getKey());
      values.add(t.getValue());
    }
    Histogram histogram = RegistryState.of(registry).scoreHistogram(registry,
        names.toArray(new String[0]), buckets);
    return histogram.labelValues(values.toArray(new String[0]));
  }

  void record(double score) {
    for (DistributionDataPoint p : points) {
      p.observe(score);
    }
    for (DistributionSummary s : summaries) {
      s.record(score);
    }
  }

  /** The name the Prometheus client histogram is registered under. */
  static String prometheusName() {
    return MeterNames.PREDICTION_SCORE.replace('.', '_');
  }

  static Histogram create(PrometheusMeterRegistry registry, String[] labelNames, double[] buckets) {
    return Histogram.builder()
        .name(prometheusName())
        .help("Prediction scores")
        .labelNames(labelNames)
        .classicUpperBounds(buckets)
        .classicOnly()
        .withoutExemplars()
        .register(registry.getPrometheusRegistry());
  }
}
