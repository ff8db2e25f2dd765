package io.infersight.core.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import io.infersight.core.CorrelationIds;
import io.infersight.core.InferenceObserver;
import io.infersight.core.SelfCounter;
import io.infersight.core.SelfMetricNames;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * A JDK {@code HttpServer} filter that reads the caller's {@value CorrelationIds#HEADER} header,
 * keeps it when valid (see {@link CorrelationIds}) or makes a fresh one, stores it on the exchange
 * for the handler, and echoes it in the response. It starts nothing else: the handler passes the
 * ID to {@code observer.start(...)}.
 *
 * <pre>{@code
 * HttpContext ctx = server.createContext("/predict", handler);
 * ctx.getFilters().add(CorrelationIdFilter.create());
 * // in the handler:
 * try (Inference inf = observer.start(CorrelationIdFilter.correlationId(exchange))) { ... }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class CorrelationIdFilter extends Filter {
  /** The exchange attribute holding the accepted or generated ID. */
  public static final String ATTRIBUTE = "io.infersight.correlation_id";

  private final @Nullable SelfCounter rejected;

  private CorrelationIdFilter(@Nullable SelfCounter rejected) {
    this.rejected = rejected;
  }

  /** A filter that does not count rejected IDs. */
  public static CorrelationIdFilter create() {
    return new CorrelationIdFilter(null);
  }

  /**
   * A filter that counts rejected IDs in {@code observer}'s {@value
   * SelfMetricNames#CORRELATION_REJECTED} self-metric.
   */
  public static CorrelationIdFilter create(InferenceObserver observer) {
    return new CorrelationIdFilter(observer.selfMetrics().counter(
        SelfMetricNames.CORRELATION_REJECTED,
        "Caller correlation IDs rejected as invalid and replaced"));
  }

  /** The ID the filter stored on {@code exchange}, or {@code null} when the filter did not run. */
  public static @Nullable String correlationId(HttpExchange exchange) {
    Object id = exchange.getAttribute(ATTRIBUTE);
    return id instanceof String ? (String) id : null;
  }

  @Override
  public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
    String header = exchange.getRequestHeaders().getFirst(CorrelationIds.HEADER);
    String id = header;
    if (!CorrelationIds.isValid(header)) {
      id = CorrelationIds.generate();
      if (header != null && rejected != null) {
        rejected.increment();
      }
    }
    exchange.setAttribute(ATTRIBUTE, id);
    exchange.getResponseHeaders().set(CorrelationIds.HEADER, id);
    chain.doFilter(exchange);
  }

  @Override
  public String description() {
    return "Reads, validates and echoes " + CorrelationIds.HEADER;
  }
}
