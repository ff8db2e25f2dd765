package io.infersight.spring.boot.autoconfigure;

import io.infersight.core.annotation.CorrelationId;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Resolves a {@code @CorrelationId String} parameter of a controller method to the exchange's ID. */
final class CorrelationIdArgumentResolver implements HandlerMethodArgumentResolver {
  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return parameter.hasParameterAnnotation(CorrelationId.class)
        && parameter.getParameterType() == String.class;
  }

  @Override
  public @Nullable Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
      NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
    Object id = webRequest.getAttribute(CorrelationContext.ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
    return id instanceof String ? id : CorrelationContext.current();
  }
}
