/**
 * Annotations for instrumenting predict methods without an AOP framework: see {@link
 * io.infersight.core.InferenceObserver#instrument(Class, Object)}.
 */
package io.infersight.core.annotation;
