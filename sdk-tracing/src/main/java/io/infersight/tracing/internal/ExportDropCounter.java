package io.infersight.tracing.internal;

import io.infersight.core.SelfCounter;
import io.infersight.core.SelfMetricNames;
import io.infersight.core.SelfMetrics;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts spans lost between the request thread and the collector (queue full, processor already
 * shut down, export failed) for an SDK that exists before the observer does: counts made before
 * {@link #bind} are held and handed over when the observer's self-metrics become known.
 *
 * <p>Internal: may change without notice.
 */
public final class ExportDropCounter {
  static final String REASON = "reason";
  public static final String DESCRIPTION = "Spans dropped before reaching the trace backend";

  private final Slot queueFull = new Slot("queue_full");
  private final Slot shutdown = new Slot("shutdown");
  private final Slot exportFailed = new Slot("export_failed");

  public void queueFull(long spans) {
    queueFull.add(spans);
  }

  public void afterShutdown(long spans) {
    shutdown.add(spans);
  }

  public void exportFailed(long spans) {
    exportFailed.add(spans);
  }

  /** Sends this and later counts to {@code metrics}. A second call moves nothing. */
  public synchronized void bind(SelfMetrics metrics) {
    queueFull.bind(metrics);
    shutdown.bind(metrics);
    exportFailed.bind(metrics);
  }

  private static final class Slot {
    private final String reason;
    private final LongAdder pending = new LongAdder();
    private volatile SelfCounter target;

    Slot(String reason) {
      this.reason = reason;
    }

    void add(long n) {
      SelfCounter c = target;
      if (c != null) {
        c.add(n);
        return;
      }
      pending.add(n);
      c = target;
      if (c != null) {
        c.add(pending.sumThenReset());
      }
    }

    void bind(SelfMetrics metrics) {
      if (target != null) {
        return;
      }
      SelfCounter c = metrics.counter(SelfMetricNames.SPANS_DROPPED, DESCRIPTION, REASON, reason);
      target = c;
      c.add(pending.sumThenReset());
    }
  }
}
