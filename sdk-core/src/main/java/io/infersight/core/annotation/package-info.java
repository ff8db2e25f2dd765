/**
 * Annotations for instrumenting predict methods without an AOP framework: see {@link
 * io.infersight.core.InferenceObserver#instrument(Class, Object)}.
 */
@NullMarked
package io.infersight.core.annotation;

import org.jspecify.annotations.NullMarked;
