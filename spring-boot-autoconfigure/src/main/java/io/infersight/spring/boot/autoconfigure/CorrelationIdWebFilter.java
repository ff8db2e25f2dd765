package io.infersight.spring.boot.autoconfigure;

import io.infersight.core.SelfCounter;
import io.infersight.core.annotation.CorrelationId;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * The WebFlux counterpart of the servlet filter: reads, validates and echoes the correlation header,
 * keeps the ID as an exchange attribute for {@code @CorrelationId} parameters, has it in the MDC
 * while the chain is assembled on the request's thread, and writes the exchange (its ID, and later
 * the trace of its last request that ended) into the Reactor {@code Context}, from which {@link
 * CorrelationIdAccessor} puts them into the MDC on every thread that runs a part of the exchange.
 */
final class CorrelationIdWebFilter implements WebFilter, Ordered {
  private final String header;
  private final Supplier<@Nullable SelfCounter> rejected;

  CorrelationIdWebFilter(String header, Supplier<@Nullable SelfCounter> rejected) {
    this.header = header;
    this.rejected = rejected;
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE + 10;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String id = CorrelationContext.accept(exchange.getRequest().getHeaders().getFirst(header), rejected.get());
    exchange.getAttributes().put(CorrelationContext.ATTRIBUTE, id);
    exchange.getResponse().getHeaders().set(header, id);
    CorrelationContext.Exchange current = CorrelationContext.begin(id);
    try {
      return chain.filter(exchange).contextWrite(
          Context.of(CorrelationContext.ATTRIBUTE, id, CorrelationContext.EXCHANGE, current));
    } finally {
      CorrelationContext.end();
    }
  }

  /** Resolves {@code @CorrelationId String} parameters of WebFlux controller methods. */
  static final class ArgumentResolver implements HandlerMethodArgumentResolver {
    @Override
    public boolean supportsParameter(MethodParameter parameter) {
      return parameter.hasParameterAnnotation(CorrelationId.class)
          && parameter.getParameterType() == String.class;
    }

    @Override
    public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext bindingContext,
        ServerWebExchange exchange) {
      Object id = exchange.getAttribute(CorrelationContext.ATTRIBUTE);
      return id == null ? Mono.empty() : Mono.just(id);
    }
  }
}
