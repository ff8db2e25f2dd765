package io.infersight.metrics.internal;

import io.infersight.core.Inference;
import io.infersight.core.InferenceListener;
import io.infersight.core.InferenceObserver;
import io.infersight.core.SelfCounter;
import io.infersight.core.Stage;
import io.infersight.core.internal.ThrottlingLogger;
import io.infersight.metrics.MeterNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;

/**
 * The metrics listener: records each inference into meters resolved at install. The request path
 * indexes arrays and calls Micrometer; it builds no tags, looks nothing up (sub-stages aside, one
 * map read) and allocates nothing. Internal: obtain it from {@code InfersightMetrics}.
 */
public final class MetricsListener implements InferenceListener {
  private static final ThrottlingLogger LOG = ThrottlingLogger.forName("io.infersight.metrics");

  private final MetricsSettings settings;
  // Written once in onInstall and read by request threads that may not have seen the observer
  // built: volatile publishes every meter safely.
  private volatile ModelMeters meters;
  private volatile InferenceObserver installedOn;

  public MetricsListener(MetricsSettings settings) {
    this.settings = settings;
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
  public void onStart(Inference inference) {
    ModelMeters m = meters;
    if (m != null) {
      m.active.increment();
    }
  }

  @Override
  public void onStageEnd(Inference inference, Stage stage, String subStage, long startNanos,
      long durationNanos, Throwable error) {
    ModelMeters m = meters;
    if (m == null || stage == null || !valid(m, durationNanos)) {
      return;
    }
    boolean traced = inference.traceId() != null;
    if (traced) {
      ExemplarContext.enter(inference);
    }
    try {
      if (subStage == null) {
        m.stageDuration[stage.ordinal()].record(durationNanos, TimeUnit.NANOSECONDS);
        if (stage == Stage.FORWARD) {
          m.forwardDuration.record(durationNanos, TimeUnit.NANOSECONDS);
        }
      } else if (settings.subStageMetrics) {
        Timer t = m.subStage(stage, subStage);
        if (t != null) {
          t.record(durationNanos, TimeUnit.NANOSECONDS);
        }
      }
    } finally {
      if (traced) {
        ExemplarContext.exit();
      }
    }
  }

  @Override
  public void onEnd(Inference inference) {
    ModelMeters m = meters;
    if (m == null) {
      return;
    }
    // Named explicitly: a request closed on another thread is not current where onEnd runs.
    boolean traced = inference.traceId() != null;
    if (traced) {
      ExemplarContext.enter(inference);
    }
    try {
      record(m, inference);
    } finally {
      m.active.decrement();
      if (traced) {
        ExemplarContext.exit();
      }
    }
  }

  private static void record(ModelMeters m, Inference inf) {
    Counter requests = m.requests[inf.status().ordinal()];
    if (requests != null) {
      requests.increment();
    }
    long duration = inf.durationNanos();
    if (valid(m, duration)) {
      m.requestDuration.record(duration, TimeUnit.NANOSECONDS);
    }
    if (inf.ran(Stage.FEATURES)) {
      long features = inf.stageNanos(Stage.FEATURES);
      if (valid(m, features)) {
        int outcome = !inf.cacheHitKnown() ? ModelMeters.UNKNOWN
            : inf.cacheHit() ? ModelMeters.HIT : ModelMeters.MISS;
        m.featureRetrieval[outcome].record(features, TimeUnit.NANOSECONDS);
      }
    }
    long age = inf.featureAgeNanos();
    if (age >= 0) {
      m.featureAge.record(age, TimeUnit.NANOSECONDS);
    }
    int batch = inf.batchSize();
    if (batch >= 0) {
      m.batchSize.record(batch);
      m.samples.increment(batch);
    } else {
      m.samples.increment();
    }
    double[] scores = inf.scores();
    if (scores != null) {
      for (double s : scores) {
        if (Double.isNaN(s) || Double.isInfinite(s)) {
          refuse(m.nonFiniteScore, MeterNames.KIND_NON_FINITE_SCORE);
        } else if (s < 0) {
          refuse(m.negativeScore, MeterNames.KIND_NEGATIVE_SCORE);
        } else {
          m.score.record(s);
        }
      }
    }
  }

  private static boolean valid(ModelMeters m, long durationNanos) {
    if (durationNanos < 0) {
      refuse(m.negativeDuration, MeterNames.KIND_NEGATIVE_DURATION);
      return false;
    }
    if (durationNanos > m.maxDurationNanos) {
      refuse(m.absurdDuration, MeterNames.KIND_ABSURD_DURATION);
      return false;
    }
    return true;
  }

  private static void refuse(SelfCounter counter, String kind) {
    counter.increment();
    LOG.log(Level.WARNING, "invalid:" + kind, "Ignored an invalid observation (" + kind
        + "); counted under " + MeterNames.INVALID_OBSERVATIONS);
  }

  @Override
  public String toString() {
    InferenceObserver o = installedOn;
    return "MetricsListener{" + (o == null ? "not installed" : o.model().toString()) + "}";
  }
}
