/** Internal helpers of Infersight; they may change without notice. Do not use them. */
package io.infersight.core.internal;
