package io.infersight.core;

import io.infersight.core.internal.ThrottlingLogger;
import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Resolves raw values of one label to bounded ones under a {@link LabelPolicy}: known values come
 * back unchanged (the same {@code String} instance, so callers can cache by identity), new values
 * are admitted until the limit, and past it everything becomes {@value LabelPolicy#OTHER}, counted
 * and logged once.
 *
 * <pre>{@code
 * BoundedLabel stages = policy.guard("sub_stage", observer.selfMetrics());
 * String value = stages.resolve(rawName);
 * }</pre>
 *
 * @since 0.1.0
 */
public final class BoundedLabel {
  /** @deprecated Use {@link SelfMetricNames#LABEL_OVERFLOW}. */
  @Deprecated
  public static final String OVERFLOW_COUNTER = SelfMetricNames.LABEL_OVERFLOW;
  /** The value a {@code null} raw value resolves to. */
  public static final String NONE = "none";

  private static final ThrottlingLogger LOG = ThrottlingLogger.forName("io.infersight.core.labels");

  private final String key;
  private final int limit;
  private final Set<String> declared;
  private final SelfCounter overflow;
  private final ConcurrentHashMap<String, String> admitted = new ConcurrentHashMap<>();
  private final AtomicInteger admittedCount = new AtomicInteger();

  BoundedLabel(String key, int limit, Set<String> declared, SelfCounter overflow) {
    this.key = key;
    this.limit = limit;
    this.declared = declared;
    this.overflow = overflow;
    for (String d : declared) {
      admitted.put(d, d);
    }
  }

  public String key() {
    return key;
  }

  /** Returns a bounded value for {@code raw}: itself, or {@value LabelPolicy#OTHER} past the limit. */
  public String resolve(@Nullable String raw) {
    if (raw == null) {
      return NONE;
    }
    String known = admitted.get(raw);
    if (known != null) {
      return known;
    }
    return admit(raw);
  }

  private String admit(String raw) {
    while (true) {
      int n = admittedCount.get();
      if (n >= limit) {
        overflow.increment();
        LOG.log(Level.WARNING, "overflow:" + key,
            "Label '" + key + "' reached its limit of " + limit + " distinct values; further values"
                + " are reported as '" + LabelPolicy.OTHER + "'. Raise the limit in LabelPolicy or"
                + " declare the expected values.");
        return LabelPolicy.OTHER;
      }
      if (admittedCount.compareAndSet(n, n + 1)) {
        String prior = admitted.putIfAbsent(raw, raw);
        if (prior != null) {
          admittedCount.decrementAndGet();
          return prior;
        }
        return raw;
      }
    }
  }

  /** How many non-declared values have been admitted. */
  public int admittedCount() {
    return admittedCount.get();
  }

  /** How many values folded into {@value LabelPolicy#OTHER}. */
  public long overflowCount() {
    return overflow.count();
  }

  int declaredCount() {
    return declared.size();
  }
}
