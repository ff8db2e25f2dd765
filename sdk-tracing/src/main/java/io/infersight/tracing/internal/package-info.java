/**
 * Implementation of the tracing listener: per-request stage timings, the span-tree emitter, the
 * export plumbing. Internal: may change without notice.
 */
package io.infersight.tracing.internal;
