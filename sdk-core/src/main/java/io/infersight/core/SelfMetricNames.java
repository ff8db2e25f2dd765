package io.infersight.core;

import java.util.List;

/**
 * The names of Infersight's own counters ({@link SelfMetrics}), whichever module counts them. The
 * metrics module exports each as a Prometheus counter: dots become underscores and {@code _total}
 * is appended ({@code infersight.logs.dropped} is scraped as {@code infersight_logs_dropped_total}).
 * docs/metrics.md lists every one of them.
 *
 * <pre>{@code
 * long dropped = observer.selfMetrics().count(SelfMetricNames.LOGS_DROPPED, "reason", "queue_full");
 * }</pre>
 *
 * @since 0.2.0
 */
public final class SelfMetricNames {
  /** Exceptions thrown by a listener and isolated by core, labelled by {@code listener}. */
  public static final String LISTENER_ERRORS = "infersight.listener.errors";
  /** Caller correlation IDs rejected as invalid and replaced by fresh ones. */
  public static final String CORRELATION_REJECTED = "infersight.correlation.rejected";
  /** Bad input to recording calls, refused and not recorded, labelled by {@code kind}. */
  public static final String INVALID_OBSERVATIONS = "infersight.invalid.observations";
  /** Label values folded into {@value LabelPolicy#OTHER} past a label's limit, labelled by {@code label}. */
  public static final String LABEL_OVERFLOW = "infersight.label.overflow";
  /** Log events of successful, fast, unsampled requests left out by the logging module's sampling. */
  public static final String LOGS_SAMPLED_OUT = "infersight.logs.sampled_out";
  /** Log events the logging module dropped, labelled by {@code reason}. */
  public static final String LOGS_DROPPED = "infersight.logs.dropped";
  /** Traces dropped by head sampling and kept after the fact, labelled by {@code reason}. */
  public static final String TRACES_KEPT = "infersight.traces.kept";
  /** Spans lost before reaching the tracing backend, labelled by {@code reason}. */
  public static final String SPANS_DROPPED = "infersight.spans.dropped";

  private static final List<String> ALL = List.of(LISTENER_ERRORS, CORRELATION_REJECTED,
      INVALID_OBSERVATIONS, LABEL_OVERFLOW, LOGS_SAMPLED_OUT, LOGS_DROPPED, TRACES_KEPT, SPANS_DROPPED);

  private SelfMetricNames() {}

  /** Every name above, in the order of this class. */
  public static List<String> all() {
    return ALL;
  }
}
