package io.infersight.core;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A typed key for per-request state that a listener keeps on the {@link Inference} itself, so it
 * needs no map from request to state. Create keys once, as constants.
 *
 * <pre>{@code
 * private static final SlotKey<Span> ROOT = SlotKey.create("tracing.root");
 * public void onStart(InferenceView inf) { inf.setSlot(ROOT, tracer.spanBuilder("ml.inference").startSpan()); }
 * public void onEnd(InferenceView inf) { inf.slot(ROOT).end(); }
 * }</pre>
 *
 * @param <T> the type of the stored value
 * @since 0.1.0
 */
public final class SlotKey<T> {
  /** More keys than this means keys are created per request, which is a bug. */
  static final int MAX_KEYS = 64;
  private static final AtomicInteger NEXT = new AtomicInteger();

  private final String name;
  private final int index;

  private SlotKey(String name, int index) {
    this.name = name;
    this.index = index;
  }

  /**
   * Creates a key. Keys are meant to be {@code static final} constants.
   *
   * @throws IllegalStateException when more than 64 keys are created in one JVM
   */
  public static <T> SlotKey<T> create(String name) {
    Objects.requireNonNull(name, "name");
    int index = NEXT.getAndIncrement();
    if (index >= MAX_KEYS) {
      throw new IllegalStateException("more than " + MAX_KEYS + " SlotKeys created; keys must be"
          + " static constants, not created per request (last: " + name + ")");
    }
    return new SlotKey<>(name, index);
  }

  int index() {
    return index;
  }

  static int count() {
    return Math.min(NEXT.get(), MAX_KEYS);
  }

  @Override
  public String toString() {
    return "SlotKey(" + name + ")";
  }
}
