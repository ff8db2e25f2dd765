/** Test support for applications that use the Infersight starter. */
package io.infersight.spring.boot.test;
