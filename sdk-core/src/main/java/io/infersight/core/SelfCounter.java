package io.infersight.core;

import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * A counter of Infersight's own health: listener errors, label overflows, invalid observations,
 * dropped logs and spans. Modules increment these through core so that the metrics module can
 * export them without either importing the other.
 *
 * <pre>{@code
 * SelfCounter dropped = observer.selfMetrics().counter(SelfMetricNames.LOGS_DROPPED,
 *     "Log events dropped", "reason", "queue_full");
 * dropped.increment();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class SelfCounter {
  private final String name;
  private final String description;
  private final @Nullable String labelKey;
  private final @Nullable String labelValue;
  private final LongAdder count = new LongAdder();

  SelfCounter(String name, String description, @Nullable String labelKey, @Nullable String labelValue) {
    this.name = name;
    this.description = description;
    this.labelKey = labelKey;
    this.labelValue = labelValue;
  }

  /** The Micrometer-style dotted name, for example {@code infersight.label.overflow}. */
  public String name() {
    return name;
  }

  public String description() {
    return description;
  }

  /** The one label key, or {@code null} for an unlabelled counter. */
  public @Nullable String labelKey() {
    return labelKey;
  }

  /** The label value, or {@code null} for an unlabelled counter. */
  public @Nullable String labelValue() {
    return labelValue;
  }

  public void increment() {
    count.increment();
  }

  public void add(long n) {
    count.add(n);
  }

  public long count() {
    return count.sum();
  }

  @Override
  public String toString() {
    return labelKey == null ? name + "=" + count() : name + "{" + labelKey + "=" + labelValue + "}=" + count();
  }
}
