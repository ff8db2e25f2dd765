/** Test support for applications that use the Infersight starter. */
@NullMarked
package io.infersight.spring.boot.test;

import org.jspecify.annotations.NullMarked;
