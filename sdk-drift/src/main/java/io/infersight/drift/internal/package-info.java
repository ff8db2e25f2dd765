/**
 * Implementation of the drift module: exact and binned statistics, streaming counts, CSV and
 * profile JSON codecs. Internal: may change without notice.
 */
@NullMarked
package io.infersight.drift.internal;

import org.jspecify.annotations.NullMarked;
