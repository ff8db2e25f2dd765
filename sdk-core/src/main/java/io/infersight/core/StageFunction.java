package io.infersight.core;

import org.jspecify.annotations.Nullable;

/**
 * A pipeline stage that also sees the request's {@link Inference}, for stages that report what
 * they learn (cache hit, feature age, scores).
 *
 * <pre>{@code
 * .features((Tensor x, Inference inf) -> {
 *   Features f = store.get(x.userId());
 *   inf.cacheHit(f.fromCache()).featureAge(f.age());
 *   return f;
 * })
 * }</pre>
 *
 * @param <A> the input type
 * @param <B> the output type
 * @since 0.1.0
 */
@FunctionalInterface
public interface StageFunction<A extends @Nullable Object, B extends @Nullable Object> {
  B apply(A input, Inference inference);
}
