package io.infersight.spring.boot.autoconfigure;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Hooks;

/**
 * Carries a WebFlux exchange (its correlation ID, and the trace of its last request that ended) from
 * the Reactor {@code Context} (where {@link CorrelationIdWebFilter} writes it under {@link
 * CorrelationContext#EXCHANGE}) onto whichever thread runs a part of the exchange: while an operator
 * of the exchange runs, the ID is the thread's current one ({@code @ObservedInference} methods
 * without a {@code @CorrelationId} parameter see it) and the MDC's {@code correlation_id}, with the
 * last request's {@code trace_id} / {@code span_id} once one ended; afterwards the thread's previous
 * state is back.
 */
final class CorrelationIdAccessor implements ThreadLocalAccessor<CorrelationContext.Exchange> {

  private CorrelationIdAccessor() {}

  /**
   * Registers the accessor with Micrometer's context registry and turns on Reactor's automatic
   * context propagation, which restores registered thread locals around every operator. Both calls
   * are idempotent: the registry keeps one accessor per key, and the hook is global.
   */
  static void install() {
    ContextRegistry.getInstance().registerThreadLocalAccessor(new CorrelationIdAccessor());
    Hooks.enableAutomaticContextPropagation();
  }

  @Override
  public Object key() {
    return CorrelationContext.EXCHANGE;
  }

  @Override
  public CorrelationContext.@Nullable Exchange getValue() {
    return CorrelationContext.currentExchange();
  }

  @Override
  public void setValue(CorrelationContext.Exchange exchange) {
    CorrelationContext.enter(exchange);
  }

  @Override
  public void setValue() {
    CorrelationContext.end();
  }
}
