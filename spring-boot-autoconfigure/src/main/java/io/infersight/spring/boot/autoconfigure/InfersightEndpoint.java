package io.infersight.spring.boot.autoconfigure;

import io.infersight.core.InferenceListener;
import io.infersight.core.InferenceObserver;
import io.infersight.core.ModelId;
import io.infersight.core.SelfCounter;
import io.infersight.drift.DriftMethod;
import io.infersight.drift.FeatureDriftMonitor;
import io.infersight.drift.FeatureProfile;
import io.infersight.gpu.GpuPoller;
import io.infersight.tracing.StoredTrace;
import io.infersight.tracing.TraceStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.util.ClassUtils;

/**
 * {@code GET /actuator/infersight}: the model's identity, the listeners, Infersight's own counters
 * (drops, overflows, invalid observations), drift per feature, GPU availability and the recent,
 * slowest and failed traces of the embedded store. Expose it with {@code
 * management.endpoints.web.exposure.include=infersight}.
 *
 * @since 0.1.0
 */
@Endpoint(id = "infersight")
public final class InfersightEndpoint {
  /** Traces listed per kind. */
  static final int MAX_TRACES = 20;

  private final InferenceObserver observer;
  private final List<PillarListener> pillars;

  InfersightEndpoint(InferenceObserver observer, List<PillarListener> pillars) {
    this.observer = observer;
    this.pillars = pillars;
  }

  @ReadOperation
  public Map<String, Object> infersight() {
    Map<String, Object> out = new LinkedHashMap<>();
    ModelId model = observer.model();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", model.name());
    m.put("version", model.version());
    m.put("gitCommit", model.gitCommit());
    out.put("model", m);
    out.put("slowThresholdMillis", observer.slowThresholdNanos() / 1_000_000);
    List<String> listeners = new ArrayList<>();
    for (InferenceListener l : observer.listeners()) {
      // The starter's own exchange bookkeeping is not a pillar the user configured.
      if (!(l instanceof CorrelationContext.TraceKeeper)) {
        listeners.add(describe(l));
      }
    }
    out.put("listeners", listeners);
    List<Map<String, Object>> self = new ArrayList<>();
    observer.selfMetrics().forEachCounter((SelfCounter c) -> {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("name", c.name());
      if (c.labelKey() != null) {
        e.put(c.labelKey(), c.labelValue());
      }
      e.put("count", c.count());
      self.add(e);
    });
    out.put("selfMetrics", self);
    out.put("drift", drift());
    out.put("gpu", gpu());
    out.put("traces", traces());
    return out;
  }

  private String describe(InferenceListener l) {
    for (PillarListener p : pillars) {
      PillarListener.Made made = p.madeOrNull();
      if (made != null && made.listener == l) {
        return made.pillar;
      }
    }
    return ClassUtils.getUserClass(l.getClass()).getName();
  }

  private Object drift() {
    if (!ClassUtils.isPresent("io.infersight.drift.FeatureDriftMonitor", getClass().getClassLoader())) {
      return Map.of("enabled", false);
    }
    for (PillarListener p : pillars) {
      Object detail = p.madeOrNull() == null ? null : p.madeOrNull().detail;
      if (detail instanceof FeatureDriftMonitor) {
        FeatureDriftMonitor monitor = (FeatureDriftMonitor) detail;
        Map<String, Object> features = new LinkedHashMap<>();
        for (FeatureProfile f : monitor.profile().features()) {
          Map<String, Object> e = new LinkedHashMap<>();
          e.put("state", String.valueOf(monitor.state(f.name())));
          double psi = monitor.value(f.name(), DriftMethod.PSI);
          e.put("psi", Double.isNaN(psi) ? null : psi);
          features.put(f.name(), e);
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("enabled", true);
        d.put("features", features);
        d.put("prediction", String.valueOf(monitor.predictionState()));
        return d;
      }
    }
    return Map.of("enabled", false);
  }

  private Object gpu() {
    if (!ClassUtils.isPresent("io.infersight.gpu.GpuPoller", getClass().getClassLoader())) {
      return Map.of("enabled", false);
    }
    for (PillarListener p : pillars) {
      Object detail = p.madeOrNull() == null ? null : p.madeOrNull().detail;
      if (detail instanceof GpuPoller) {
        return Map.of("enabled", true, "available", ((GpuPoller) detail).isAvailable());
      }
    }
    return Map.of("enabled", false);
  }

  private Object traces() {
    if (!ClassUtils.isPresent("io.infersight.tracing.TraceStore", getClass().getClassLoader())) {
      return Map.of("store", false);
    }
    for (PillarListener p : pillars) {
      Object detail = p.madeOrNull() == null ? null : p.madeOrNull().detail;
      if (detail instanceof TraceStore) {
        TraceStore store = (TraceStore) detail;
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("store", true);
        t.put("recent", summaries(store.recent()));
        t.put("slowest", summaries(store.slowest()));
        t.put("failed", summaries(store.errors()));
        t.put("droppedSpans", store.droppedSpans());
        return t;
      }
    }
    return Map.of("store", false);
  }

  private static List<Map<String, Object>> summaries(List<StoredTrace> traces) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (StoredTrace t : traces) {
      if (out.size() == MAX_TRACES) {
        break;
      }
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("traceId", t.traceId());
      e.put("root", t.rootName());
      e.put("durationMillis", t.durationNanos() / 1e6);
      e.put("error", t.hasError());
      e.put("spans", t.spans().size());
      if (t.keptAfterTheFact() != null) {
        e.put("keptBecause", t.keptAfterTheFact());
      }
      out.add(e);
    }
    return out;
  }
}
