package io.infersight.tracing;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * An embedded trace backend for apps with no collector: a bounded in-memory store of recent
 * traces that keeps the last N, the slowest N and every failed trace up to N. It is a {@link
 * SpanExporter}, so it sits behind a batch span processor and costs the request thread nothing.
 *
 * <pre>{@code
 * TraceStore store = TraceStore.builder().maxRecent(200).build();
 * InfersightTracing tracing = InfersightTracing.sdkBuilder().exportOtlp(false).traceStore(store).build();
 * ...
 * for (StoredTrace t : store.errors()) { render(t); }
 * }</pre>
 *
 * <p>A trace is the set of spans with one trace ID; spans that arrive later for a stored trace
 * join it. After every batch the store keeps the union of the three views and forgets the rest,
 * so it never holds more than {@code maxRecent + maxSlowest + maxErrors} traces of at most
 * {@code maxSpansPerTrace} spans. Reads return immutable snapshots and may run on any thread.
 *
 * @since 0.1.0
 */
public final class TraceStore implements SpanExporter {
  /** Default number of most recent traces kept: {@value}. */
  public static final int DEFAULT_MAX_RECENT = 100;
  /** Default number of slowest traces kept: {@value}. */
  public static final int DEFAULT_MAX_SLOWEST = 20;
  /** Default number of failed traces kept: {@value}. */
  public static final int DEFAULT_MAX_ERRORS = 50;
  /** Default most spans kept per trace: {@value}. */
  public static final int DEFAULT_MAX_SPANS_PER_TRACE = 256;

  private static final Comparator<Entry> NEWEST_FIRST = (a, b) -> Long.compare(b.lastSeen, a.lastSeen);
  private static final Comparator<Entry> SLOWEST_FIRST =
      Comparator.comparingLong(Entry::durationNanos).reversed().thenComparing(NEWEST_FIRST);

  private final int maxRecent;
  private final int maxSlowest;
  private final int maxErrors;
  private final int maxSpansPerTrace;
  private final Map<String, Entry> traces = new HashMap<>();
  private final AtomicLong droppedSpans = new AtomicLong();
  private List<Entry> recent = List.of();
  private List<Entry> slowest = List.of();
  private List<Entry> errors = List.of();
  private long sequence;
  private boolean shutdown;

  private TraceStore(Builder b) {
    this.maxRecent = b.maxRecent;
    this.maxSlowest = b.maxSlowest;
    this.maxErrors = b.maxErrors;
    this.maxSpansPerTrace = b.maxSpansPerTrace;
  }

  /** A store with the default sizes. */
  public static TraceStore create() {
    return builder().build();
  }

  public static Builder builder() {
    TracingLibraries.requireSdk();
    return new Builder();
  }

  @Override
  public synchronized CompletableResultCode export(Collection<SpanData> spans) {
    if (shutdown) {
      return CompletableResultCode.ofFailure();
    }
    long seq = ++sequence;
    for (SpanData span : spans) {
      Entry e = traces.computeIfAbsent(span.getTraceId(), Entry::new);
      if (e.spans.size() >= maxSpansPerTrace) {
        droppedSpans.incrementAndGet();
        continue;
      }
      e.add(StoredSpan.of(span), seq);
    }
    retain();
    return CompletableResultCode.ofSuccess();
  }

  private void retain() {
    List<Entry> all = new ArrayList<>(traces.values());
    all.sort(NEWEST_FIRST);
    recent = List.copyOf(all.subList(0, Math.min(maxRecent, all.size())));
    List<Entry> failed = new ArrayList<>();
    for (Entry e : all) {
      if (e.error && failed.size() < maxErrors) {
        failed.add(e);
      }
    }
    errors = List.copyOf(failed);
    all.sort(SLOWEST_FIRST);
    slowest = List.copyOf(all.subList(0, Math.min(maxSlowest, all.size())));
    Set<String> keep = new HashSet<>();
    recent.forEach(e -> keep.add(e.traceId));
    errors.forEach(e -> keep.add(e.traceId));
    slowest.forEach(e -> keep.add(e.traceId));
    traces.keySet().retainAll(keep);
  }

  /** The most recently updated traces, newest first. */
  public synchronized List<StoredTrace> recent() {
    return snapshot(recent);
  }

  /** The slowest traces, slowest first. */
  public synchronized List<StoredTrace> slowest() {
    return snapshot(slowest);
  }

  /** Traces with at least one failed span, newest first. */
  public synchronized List<StoredTrace> errors() {
    return snapshot(errors);
  }

  /** The trace with this ID, or {@code null} when the store does not hold it. */
  public synchronized @Nullable StoredTrace trace(String traceId) {
    Entry e = traces.get(traceId);
    return e == null ? null : e.snapshot();
  }

  /** How many traces the store holds now. */
  public synchronized int size() {
    return traces.size();
  }

  /** Spans refused because their trace already had {@code maxSpansPerTrace} spans. */
  public long droppedSpans() {
    return droppedSpans.get();
  }

  /** Forgets every trace. */
  public synchronized void clear() {
    traces.clear();
    recent = List.of();
    slowest = List.of();
    errors = List.of();
  }

  private static List<StoredTrace> snapshot(List<Entry> entries) {
    List<StoredTrace> out = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      out.add(e.snapshot());
    }
    return out;
  }

  @Override
  public CompletableResultCode flush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public synchronized CompletableResultCode shutdown() {
    shutdown = true;
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public String toString() {
    return "TraceStore{maxRecent=" + maxRecent + ", maxSlowest=" + maxSlowest + ", maxErrors="
        + maxErrors + ", maxSpansPerTrace=" + maxSpansPerTrace + "}";
  }

  /** A stored trace while it can still grow; guarded by the store's lock. */
  private static final class Entry {
    final String traceId;
    final List<StoredSpan> spans = new ArrayList<>();
    long lastSeen;
    long start = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;
    boolean error;
    @Nullable StoredTrace snapshot;

    Entry(String traceId) {
      this.traceId = traceId;
    }

    void add(StoredSpan span, long seq) {
      spans.add(span);
      lastSeen = seq;
      start = Math.min(start, span.startEpochNanos());
      end = Math.max(end, span.endEpochNanos());
      error |= span.isError();
      snapshot = null;
    }

    long durationNanos() {
      return end - start;
    }

    StoredTrace snapshot() {
      if (snapshot == null) {
        snapshot = StoredTrace.of(traceId, spans);
      }
      return snapshot;
    }
  }

  /**
   * Builds a {@link TraceStore}.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private int maxRecent = DEFAULT_MAX_RECENT;
    private int maxSlowest = DEFAULT_MAX_SLOWEST;
    private int maxErrors = DEFAULT_MAX_ERRORS;
    private int maxSpansPerTrace = DEFAULT_MAX_SPANS_PER_TRACE;

    private Builder() {}

    /** Most recent traces kept, in [0, 100000]. Default {@value TraceStore#DEFAULT_MAX_RECENT}. */
    public Builder maxRecent(int n) {
      this.maxRecent = check(n, 0, "maxRecent");
      return this;
    }

    /** Slowest traces kept, in [0, 100000]. Default {@value TraceStore#DEFAULT_MAX_SLOWEST}. */
    public Builder maxSlowest(int n) {
      this.maxSlowest = check(n, 0, "maxSlowest");
      return this;
    }

    /** Failed traces kept, in [0, 100000]. Default {@value TraceStore#DEFAULT_MAX_ERRORS}. */
    public Builder maxErrors(int n) {
      this.maxErrors = check(n, 0, "maxErrors");
      return this;
    }

    /** Spans kept per trace, in [1, 100000]. Default {@value TraceStore#DEFAULT_MAX_SPANS_PER_TRACE}. */
    public Builder maxSpansPerTrace(int n) {
      this.maxSpansPerTrace = check(n, 1, "maxSpansPerTrace");
      return this;
    }

    private static int check(int n, int min, String setting) {
      if (n < min || n > 100_000) {
        throw new IllegalArgumentException(setting + " must be in [" + min + ", 100000], was " + n);
      }
      return n;
    }

    /** @throws IllegalStateException when all three views are 0 (the store would keep nothing) */
    public TraceStore build() {
      if (maxRecent + maxSlowest + maxErrors == 0) {
        throw new IllegalStateException("maxRecent, maxSlowest and maxErrors are all 0: the store"
            + " would keep nothing");
      }
      return new TraceStore(this);
    }
  }
}
