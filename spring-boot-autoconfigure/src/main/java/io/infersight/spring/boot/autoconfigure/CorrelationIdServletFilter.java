package io.infersight.spring.boot.autoconfigure;

import io.infersight.core.SelfCounter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads the correlation header of each servlet request, keeps it when valid (the rules of {@code
 * CorrelationIds}) or makes a fresh one, echoes it in the response and keeps it in the MDC.
 *
 * <p>The MDC fields are set by a request listener, which the container calls before any filter
 * and after everything else, the container's own error logging and error page included; the filter
 * alone (for example under MockMvc, with no listener) sets and clears them around the chain.
 */
final class CorrelationIdServletFilter extends OncePerRequestFilter implements Ordered {
  private final String header;
  private final Supplier<@Nullable SelfCounter> rejected;

  CorrelationIdServletFilter(String header, Supplier<@Nullable SelfCounter> rejected) {
    this.header = header;
    this.rejected = rejected;
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE + 10;
  }

  @Override
  protected boolean shouldNotFilterErrorDispatch() {
    return false;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
      FilterChain chain) throws ServletException, IOException {
    Object seen = request.getAttribute(CorrelationContext.ATTRIBUTE);
    boolean own = !(seen instanceof String);
    String id;
    if (own) {
      id = CorrelationContext.accept(request.getHeader(header), rejected.get());
      request.setAttribute(CorrelationContext.ATTRIBUTE, id);
      CorrelationContext.begin(id);
    } else {
      id = (String) seen;
    }
    if (!response.containsHeader(header)) {
      response.setHeader(header, id);
    }
    try {
      chain.doFilter(request, response);
    } finally {
      if (own) {
        CorrelationContext.end();
      } else {
        // What is logged after the filter returns (the container's error log, the error page)
        // carries the trace of the exchange's request too.
        CorrelationContext.restoreTrace();
      }
    }
  }

  /** Sets the MDC fields before any filter runs and clears them after the container is done. */
  static final class RequestListener implements ServletRequestListener {
    private final String header;
    private final Supplier<@Nullable SelfCounter> rejected;

    RequestListener(String header, Supplier<@Nullable SelfCounter> rejected) {
      this.header = header;
      this.rejected = rejected;
    }

    @Override
    public void requestInitialized(ServletRequestEvent event) {
      ServletRequest request = event.getServletRequest();
      if (!(request instanceof HttpServletRequest)) {
        return;
      }
      String id = CorrelationContext.accept(((HttpServletRequest) request).getHeader(header), rejected.get());
      request.setAttribute(CorrelationContext.ATTRIBUTE, id);
      CorrelationContext.begin(id);
    }

    @Override
    public void requestDestroyed(ServletRequestEvent event) {
      CorrelationContext.end();
    }
  }
}
