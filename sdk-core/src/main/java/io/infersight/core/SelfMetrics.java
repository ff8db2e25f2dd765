package io.infersight.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The registry of {@link SelfCounter}s of one observer. Any module may create counters; an
 * exporter (the metrics module) reads them all, and hears of counters created later.
 *
 * <pre>{@code
 * observer.selfMetrics().forEachCounter(c -> System.out.println(c));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class SelfMetrics {
  private final ConcurrentHashMap<String, SelfCounter> counters = new ConcurrentHashMap<>();
  private final List<Consumer<SelfCounter>> subscribers = new CopyOnWriteArrayList<>();

  SelfMetrics() {}

  /** Returns the unlabelled counter of this name, creating it on first use. */
  public SelfCounter counter(String name, @Nullable String description) {
    return counter(name, description, null, null);
  }

  /**
   * Returns the counter of this name and label, creating it on first use. Resolve counters once
   * and keep them: this method looks up a map.
   */
  public SelfCounter counter(String name, @Nullable String description, @Nullable String labelKey,
      @Nullable String labelValue) {
    Objects.requireNonNull(name, "name");
    if ((labelKey == null) != (labelValue == null)) {
      throw new IllegalArgumentException("labelKey and labelValue must both be set or both be null");
    }
    String key = labelKey == null ? name : name + '\u0000' + labelKey + '\u0000' + labelValue;
    SelfCounter existing = counters.get(key);
    if (existing != null) {
      return existing;
    }
    SelfCounter created = new SelfCounter(name, description == null ? "" : description, labelKey, labelValue);
    SelfCounter raced = counters.putIfAbsent(key, created);
    if (raced != null) {
      return raced;
    }
    for (Consumer<SelfCounter> subscriber : subscribers) {
      try {
        subscriber.accept(created);
      } catch (RuntimeException e) {
        // An exporter's failure must not break the module that counts.
      }
    }
    return created;
  }

  /** A snapshot of every counter created so far. */
  public List<SelfCounter> counters() {
    return new ArrayList<>(counters.values());
  }

  /** The current count of a counter, or 0 when it does not exist. */
  public long count(String name, @Nullable String labelKey, @Nullable String labelValue) {
    String key = labelKey == null ? name : name + '\u0000' + labelKey + '\u0000' + labelValue;
    SelfCounter c = counters.get(key);
    return c == null ? 0 : c.count();
  }

  /**
   * Calls {@code action} for every existing counter now and for every counter created later.
   * This is how an exporter registers them.
   */
  public void forEachCounter(Consumer<SelfCounter> action) {
    Objects.requireNonNull(action, "action");
    subscribers.add(action);
    for (SelfCounter c : counters.values()) {
      action.accept(c);
    }
  }
}
