package io.infersight.tracing.internal;

import io.infersight.core.InferenceView;
import io.infersight.core.Stage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.jspecify.annotations.Nullable;

/**
 * The stage and sub-stage timings of one request, kept in preallocated parallel arrays so that
 * recording a stage allocates nothing. Recorders are reused through a {@link RecorderPool}; one is
 * owned by one request between {@code onStart} and {@code onEnd}.
 *
 * <p>Internal: may change without notice.
 */
public final class StageRecorder {
  private static final VarHandle CLAIMED;

  static {
    try {
      CLAIMED = MethodHandles.lookup().findVarHandle(StageRecorder.class, "claimed", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The stage of each entry; {@link #clear()} leaves them: an enum constant pins nothing. */
  private final Stage[] stages;
  private final @Nullable String[] subStages;
  private final long[] starts;
  private final long[] durations;
  private final @Nullable Throwable[] errors;
  /** Scratch space of the emitter: the span made for each entry. */
  final @Nullable Span[] spans;
  private int size;
  private int overflow;
  private @Nullable InferenceView owner;
  private @Nullable Context parent;
  private @Nullable Span root;
  /** The IDs drawn at the start of a request that head sampling dropped; span 0 when none. */
  private long presetTraceHigh;
  private long presetTraceLow;
  private long presetSpan;
  /** The {@code ml.batch} span the request's forward pass ran in, or null. */
  private @Nullable SpanContext batchLink;
  /** Whether an entry or the emitter stored a reference that {@link #clear()} must drop. */
  private boolean holdsReferences;
  /** 1 while a request owns this pooled recorder; claimed by CAS, released by a volatile store. */
  private volatile int claimed;

  StageRecorder(int capacity) {
    stages = new Stage[capacity];
    subStages = new String[capacity];
    starts = new long[capacity];
    durations = new long[capacity];
    errors = new Throwable[capacity];
    spans = new Span[capacity];
  }

  /** Binds this recorder to {@code owner}, whose parent context (possibly root) is {@code parent}. */
  public void bind(InferenceView owner, Context parent) {
    this.owner = owner;
    this.parent = parent;
  }

  /** Whether this recorder currently belongs to {@code inference}. */
  public boolean isOwnedBy(InferenceView inference) {
    return owner == inference;
  }

  /** The context that was current when the request started. */
  public @Nullable Context parent() {
    return parent;
  }

  /** The live root span of a request started under head sampling, or {@code null}. */
  public @Nullable Span root() {
    return root;
  }

  public void root(Span root) {
    this.root = root;
  }

  /** Notes the IDs the request's log lines carry, for the tree if it is kept after the fact. */
  public void presetIds(long traceHigh, long traceLow, long spanId) {
    this.presetTraceHigh = traceHigh;
    this.presetTraceLow = traceLow;
    this.presetSpan = spanId;
  }

  /** Whether IDs were drawn at the start. */
  public boolean hasPresetIds() {
    return presetSpan != 0;
  }

  public long presetTraceHigh() {
    return presetTraceHigh;
  }

  public long presetTraceLow() {
    return presetTraceLow;
  }

  /** The drawn root span ID, 0 when none. */
  public long presetSpanId() {
    return presetSpan;
  }

  /** Notes the {@code ml.batch} span whose forward pass ran this request's forward stage. */
  public void batchLink(SpanContext batch) {
    this.batchLink = batch;
  }

  /** The {@code ml.batch} span of the request's forward pass, or {@code null}. */
  public @Nullable SpanContext batchLink() {
    return batchLink;
  }

  /** Records one stage end; past capacity the entry is only counted. */
  public void record(Stage stage, @Nullable String subStage, long startNanos, long durationNanos,
      @Nullable Throwable error) {
    int i = size;
    if (i == stages.length) {
      overflow++;
      return;
    }
    stages[i] = stage;
    starts[i] = startNanos;
    durations[i] = durationNanos;
    // Reference entries are null after clear(): store only what is not, and remember to clear it.
    if (subStage != null) {
      subStages[i] = subStage;
      holdsReferences = true;
    }
    if (error != null) {
      errors[i] = error;
      holdsReferences = true;
    }
    size = i + 1;
  }

  public int size() {
    return size;
  }

  /** Entries that did not fit. */
  public int overflow() {
    return overflow;
  }

  public Stage stage(int i) {
    return stages[i];
  }

  /** The sub-stage name, or {@code null} for a top-level stage entry. */
  public @Nullable String subStage(int i) {
    return subStages[i];
  }

  public long start(int i) {
    return starts[i];
  }

  public long end(int i) {
    return starts[i] + durations[i];
  }

  public @Nullable Throwable error(int i) {
    return errors[i];
  }

  /** Notes that the emitter stored spans in {@link #spans}, so {@link #clear()} drops them. */
  void spansUsed() {
    holdsReferences = true;
  }

  boolean tryClaim() {
    return CLAIMED.compareAndSet(this, 0, 1);
  }

  /** Hands a pooled recorder back. */
  void unclaim() {
    claimed = 0;
  }

  boolean isClaimed() {
    return (int) CLAIMED.getAcquire(this) != 0;
  }

  /**
   * Drops every reference so a pooled recorder pins nothing of the request it served, and leaves
   * every reference entry null (which {@link #record} relies on). A request that stored no
   * sub-stage, error or span (the common not-sampled case) only resets the counts.
   */
  void clear() {
    if (holdsReferences) {
      for (int i = 0; i < size; i++) {
        subStages[i] = null;
        errors[i] = null;
        spans[i] = null;
      }
      holdsReferences = false;
    }
    size = 0;
    overflow = 0;
    owner = null;
    parent = null;
    root = null;
    presetTraceHigh = 0;
    presetTraceLow = 0;
    presetSpan = 0;
    batchLink = null;
  }
}
