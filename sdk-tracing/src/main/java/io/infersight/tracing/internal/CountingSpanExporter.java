package io.infersight.tracing.internal;

import io.infersight.core.SelfMetricNames;
import io.infersight.core.internal.ThrottlingLogger;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.lang.System.Logger.Level;
import java.util.Collection;

/**
 * Wraps an exporter so that every span of a failed export is counted as dropped, and so that an
 * exporter that throws fails its batch instead of the export thread.
 *
 * <p>Internal: may change without notice.
 */
public final class CountingSpanExporter implements SpanExporter {
  private static final ThrottlingLogger LOG = ThrottlingLogger.forName("io.infersight.tracing");

  private final SpanExporter delegate;
  private final ExportDropCounter drops;

  public CountingSpanExporter(SpanExporter delegate, ExportDropCounter drops) {
    this.delegate = delegate;
    this.drops = drops;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    int n = spans.size();
    CompletableResultCode result;
    try {
      result = delegate.export(spans);
    } catch (Throwable t) {
      if (t instanceof VirtualMachineError) {
        throw (VirtualMachineError) t;
      }
      LOG.log(Level.WARNING, "export-threw", "Span exporter " + delegate + " threw; " + n
          + " spans counted under " + SelfMetricNames.SPANS_DROPPED, t);
      drops.exportFailed(n);
      return CompletableResultCode.ofFailure();
    }
    result.whenComplete(() -> {
      if (!result.isSuccess()) {
        drops.exportFailed(n);
      }
    });
    return result;
  }

  @Override
  public CompletableResultCode flush() {
    return delegate.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }

  @Override
  public String toString() {
    return "CountingSpanExporter{" + delegate + "}";
  }
}
