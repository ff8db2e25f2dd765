/**
 * The core of Infersight: {@link io.infersight.core.InferenceObserver}, the per-request {@link
 * io.infersight.core.Inference}, and the {@link io.infersight.core.InferenceListener} SPI that the
 * metrics, logging, tracing and drift modules implement. Depends on the JDK alone.
 */
@NullMarked
package io.infersight.core;

import org.jspecify.annotations.NullMarked;
