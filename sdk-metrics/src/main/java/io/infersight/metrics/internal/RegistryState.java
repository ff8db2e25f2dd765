package io.infersight.metrics.internal;

import io.infersight.core.BoundedLabel;
import io.infersight.core.InferenceObserver;
import io.infersight.core.LabelPolicy;
import io.infersight.core.SelfCounter;
import io.infersight.core.SelfMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Arrays;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * What the metrics listeners of one {@link MeterRegistry} share. Micrometer hands back the existing
 * meter when a second listener registers the same name and tags, which is right for counters and
 * timers but would silently drop the second listener's gauge or function-counter source; so those
 * sources are shared here and sum every listener's part. The model labels are also bounded here,
 * across all observers on the registry, and a Prometheus registry's {@link RequestCollector} lives
 * here. Used at install time only. Internal.
 */
final class RegistryState {
  // Weak keys: a registry dropped by the application takes its state with it. The values never
  // reference the registry, or the keys could never be collected.
  private static final Map<MeterRegistry, RegistryState> STATES = new WeakHashMap<>();

  private final ConcurrentHashMap<String, LongAdder> active = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Sum<SelfCounter>> sums = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Sum<InferenceObserver>> queued = new ConcurrentHashMap<>();
  private final Map<String, BoundedLabel> modelGuards = new ConcurrentHashMap<>();
  private String[] scoreLabels;
  private RequestCollector requests;

  private RegistryState() {}

  static RegistryState of(MeterRegistry registry) {
    synchronized (STATES) {
      return STATES.computeIfAbsent(registry, r -> new RegistryState());
    }
  }

  /**
   * The guard of a model label ({@code model_name}, {@code model_version}, {@code git_commit}) for
   * the whole registry. The first observer's label policy and self-metrics own it.
   */
  synchronized BoundedLabel modelGuard(String key, LabelPolicy policy, SelfMetrics selfMetrics,
      int maxLabelValues) {
    BoundedLabel guard = modelGuards.get(key);
    if (guard == null) {
      guard = guard(key, policy, selfMetrics, maxLabelValues);
      modelGuards.put(key, guard);
    }
    return guard;
  }

  /**
   * Checks that every listener on this (Prometheus) registry gives the score family the same label
   * keys, as Micrometer requires of one name on a Prometheus registry; the first listener sets them.
   */
  synchronized void checkScoreLabels(String[] labelNames) {
    if (scoreLabels == null) {
      scoreLabels = labelNames.clone();
    } else if (!Arrays.equals(scoreLabels, labelNames)) {
      throw new IllegalStateException("Every metrics listener on one registry must use the same"
          + " constant labels: " + io.infersight.metrics.MeterNames.PREDICTION_SCORE + " has labels "
          + Arrays.toString(scoreLabels) + ", this listener asks for " + Arrays.toString(labelNames));
    }
  }

  /**
   * The collector of every model's per-request series on this (Prometheus) registry, registered on
   * its client_java registry by the first listener.
   */
  synchronized RequestCollector requestCollector(PrometheusMeterRegistry registry) {
    if (requests == null) {
      RequestCollector created = new RequestCollector();
      registry.getPrometheusRegistry().register(created.registration());
      requests = created;
    }
    return requests;
  }

  /** The in-flight counter behind the gauge of these tags, registering the gauge once. */
  LongAdder activeRequests(MeterRegistry registry, Tags tags) {
    String key = tags.toString();
    LongAdder existing = active.get(key);
    if (existing != null) {
      return existing;
    }
    LongAdder created = new LongAdder();
    LongAdder raced = active.putIfAbsent(key, created);
    if (raced != null) {
      return raced;
    }
    gauge(registry, io.infersight.metrics.MeterNames.ACTIVE_REQUESTS, "Inference requests in flight",
        tags, created, LongAdder::sum);
    return created;
  }

  /** Adds {@code counter} to the function counter of this name and tags, registering it once. */
  void exportSelfCounter(MeterRegistry registry, String name, String description, Tags tags,
      SelfCounter counter) {
    String key = name + tags;
    Sum<SelfCounter> sum = sums.get(key);
    if (sum == null) {
      Sum<SelfCounter> created = new Sum<>(SelfCounter::count);
      sum = sums.putIfAbsent(key, created);
      if (sum == null) {
        sum = created;
        sum.parts.add(counter);
        FunctionCounter.builder(name, created, Sum::sum)
            .description(description)
            .tags(tags)
            .register(registry);
        return;
      }
    }
    sum.parts.addIfAbsent(counter);
  }

  /**
   * Adds {@code observer}'s queue count to the queued-requests gauge of these tags, registering the
   * gauge once: observers of one model on one registry share the series.
   */
  void queuedRequests(MeterRegistry registry, Tags tags, InferenceObserver observer) {
    Sum<InferenceObserver> sum = queued.computeIfAbsent(tags.toString(), k -> {
      Sum<InferenceObserver> created = new Sum<>(InferenceObserver::queuedRequests);
      gauge(registry, io.infersight.metrics.MeterNames.QUEUED_REQUESTS,
          "Inference requests waiting in a queue", tags, created, Sum::sum);
      return created;
    });
    sum.parts.addIfAbsent(observer);
  }

  /** Registers a gauge that holds its source strongly (the source lives only in this state). */
  private static <T> void gauge(MeterRegistry registry, String name, String description, Tags tags,
      T source, ToDoubleFunction<T> value) {
    Gauge.builder(name, source, value).description(description).tags(tags).strongReference(true)
        .register(registry);
  }

  /** A guard for {@code key}: the observer's policy, or its declared values with our own limit. */
  static BoundedLabel guard(String key, LabelPolicy policy, SelfMetrics selfMetrics, int maxLabelValues) {
    if (maxLabelValues <= 0) {
      return policy.guard(key, selfMetrics);
    }
    return LabelPolicy.builder()
        .maxValuesPerLabel(maxLabelValues)
        .declare(key, policy.declaredValues(key).toArray(new String[0]))
        .build()
        .guard(key, selfMetrics);
  }

  /**
   * The value of one shared series: the sum of its parts (every listener's self-counter, or every
   * observer's queue count).
   */
  static final class Sum<T> {
    final CopyOnWriteArrayList<T> parts = new CopyOnWriteArrayList<>();
    private final ToLongFunction<T> value;

    Sum(ToLongFunction<T> value) {
      this.value = value;
    }

    double sum() {
      long total = 0;
      for (T part : parts) {
        total += value.applyAsLong(part);
      }
      return total;
    }
  }
}
