/** Internal helpers of Infersight; they may change without notice. Do not use them. */
@NullMarked
package io.infersight.core.internal;

import org.jspecify.annotations.NullMarked;
