package io.infersight.core.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an interface method as one inference request. Through
 * {@link io.infersight.core.InferenceObserver#instrument(Class, Object)}, each call opens an
 * {@link io.infersight.core.Inference}, fails it if the method throws, and closes it.
 *
 * <pre>{@code
 * interface Predictor {
 *   @ObservedInference
 *   Decision predict(@CorrelationId String requestId, Transaction tx);
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ObservedInference {}
