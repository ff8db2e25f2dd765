/**
 * Correlation IDs for the JDK's built-in HTTP server: {@link
 * io.infersight.core.http.CorrelationIdFilter}.
 */
@NullMarked
package io.infersight.core.http;

import org.jspecify.annotations.NullMarked;
