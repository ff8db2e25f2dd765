/**
 * Implementation of the logging module. Internal: these classes may change without notice; use
 * {@link io.infersight.logging.InfersightLogging} instead.
 */
@NullMarked
package io.infersight.logging.internal;

import org.jspecify.annotations.NullMarked;
