/**
 * Spring Boot auto-configuration of Infersight; see {@code docs/spring-boot.md}. Public: the
 * auto-configuration, its properties and the actuator endpoint; everything else is internal.
 */
@NullMarked
package io.infersight.spring.boot.autoconfigure;

import org.jspecify.annotations.NullMarked;
