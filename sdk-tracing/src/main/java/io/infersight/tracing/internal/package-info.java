/**
 * Implementation of the tracing listener: per-request stage timings, the span-tree emitter, the
 * export plumbing. Internal: may change without notice.
 */
@NullMarked
package io.infersight.tracing.internal;

import org.jspecify.annotations.NullMarked;
