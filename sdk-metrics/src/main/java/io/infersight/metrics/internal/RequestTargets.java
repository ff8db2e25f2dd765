package io.infersight.metrics.internal;

import io.infersight.metrics.MeterNames;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.config.NamingConvention;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Decides where the per-request series of a listener go, and with which labels. A Prometheus
 * registry, directly or as a child of a composite (found as {@link ScoreHistogram} finds it), gets
 * the striped {@link RequestRecorder}; every other registry keeps Micrometer meters. A composite
 * without a Prometheus child is one Micrometer target, so children added to it later get the meters
 * as Micrometer always did. Internal.
 */
final class RequestTargets {
  /** Keys the series set themselves; a common tag of the same key would clash, so it is left out. */
  private static final Set<String> OWN_KEYS = Set.of(MeterNames.MODEL_NAME,
      MeterNames.MODEL_VERSION, MeterNames.GIT_COMMIT, MeterNames.STATUS, MeterNames.STAGE,
      MeterNames.CACHE_HIT);

  private RequestTargets() {}

  static void split(MeterRegistry registry, List<PrometheusMeterRegistry> prometheus,
      List<MeterRegistry> others) {
    if (registry instanceof PrometheusMeterRegistry) {
      prometheus.add((PrometheusMeterRegistry) registry);
    } else if (registry instanceof CompositeMeterRegistry && hasPrometheus(registry)) {
      for (MeterRegistry child : ((CompositeMeterRegistry) registry).getRegistries()) {
        split(child, prometheus, others);
      }
    } else {
      others.add(registry);
    }
  }

  private static boolean hasPrometheus(MeterRegistry registry) {
    if (registry instanceof PrometheusMeterRegistry) {
      return true;
    }
    if (registry instanceof CompositeMeterRegistry) {
      for (MeterRegistry child : ((CompositeMeterRegistry) registry).getRegistries()) {
        if (hasPrometheus(child)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The tags every series of this model carries on {@code target} besides its own (model_name,
   * model_version, stage, ...): the listener's constant labels plus whatever common tags or meter
   * filters the application configured on the registry and on any composite above it. Meters
   * registered on {@code target} directly, or not through Micrometer at all, would miss the latter,
   * so they are read off the {@code ml.model.info} gauge Micrometer registered on {@code target}
   * (its id after filters).
   */
  static Tags tags(MeterRegistry target, Tags constantTags, String name, String version, String commit) {
    Gauge info = find(target.find(MeterNames.MODEL_INFO).tag(MeterNames.MODEL_NAME, name)
        .tag(MeterNames.MODEL_VERSION, version).tag(MeterNames.GIT_COMMIT, commit).gauges(), constantTags);
    if (info == null) {
      return constantTags; // a filter denied the gauge: nothing to learn from it
    }
    List<Tag> tags = new ArrayList<>();
    for (Tag t : info.getId().getTags()) {
      if (!OWN_KEYS.contains(t.getKey())) {
        tags.add(t);
      }
    }
    return Tags.of(tags);
  }

  /** As {@link #tags}, as client_java labels named as the registry's scrape names them. */
  static Labels labels(PrometheusMeterRegistry target, Tags constantTags, String name,
      String version, String commit) {
    NamingConvention convention = target.config().namingConvention();
    List<String> names = new ArrayList<>();
    List<String> values = new ArrayList<>();
    for (Tag t : tags(target, constantTags, name, version, commit)) {
      names.add(convention.tagKey(t.getKey()));
      values.add(convention.tagValue(t.getValue()));
    }
    return Labels.of(names, values);
  }

  /** The gauge carrying all of this listener's constant tags (another listener may differ only there). */
  private static Gauge find(Collection<Gauge> gauges, Tags constantTags) {
    Gauge first = null;
    for (Gauge g : gauges) {
      if (first == null) {
        first = g;
      }
      boolean all = true;
      for (Tag t : constantTags) {
        all &= t.getValue().equals(g.getId().getTag(t.getKey()));
      }
      if (all) {
        return g;
      }
    }
    return first;
  }
}
