package io.infersight.core.annotation;

import io.infersight.core.Stage;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an interface method as a stage of the current inference. Calls that go through the proxy
 * of {@link io.infersight.core.InferenceObserver#instrument(Class, Object)} are timed; a call with
 * no inference running on the thread just runs.
 *
 * <pre>{@code
 * @ObservedStage(Stage.FORWARD)
 * double[] score(Features f);
 * }</pre>
 *
 * @since 0.1.0
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ObservedStage {
  /** The stage this method implements. */
  Stage value();

  /** An optional sub-stage name (a bounded label), for example a feature group. */
  String subStage() default "";
}
