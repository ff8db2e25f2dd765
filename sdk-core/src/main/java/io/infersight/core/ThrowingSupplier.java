package io.infersight.core;

import org.jspecify.annotations.Nullable;

/**
 * A stage body that may throw a checked exception, for {@link Inference#stageChecked}.
 *
 * @param <T> the result type
 * @param <E> the checked exception type
 * @since 0.1.0
 */
@FunctionalInterface
public interface ThrowingSupplier<T extends @Nullable Object, E extends Exception> {
  T get() throws E;
}
