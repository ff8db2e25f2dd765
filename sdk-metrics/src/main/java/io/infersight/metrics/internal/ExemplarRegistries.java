package io.infersight.metrics.internal;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The Prometheus registries whose per-request series carry trace exemplars: those made by {@code
 * InfersightMetrics.prometheusRegistry(..)}. A registry built with Micrometer's default config
 * writes exemplars on {@code _count} series too, and Prometheus servers before 2.43 then refuse
 * the whole scrape; such a registry got no exemplars from Micrometer's timers either (it has no
 * span context), so it gets none here. Internal.
 */
public final class ExemplarRegistries {
  // Weak keys: a registry dropped by the application is not pinned here.
  private static final Set<PrometheusMeterRegistry> ENABLED =
      Collections.newSetFromMap(Collections.synchronizedMap(
          new WeakHashMap<PrometheusMeterRegistry, Boolean>()));

  private ExemplarRegistries() {}

  /** Lets the per-request series of {@code registry} carry exemplars; call before listeners install. */
  public static void enable(PrometheusMeterRegistry registry) {
    ENABLED.add(registry);
  }

  static boolean enabled(PrometheusMeterRegistry registry) {
    return ENABLED.contains(registry);
  }
}
