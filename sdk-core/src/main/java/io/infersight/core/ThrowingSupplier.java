package io.infersight.core;

/**
 * A stage body that may throw a checked exception, for {@link Inference#stageChecked}.
 *
 * @param <T> the result type
 * @param <E> the checked exception type
 * @since 0.1.0
 */
@FunctionalInterface
public interface ThrowingSupplier<T, E extends Exception> {
  T get() throws E;
}
