package io.infersight.spring.boot.autoconfigure;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import reactor.core.publisher.Hooks;

/**
 * Carries a WebFlux exchange's correlation ID from the Reactor {@code Context} (where
 * {@link CorrelationIdWebFilter} writes it under {@link CorrelationContext#ATTRIBUTE}) onto whichever
 * thread runs a part of the exchange: while an operator of the exchange runs, the ID is the thread's
 * current one ({@code @ObservedInference} methods without a {@code @CorrelationId} parameter see it)
 * and the MDC's {@code correlation_id}; afterwards the thread's previous state is back.
 */
final class CorrelationIdAccessor implements ThreadLocalAccessor<String> {

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
    return CorrelationContext.ATTRIBUTE;
  }

  @Override
  public String getValue() {
    return CorrelationContext.current();
  }

  @Override
  public void setValue(String id) {
    CorrelationContext.begin(id);
  }

  @Override
  public void setValue() {
    CorrelationContext.end();
  }
}
