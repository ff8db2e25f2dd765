/**
 * The encoder of the starter's logback configuration: Infersight's JSON and console formats, and
 * Boot's structured formats ({@code logging.structured.format.console}) with Infersight's masking
 * and event fields; see {@code docs/spring-boot.md}, "Logging".
 */
@NullMarked
package io.infersight.spring.boot.logging;

import org.jspecify.annotations.NullMarked;
