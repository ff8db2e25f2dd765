package io.infersight.metrics.internal;

import io.infersight.core.Generation;
import io.infersight.core.Inference;
import io.infersight.core.InferenceBatch;
import io.infersight.core.InferenceView;
import io.infersight.core.InferenceListener;
import io.infersight.core.InferenceObserver;
import io.infersight.core.ListenerCapability;
import io.infersight.core.Stage;
import io.infersight.metrics.MeterNames;
import io.micrometer.core.instrument.Timer;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The metrics listener: records each inference into meters resolved at install, once per request in
 * {@link #onEnd}. On a Prometheus registry the per-request series go to a striped recorder, else to
 * Micrometer meters. The request path builds no tags, looks nothing up (sub-stages aside, one map
 * read) and allocates nothing (a traced, sampled request aside: its exemplars). Internal: the public
 * type is {@link io.infersight.metrics.MetricsListener}, its only subclass, which users obtain from
 * {@code InfersightMetrics}. It is a subclass rather than a wrapper so that the request thread calls
 * these methods directly, with no forwarding call per callback.
 */
public abstract class MetricsListener implements InferenceListener {
  private final MetricsSettings settings;
  // Written once in onInstall and read by request threads that may not have seen the observer
  // built: volatile publishes every meter safely.
  private volatile ModelMeters meters;
  private volatile InferenceObserver installedOn;

  protected MetricsListener(MetricsSettings settings) {
    this.settings = settings;
  }

  /**
   * Trace IDs: the exemplars of a request are read when it ends, after the tracing listener set
   * them (in onEnd too, for a trace kept after the fact), so tracing comes first.
   */
  @Override
  public Set<ListenerCapability> needs() {
    return Set.of(ListenerCapability.TRACE_IDS);
  }

  @Override
  public void onInstall(InferenceObserver observer) {
    synchronized (this) {
      if (installedOn != null) {
        throw new IllegalStateException("This metrics listener is already installed on " + installedOn
            + "; create one listener per observer with InfersightMetrics.listener(registry)");
      }
      installedOn = observer;
    }
    meters = new ModelMeters(settings, observer);
    String modelName = meters.modelName();
    SelfMetricsExport export = new SelfMetricsExport(settings, observer, modelName);
    observer.selfMetrics().forEachCounter(export::export);
  }

  @Override
  public void onStart(InferenceView inference) {
    ModelMeters m = meters;
    if (m != null) {
      m.active.increment();
    }
  }

  /**
   * Sub-stages only. Top-level stages are recorded in {@link #onEnd} from the request's totals:
   * one observation per stage per request, however often the stage ran, so that a request costs
   * one stripe claim rather than one per stage.
   */
  @Override
  public void onStageEnd(InferenceView inference, Stage stage, @Nullable String subStage,
      long startNanos, long durationNanos, @Nullable Throwable error) {
    ModelMeters m = meters;
    if (m == null || stage == null || subStage == null || !m.valid(durationNanos)) {
      return;
    }
    if (!settings.subStageMetrics) {
      return;
    }
    boolean traced = inference.hasTrace();
    if (traced) {
      ExemplarContext.enter(inference);
    }
    try {
      Timer t = m.subStage(stage, subStage);
      if (t != null) {
        t.record(durationNanos, TimeUnit.NANOSECONDS);
      }
    } finally {
      if (traced) {
        ExemplarContext.exit();
      }
    }
  }

  @Override
  public void onEnd(InferenceView inference) {
    ModelMeters m = meters;
    if (m == null) {
      return;
    }
    try {
      int skip = RequestFamily.refusals(inference, m);
      for (RequestRecorder r : m.recorders) {
        r.record(inference, skip);
      }
      if (m.micrometer.length > 0) {
        recordMicrometer(m, inference, skip);
      }
      scores(m, inference);
      Generation gen = inference.generation();
      if (gen != null) {
        GenerationMeters g = m.generation();
        if (g != null) {
          g.record(inference, gen, m.maxDurationNanos);
        }
      }
    } finally {
      m.active.decrement();
    }
  }

  /** One execution: counted, its member count and its forward pass observed once. */
  @Override
  public void onBatch(InferenceBatch batch) {
    ModelMeters m = meters;
    if (m == null || batch.observer() != installedOn) {
      return;
    }
    boolean valid = m.valid(batch.durationNanos());
    for (RequestRecorder r : m.recorders) {
      r.recordBatch(batch.size(), batch.durationNanos(), valid);
    }
    for (MicrometerRequestMeters mm : m.micrometer) {
      mm.recordBatch(batch.size(), batch.durationNanos(), valid);
    }
  }

  private static void recordMicrometer(ModelMeters m, InferenceView inference, int skip) {
    // Named explicitly: a request closed on another thread is not current where onEnd runs. Only
    // matters when a Prometheus registry joins a composite after install and gets these meters.
    boolean traced = inference.hasTrace();
    if (traced) {
      ExemplarContext.enter(inference);
    }
    try {
      for (MicrometerRequestMeters meters : m.micrometer) {
        meters.record(inference, skip);
      }
    } finally {
      if (traced) {
        ExemplarContext.exit();
      }
    }
  }

  private static void scores(ModelMeters m, InferenceView inference) {
    int n = inference.scoreCount();
    for (int i = 0; i < n; i++) {
      double s = inference.score(i);
      if (Double.isNaN(s) || Double.isInfinite(s)) {
        ModelMeters.refuse(m.nonFiniteScore, MeterNames.KIND_NON_FINITE_SCORE);
      } else if (s < 0) {
        ModelMeters.refuse(m.negativeScore, MeterNames.KIND_NEGATIVE_SCORE);
      } else if (!m.score.isEmpty()) {
        m.score.record(s); // recorders took the valid scores already (RequestFamily.validScore)
      }
    }
  }

  @Override
  public String toString() {
    InferenceObserver o = installedOn;
    return "MetricsListener{" + (o == null ? "not installed" : o.model().toString()) + "}";
  }
}
