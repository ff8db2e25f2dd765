package io.infersight.metrics.internal;

import io.infersight.core.BoundedLabel;
import io.infersight.core.InferenceObserver;
import io.infersight.core.LabelPolicy;
import io.infersight.core.SelfCounter;
import io.infersight.core.internal.ThrottlingLogger;
import io.infersight.metrics.MeterNames;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exports every {@link SelfCounter} of one observer, including those other modules create later,
 * as Micrometer function counters named as the counter, tagged with its label and
 * {@code model_name}. Label values are bounded too. Internal.
 */
final class SelfMetricsExport {
  private static final ThrottlingLogger LOG = ThrottlingLogger.forName("io.infersight.metrics");
  private static final String DEFAULT_DESCRIPTION = "Infersight self-metric";

  private final MetricsSettings settings;
  private final InferenceObserver observer;
  private final String modelName;
  private final RegistryState shared;
  private final ConcurrentHashMap<String, Set<String>> admitted = new ConcurrentHashMap<>();

  SelfMetricsExport(MetricsSettings settings, InferenceObserver observer, String modelName) {
    this.settings = settings;
    this.observer = observer;
    this.modelName = modelName;
    this.shared = RegistryState.of(settings.registry);
  }

  /** Registers {@code counter}; never throws (it may run inside another module's recording call). */
  void export(SelfCounter counter) {
    try {
      Tags tags = settings.constantTags.and(MeterNames.MODEL_NAME, modelName);
      String key = counter.labelKey();
      if (key != null) {
        if (LabelPolicy.isForbiddenKey(key) || clashes(key)) {
          LOG.log(Level.WARNING, "self-label:" + key, "Self-metric " + counter.name()
              + " is not exported: its label key '" + key + "' is refused or clashes with "
              + MeterNames.MODEL_NAME + " or a constant label");
          return;
        }
        tags = tags.and(key, bounded(key, counter.labelValue()));
      }
      String description = counter.description().isBlank() ? DEFAULT_DESCRIPTION : counter.description();
      shared.exportSelfCounter(settings.registry, counter.name(), description, tags, counter);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "self-export:" + counter.name(),
          "Could not export self-metric " + counter.name() + " to the meter registry", e);
    }
  }

  private boolean clashes(String key) {
    if (MeterNames.MODEL_NAME.equals(key)) {
      return true;
    }
    for (Tag t : settings.constantTags) {
      if (t.getKey().equals(key)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Bounds a self-metric label value. Self-metric labels come from code and are small sets; this
   * only keeps a module with a bug from flooding the registry, so past the limit values fold into
   * {@value LabelPolicy#OTHER} with a warning, without an overflow counter of their own.
   */
  private String bounded(String key, String value) {
    Set<String> seen = admitted.get(key);
    if (seen == null) {
      Set<String> created = ConcurrentHashMap.newKeySet();
      seen = admitted.putIfAbsent(key, created);
      if (seen == null) {
        seen = created;
      }
    }
    if (value == null) {
      return BoundedLabel.NONE;
    }
    if (seen.contains(value) || observer.labelPolicy().declaredValues(key).contains(value)) {
      return value;
    }
    int limit = settings.maxLabelValues > 0 ? settings.maxLabelValues : observer.labelPolicy().maxValues(key);
    synchronized (seen) {
      if (seen.size() < limit) {
        seen.add(value);
        return value;
      }
    }
    LOG.log(Level.WARNING, "self-overflow:" + key, "Self-metric label '" + key + "' reached "
        + limit + " values; further values are exported as '" + LabelPolicy.OTHER + "'");
    return LabelPolicy.OTHER;
  }
}
