package io.infersight.tracing.internal;

import static io.infersight.tracing.InferenceSpans.BATCH_MEMBERS;
import static io.infersight.tracing.InferenceSpans.BATCH_SIZE;
import static io.infersight.tracing.InferenceSpans.BATCH_SPAN_NAME;
import static io.infersight.tracing.InferenceSpans.GEN_AI_INPUT_TOKENS;
import static io.infersight.tracing.InferenceSpans.GEN_AI_OPERATION_NAME;
import static io.infersight.tracing.InferenceSpans.GEN_AI_OUTPUT_TOKENS;
import static io.infersight.tracing.InferenceSpans.GEN_AI_REQUEST_MODEL;
import static io.infersight.tracing.InferenceSpans.TIME_TO_FIRST_TOKEN_MS;
import static io.infersight.tracing.InferenceSpans.CACHE_HIT;
import static io.infersight.tracing.InferenceSpans.CORRELATION_ID;
import static io.infersight.tracing.InferenceSpans.ERROR_TYPE;
import static io.infersight.tracing.InferenceSpans.FEATURE_AGE_MS;
import static io.infersight.tracing.InferenceSpans.KEPT_AFTER_THE_FACT;
import static io.infersight.tracing.InferenceSpans.MODEL_NAME;
import static io.infersight.tracing.InferenceSpans.MODEL_VERSION;
import static io.infersight.tracing.InferenceSpans.ROOT_SPAN_NAME;
import static io.infersight.tracing.InferenceSpans.STAGE;
import static io.infersight.tracing.InferenceSpans.STATUS;
import static io.infersight.tracing.InferenceSpans.STATUS_REJECTED;
import static io.infersight.tracing.InferenceSpans.SUB_STAGE;
import static io.infersight.tracing.InferenceSpans.TOP_SCORE;
import static java.util.concurrent.TimeUnit.NANOSECONDS;

import io.infersight.core.Generation;
import io.infersight.core.Inference;
import io.infersight.core.InferenceBatch;
import io.infersight.core.InferenceView;
import io.infersight.core.InferenceObserver;
import io.infersight.core.ModelId;
import io.infersight.core.Stage;
import io.infersight.core.Status;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import org.jspecify.annotations.Nullable;

/**
 * Turns one request into its span tree: the root {@code ml.inference}, a child per stage run and a
 * grandchild per sub-stage, all with explicit timestamps taken from the observer's clock, so the
 * same code serves head-sampled requests (root started live) and requests kept after the fact
 * (root started at the end).
 *
 * <p>Internal: may change without notice.
 */
public final class SpanTreeEmitter {
  private final Tracer tracer;

  public SpanTreeEmitter(Tracer tracer) {
    this.tracer = tracer;
  }

  /**
   * Starts the root span of {@code inf} as a child of {@code parent}, stamped at the request's
   * start. {@code kept} is the after-the-fact reason, or {@code null} for a head-sampled request.
   */
  public Span startRoot(InferenceView inf, Context parent, @Nullable String kept) {
    ModelId model = inf.model();
    SpanBuilder b = tracer.spanBuilder(ROOT_SPAN_NAME)
        .setParent(parent)
        .setSpanKind(SpanKind.INTERNAL)
        .setStartTimestamp(inf.observer().epochNanos(inf.startNanos()), NANOSECONDS)
        .setAttribute(MODEL_NAME, model.name())
        .setAttribute(MODEL_VERSION, model.version())
        .setAttribute(CORRELATION_ID, inf.correlationId());
    if (kept != null) {
      b.setAttribute(KEPT_AFTER_THE_FACT, kept);
    }
    return b.startSpan();
  }

  /**
   * Emits the stage and sub-stage spans recorded in {@code rec} under {@code root}, adds what the
   * request learnt (batch size, cache hit, top score, error) and ends the root at the request's end.
   */
  public void finish(InferenceView inf, Span root, StageRecorder rec, @Nullable String kept) {
    InferenceObserver observer = inf.observer();
    Context rootContext = Context.root().with(root);
    int n = rec.size();
    rec.spansUsed();
    double top = topScore(inf);
    boolean errorSeenInStage = false;
    for (int i = 0; i < n; i++) {
      if (rec.subStage(i) == null) {
        Stage stage = rec.stage(i);
        // Every attribute goes on the builder: a started span takes its lock per setAttribute.
        SpanBuilder b = builder(stage.spanName(), rootContext, observer, rec.start(i), kept)
            .setAttribute(STAGE, stage.label());
        describeStage(b, stage, inf, top);
        if (stage == Stage.FORWARD && rec.batchLink() != null) {
          b.addLink(rec.batchLink());
        }
        rec.spans[i] = b.startSpan();
      }
    }
    for (int i = 0; i < n; i++) {
      String sub = rec.subStage(i);
      if (sub == null) {
        continue;
      }
      int p = parentOf(rec, i);
      Context parent = p < 0 ? rootContext : Context.root().with(rec.spans[p]);
      Span span = builder(sub, parent, observer, rec.start(i), kept)
          .setAttribute(STAGE, rec.stage(i).label())
          .setAttribute(SUB_STAGE, sub)
          .startSpan();
      errorSeenInStage |= fail(span, rec.error(i), inf);
      span.end(observer.epochNanos(rec.end(i)), NANOSECONDS);
    }
    for (int i = 0; i < n; i++) {
      if (rec.subStage(i) == null) {
        Span span = rec.spans[i];
        errorSeenInStage |= fail(span, rec.error(i), inf);
        span.end(observer.epochNanos(rec.end(i)), NANOSECONDS);
      }
    }
    describeRoot(root, inf, top, errorSeenInStage);
    root.end(observer.epochNanos(inf.endNanos()), NANOSECONDS);
  }

  private SpanBuilder builder(String name, Context parent, InferenceObserver observer, long startNanos,
      String kept) {
    SpanBuilder b = tracer.spanBuilder(name)
        .setParent(parent)
        .setSpanKind(SpanKind.INTERNAL)
        .setStartTimestamp(observer.epochNanos(startNanos), NANOSECONDS);
    if (kept != null) {
      b.setAttribute(KEPT_AFTER_THE_FACT, kept);
    }
    return b;
  }

  /** The top-level entry of the same stage whose time contains sub-stage entry {@code i}, or -1. */
  private static int parentOf(StageRecorder rec, int i) {
    Stage stage = rec.stage(i);
    long start = rec.start(i);
    long end = rec.end(i);
    for (int j = 0; j < rec.size(); j++) {
      if (rec.subStage(j) == null && rec.stage(j) == stage && rec.start(j) <= start && rec.end(j) >= end) {
        return j;
      }
    }
    return -1;
  }

  private static void describeStage(SpanBuilder span, Stage stage, InferenceView inf, double top) {
    if (stage == Stage.FEATURES) {
      if (inf.cacheHitKnown()) {
        span.setAttribute(CACHE_HIT, inf.cacheHit());
      }
      if (inf.featureAgeNanos() >= 0) {
        span.setAttribute(FEATURE_AGE_MS, inf.featureAgeNanos() / 1e6);
      }
    } else if (stage == Stage.FORWARD) {
      if (inf.batchSize() >= 0) {
        span.setAttribute(BATCH_SIZE, (long) inf.batchSize());
      }
      if (!Double.isNaN(top)) {
        span.setAttribute(TOP_SCORE, top);
      }
    }
  }

  /**
   * Emits the {@code ml.batch} span of one execution under {@code parent} (a sampled member's
   * root), linked to the root of every member in {@code memberRoots} that is not null.
   */
  public Span batch(InferenceBatch batch, Context parent, Span[] memberRoots) {
    InferenceObserver observer = batch.observer();
    ModelId model = batch.model();
    SpanBuilder b = tracer.spanBuilder(BATCH_SPAN_NAME)
        .setParent(parent)
        .setSpanKind(SpanKind.INTERNAL)
        .setStartTimestamp(observer.epochNanos(batch.startNanos()), NANOSECONDS)
        .setAttribute(MODEL_NAME, model.name())
        .setAttribute(MODEL_VERSION, model.version())
        .setAttribute(BATCH_MEMBERS, (long) batch.size());
    for (Span member : memberRoots) {
      if (member != null) {
        b.addLink(member.getSpanContext());
      }
    }
    Span span = b.startSpan();
    Throwable error = batch.error();
    if (error != null) {
      span.recordException(error);
      span.setStatus(StatusCode.ERROR, error.getClass().getName());
    }
    span.end(observer.epochNanos(batch.endNanos()), NANOSECONDS);
    return span;
  }

  private static void describeGeneration(Span root, InferenceView inf, Generation gen) {
    root.setAttribute(GEN_AI_OPERATION_NAME, gen.operation());
    root.setAttribute(GEN_AI_REQUEST_MODEL, inf.model().name());
    if (gen.inputTokens() >= 0) {
      root.setAttribute(GEN_AI_INPUT_TOKENS, gen.inputTokens());
    }
    root.setAttribute(GEN_AI_OUTPUT_TOKENS, gen.outputTokens());
    if (gen.timeToFirstOutputNanos() >= 0) {
      root.setAttribute(TIME_TO_FIRST_TOKEN_MS, gen.timeToFirstOutputNanos() / 1e6);
    }
  }

  private static void describeRoot(Span root, InferenceView inf, double top, boolean errorSeenInStage) {
    Generation gen = inf.generation();
    if (gen != null) {
      describeGeneration(root, inf, gen);
    }
    if (inf.batchSize() >= 0) {
      root.setAttribute(BATCH_SIZE, (long) inf.batchSize());
    }
    if (inf.cacheHitKnown()) {
      root.setAttribute(CACHE_HIT, inf.cacheHit());
    }
    if (!Double.isNaN(top)) {
      root.setAttribute(TOP_SCORE, top);
    }
    Throwable error = inf.error();
    if (error != null) {
      if (!errorSeenInStage) {
        root.recordException(error);
      }
      if (inf.status() == Status.REJECTED) {
        // The caller's input was refused: not a failure of the service, so no ERROR status.
        root.setAttribute(STATUS, STATUS_REJECTED);
        return;
      }
      root.setAttribute(ERROR_TYPE, error.getClass().getName());
      root.setStatus(StatusCode.ERROR, error.getClass().getName());
    }
  }

  /**
   * Records {@code error} on {@code span} and marks the span failed, unless it is the reason the
   * request was rejected; returns whether it is the request's error.
   */
  private static boolean fail(Span span, Throwable error, InferenceView inf) {
    if (error == null) {
      return false;
    }
    span.recordException(error);
    boolean requestError = error == inf.error();
    if (!(requestError && inf.status() == Status.REJECTED)) {
      // Class name only in the status; the exception event carries the rest, as OpenTelemetry does.
      span.setStatus(StatusCode.ERROR, error.getClass().getName());
    }
    return requestError;
  }

  /** The highest finite score, or NaN when there is none. */
  static double topScore(InferenceView inf) {
    double top = Double.NaN;
    int n = inf.scoreCount();
    for (int i = 0; i < n; i++) {
      double s = inf.score(i);
      if (!Double.isNaN(s) && !Double.isInfinite(s) && (Double.isNaN(top) || s > top)) {
        top = s;
      }
    }
    return top;
  }
}
