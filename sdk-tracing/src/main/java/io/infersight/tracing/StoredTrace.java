package io.infersight.tracing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One trace as the {@link TraceStore} keeps it: its spans ordered by start time, with the figures a
 * list or a waterfall needs. Immutable: a snapshot taken when it was read.
 *
 * <pre>{@code
 * for (StoredTrace t : store.slowest()) {
 *   System.out.println(t.traceId() + " " + t.rootName() + " " + t.durationNanos() / 1_000_000 + " ms"
 *       + (t.hasError() ? " ERROR" : ""));
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class StoredTrace {
  private final String traceId;
  private final List<StoredSpan> spans;
  private final StoredSpan root;
  private final long startEpochNanos;
  private final long endEpochNanos;
  private final boolean error;

  private StoredTrace(String traceId, List<StoredSpan> spans) {
    Map<String, StoredSpan> byId = new HashMap<>();
    long start = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;
    boolean failed = false;
    for (StoredSpan s : spans) {
      byId.put(s.spanId(), s);
      start = Math.min(start, s.startEpochNanos());
      end = Math.max(end, s.endEpochNanos());
      failed |= s.isError();
    }
    Set<String> ids = byId.keySet();
    Map<String, Integer> depth = new HashMap<>();
    for (StoredSpan s : spans) {
      depth.put(s.spanId(), depth(s, byId));
    }
    List<StoredSpan> sorted = new ArrayList<>(spans);
    // By start; a parent before the children that started in the same nanosecond.
    sorted.sort(Comparator.comparingLong(StoredSpan::startEpochNanos)
        .thenComparing(s -> depth.get(s.spanId()))
        .thenComparing(StoredSpan::spanId));
    this.traceId = traceId;
    this.spans = Collections.unmodifiableList(sorted);
    StoredSpan top = null;
    for (StoredSpan s : sorted) {
      if (s.parentSpanId() == null || !ids.contains(s.parentSpanId())) {
        top = s;
        break;
      }
    }
    this.root = top;
    this.startEpochNanos = start;
    this.endEpochNanos = end;
    this.error = failed;
  }

  private static int depth(StoredSpan span, Map<String, StoredSpan> byId) {
    int d = 0;
    StoredSpan s = span;
    while (s.parentSpanId() != null && byId.containsKey(s.parentSpanId()) && d < byId.size()) {
      s = byId.get(s.parentSpanId());
      d++;
    }
    return d;
  }

  static StoredTrace of(String traceId, List<StoredSpan> spans) {
    return new StoredTrace(traceId, spans);
  }

  public String traceId() {
    return traceId;
  }

  /** Every stored span of the trace, by start time. */
  public List<StoredSpan> spans() {
    return spans;
  }

  /**
   * The earliest span whose parent is not in the store: {@code ml.inference}, or the server span
   * above it when the app's instrumentation made one.
   */
  public StoredSpan root() {
    return root;
  }

  /** The root span's name. */
  public String rootName() {
    return root.name();
  }

  public long startEpochNanos() {
    return startEpochNanos;
  }

  public long endEpochNanos() {
    return endEpochNanos;
  }

  /** From the earliest start to the latest end among the spans. */
  public long durationNanos() {
    return endEpochNanos - startEpochNanos;
  }

  /** Whether any span has status ERROR. */
  public boolean hasError() {
    return error;
  }

  /** Why the trace was kept after the fact ({@code error}, {@code slow}), or {@code null}. */
  public @Nullable String keptAfterTheFact() {
    Object reason = root.attributes().get(InferenceSpans.KEPT_AFTER_THE_FACT.getKey());
    return reason == null ? null : reason.toString();
  }

  @Override
  public String toString() {
    return "StoredTrace{" + traceId + ", " + rootName() + ", spans=" + spans.size() + ", "
        + durationNanos() + "ns" + (error ? ", ERROR" : "") + "}";
  }
}
