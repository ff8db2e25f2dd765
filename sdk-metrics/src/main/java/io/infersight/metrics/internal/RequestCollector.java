package io.infersight.metrics.internal;

import io.infersight.core.internal.ThrottlingLogger;
import io.prometheus.metrics.model.registry.MetricType;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Exemplar;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The client_java collector of every {@link RequestRecorder} on one Prometheus registry, registered
 * once per registry (kept in {@link RegistryState}). Observers of different models share one
 * family per name, as Micrometer's meters did; series with equal labels (two observers of one
 * model) are added up, as Micrometer returned one meter for them. Names, HELP, labels and buckets
 * are those of the Micrometer meters this path replaces, so dashboards and alerts read it
 * unchanged; only their {@code _max} gauges are gone. Internal.
 */
final class RequestCollector implements MultiCollector {
  private static final ThrottlingLogger LOG = ThrottlingLogger.forName("io.infersight.metrics");
  private static final List<String> NAMES;

  static {
    List<String> names = new ArrayList<>();
    for (RequestFamily f : RequestFamily.values()) {
      names.add(f.prometheusName);
    }
    NAMES = List.copyOf(names);
  }

  private final CopyOnWriteArrayList<RequestRecorder> recorders = new CopyOnWriteArrayList<>();

  void add(RequestRecorder recorder) {
    recorders.add(recorder);
  }

  @Override
  public MetricSnapshots collect() {
    Scrape scrape = new Scrape();
    for (RequestRecorder r : recorders) {
      r.collect(scrape);
    }
    return scrape.snapshots();
  }

  @Override
  public List<String> getPrometheusNames() {
    return NAMES;
  }

  @Override
  public MetricType getMetricType(String prometheusName) {
    for (RequestFamily f : RequestFamily.values()) {
      if (f.prometheusName.equals(prometheusName)) {
        return f.type;
      }
    }
    return null;
  }

  @Override
  public MetricMetadata getMetadata(String prometheusName) {
    for (RequestFamily f : RequestFamily.values()) {
      if (f.prometheusName.equals(prometheusName)) {
        return new MetricMetadata(f.prometheusName, f.help);
      }
    }
    return null;
  }

  /** One scrape's series, merged by family and labels. */
  static final class Scrape {
    private final Map<RequestFamily, Map<Labels, Counted>> counters = new EnumMap<>(RequestFamily.class);
    private final Map<RequestFamily, Map<Labels, Bucketed>> histograms = new EnumMap<>(RequestFamily.class);

    void counter(RequestFamily family, Labels labels, long value, Exemplar exemplar) {
      Counted c = counters.computeIfAbsent(family, f -> new LinkedHashMap<>())
          .computeIfAbsent(labels, l -> new Counted());
      c.value += value;
      c.exemplar = latest(c.exemplar, exemplar);
    }

    void histogram(RecordedHistogram h, long[] read, double sum) {
      Map<Labels, Bucketed> series = histograms.computeIfAbsent(h.family, f -> new LinkedHashMap<>());
      Bucketed b = series.get(h.labels);
      if (b == null) {
        series.put(h.labels, new Bucketed(h, read, sum));
        return;
      }
      if (!Arrays.equals(b.bounds, h.exportedBounds())) {
        // Micrometer would have handed the second listener the first one's meter; keep the first.
        LOG.log(Level.WARNING, "bucket-mismatch:" + h.family.prometheusName, "Two metrics listeners"
            + " on one registry record " + h.family.meterName + " " + h.labels + " with different"
            + " buckets; the scrape shows the first listener's only");
        return;
      }
      for (int i = 0; i < read.length; i++) {
        b.cells[i] += read[i];
      }
      b.sum += sum;
      b.exemplars.addAll(h.exemplars());
    }

    MetricSnapshots snapshots() {
      List<MetricSnapshot> out = new ArrayList<>();
      counters.forEach((family, series) -> {
        List<CounterDataPointSnapshot> points = new ArrayList<>(series.size());
        series.forEach((labels, c) -> points.add(new CounterDataPointSnapshot(c.value, labels, c.exemplar, 0L)));
        out.add(new CounterSnapshot(new MetricMetadata(family.prometheusName, family.help), points));
      });
      histograms.forEach((family, series) -> {
        List<HistogramDataPointSnapshot> points = new ArrayList<>(series.size());
        series.forEach((labels, b) -> points.add(b.point(labels)));
        out.add(new HistogramSnapshot(new MetricMetadata(family.prometheusName, family.help), points));
      });
      return new MetricSnapshots(out);
    }

    private static Exemplar latest(Exemplar a, Exemplar b) {
      if (a == null) {
        return b;
      }
      if (b == null) {
        return a;
      }
      return b.getTimestampMillis() > a.getTimestampMillis() ? b : a;
    }
  }

  private static final class Counted {
    double value;
    Exemplar exemplar;
  }

  private static final class Bucketed {
    final double[] bounds;
    /** Bucket counts, {@code +Inf} last. */
    final long[] cells;
    /** The sum in exported units (seconds for durations). */
    double sum;
    final List<Exemplar> exemplars;

    Bucketed(RecordedHistogram h, long[] read, double sum) {
      this.bounds = h.exportedBounds();
      this.cells = read;
      this.sum = sum;
      this.exemplars = h.exemplars();
    }

    HistogramDataPointSnapshot point(Labels labels) {
      return RecordedHistogram.point(bounds, cells, sum, labels, latestPerBucket());
    }

    /** Merged series may hold two exemplars for one bucket; keep the newer. */
    private List<Exemplar> latestPerBucket() {
      if (exemplars.size() < 2) {
        return exemplars;
      }
      Exemplar[] byBucket = new Exemplar[bounds.length];
      for (Exemplar e : exemplars) {
        int i = 0;
        while (i < bounds.length - 1 && e.getValue() > bounds[i]) {
          i++;
        }
        if (byBucket[i] == null || e.getTimestampMillis() > byBucket[i].getTimestampMillis()) {
          byBucket[i] = e;
        }
      }
      List<Exemplar> out = new ArrayList<>();
      for (Exemplar e : byBucket) {
        if (e != null) {
          out.add(e);
        }
      }
      return out;
    }
  }
}
