/**
 * Implementation of the drift module: exact and binned statistics, streaming counts, CSV and
 * profile JSON codecs. Internal: may change without notice.
 */
package io.infersight.drift.internal;
