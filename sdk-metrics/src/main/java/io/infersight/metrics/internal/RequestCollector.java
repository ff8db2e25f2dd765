package io.infersight.metrics.internal;

import io.infersight.core.internal.ThrottlingLogger;
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
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
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
 * unchanged; only their {@code _max} gauges are gone.
 *
 * <p>{@link #registration()} is what goes on the registry: where client_java lets a collector
 * describe its families at registration (1.5 and later), the registry then rejects another
 * collector that claims one of these names with a different type. Internal.
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

  /**
   * The collector to register: this one before client_java 1.5, and from 1.5 on a proxy of it that
   * also answers {@code getMetricType} and {@code getMetadata}. The proxy names client_java's
   * {@code MetricType} only by reflection, because client_java 1.3 (the supported floor) lacks that
   * class and nothing on this path may link against it.
   */
  MultiCollector registration() {
    Method getMetricType = describingMethod("getMetricType");
    if (getMetricType == null || !getMetricType.getReturnType().isEnum()) {
      return this;
    }
    Class<?> metricType = getMetricType.getReturnType();
    InvocationHandler handler = (proxy, method, args) -> {
      String name = method.getName();
      if (method.getDeclaringClass() == Object.class) {
        return switch (name) {
          case "equals" -> proxy == args[0];
          case "hashCode" -> System.identityHashCode(proxy);
          default -> "described " + this;
        };
      }
      if (name.equals("getMetricType") && method.getParameterCount() == 1) {
        RequestFamily f = family((String) args[0]);
        return f == null ? null : enumConstant(metricType, f.kind.name());
      }
      if (name.equals("getMetadata") && method.getParameterCount() == 1) {
        RequestFamily f = family((String) args[0]);
        return f == null ? null : new MetricMetadata(f.prometheusName, f.help);
      }
      if (name.equals("collect") && method.getParameterCount() == 0) {
        return collect();
      }
      if (name.equals("getPrometheusNames") && method.getParameterCount() == 0) {
        return NAMES;
      }
      return InvocationHandler.invokeDefault(proxy, method, args);
    };
    return (MultiCollector) Proxy.newProxyInstance(MultiCollector.class.getClassLoader(),
        new Class<?>[] {MultiCollector.class}, handler);
  }

  /** {@code MultiCollector}'s one-argument method of this name, or null where it lacks one. */
  private static Method describingMethod(String name) {
    try {
      return MultiCollector.class.getMethod(name, String.class);
    } catch (NoSuchMethodException absent) {
      return null;
    }
  }

  private static Object enumConstant(Class<?> enumType, String name) {
    for (Object constant : enumType.getEnumConstants()) {
      if (((Enum<?>) constant).name().equals(name)) {
        return constant;
      }
    }
    throw new IllegalStateException(enumType.getName() + " has no constant " + name);
  }

  /** The family of a Prometheus name this collector exports, or null. */
  private static RequestFamily family(String prometheusName) {
    for (RequestFamily f : RequestFamily.values()) {
      if (f.prometheusName.equals(prometheusName)) {
        return f;
      }
    }
    return null;
  }

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

    void histogram(RecordedHistogram h, RecordedHistogram.Reading read) {
      Map<Labels, Bucketed> series = histograms.computeIfAbsent(h.family, f -> new LinkedHashMap<>());
      Bucketed b = series.get(h.labels);
      if (b == null) {
        series.put(h.labels, new Bucketed(h, read));
        return;
      }
      if (!Arrays.equals(b.bounds, h.exportedBounds())
          || (b.layout == null) != (h.nativeLayout == null)
          || (b.layout != null && !b.layout.sameCells(h.nativeLayout))) {
        // Micrometer would have handed the second listener the first one's meter; keep the first.
        LOG.log(Level.WARNING, "bucket-mismatch:" + h.family.prometheusName, "Two metrics listeners"
            + " on one registry record " + h.family.meterName + " " + h.labels + " with different"
            + " buckets; the scrape shows the first listener's only");
        return;
      }
      long[] classic = read.classic();
      for (int i = 0; i < classic.length; i++) {
        b.cells[i] += classic[i];
      }
      if (b.nativeCells != null && read.nativeCells() != null) {
        for (int i = 0; i < b.nativeCells.length; i++) {
          b.nativeCells[i] += read.nativeCells()[i];
        }
      } else {
        b.nativeCells = null; // one of them fell back to classic only in this scrape
      }
      b.sum += read.sum();
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
    final NativeLayout layout;
    /** Native cells, or null when this series has none (in this scrape). */
    long[] nativeCells;

    Bucketed(RecordedHistogram h, RecordedHistogram.Reading read) {
      this.bounds = h.exportedBounds();
      this.cells = read.classic();
      this.sum = read.sum();
      this.exemplars = h.exemplars();
      this.layout = h.nativeLayout;
      this.nativeCells = read.nativeCells();
    }

    HistogramDataPointSnapshot point(Labels labels) {
      return RecordedHistogram.point(bounds, cells, layout, nativeCells, sum, labels, latestPerBucket());
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
