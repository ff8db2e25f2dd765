package io.infersight.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The stages of a request as one value, so {@link InferenceObserver#run(InferencePipeline,
 * Object)} instruments them all in one call. Stages run in the order they were added; any may be
 * left out (a model with no feature store has no {@code features}).
 *
 * <pre>{@code
 * InferencePipeline<Request, Response> pipeline = InferencePipeline.<Request>builder()
 *     .preprocess(this::preprocess)
 *     .features((x, inf) -> fetch(x, inf))
 *     .forward(model::predict)
 *     .postprocess(this::rank)
 *     .build();
 * Response r = observer.run(pipeline, request);
 * }</pre>
 *
 * @param <I> the request type
 * @param <O> the response type
 * @since 0.1.0
 */
public final class InferencePipeline<I, O> {
  private final Stage[] stages;
  private final StageFunction<Object, Object>[] functions;

  private InferencePipeline(Stage[] stages, StageFunction<Object, Object>[] functions) {
    this.stages = stages;
    this.functions = functions;
  }

  /** Starts a pipeline whose input type is {@code I}. */
  public static <I> Builder<I, I> builder() {
    return new Builder<>(new ArrayList<>(), new ArrayList<>());
  }

  /** Runs the stages on {@code input} inside {@code inference}. */
  @SuppressWarnings("unchecked")
  O execute(Inference inference, I input) {
    Object value = input;
    for (int i = 0; i < stages.length; i++) {
      value = step(inference, stages[i], functions[i], value);
    }
    return (O) value;
  }

  private static Object step(Inference inf, Stage stage, StageFunction<Object, Object> fn, Object in) {
    return inf.timeStage(stage, null, fn, in, StageFunction::apply);
  }

  /** The stages, in run order. */
  public List<Stage> stages() {
    return List.of(stages);
  }

  /**
   * Adds stages to an {@link InferencePipeline}; {@code C} is the type the next stage receives.
   *
   * @since 0.1.0
   */
  public static final class Builder<I, C> {
    private final List<Stage> stages;
    private final List<StageFunction<Object, Object>> functions;

    private Builder(List<Stage> stages, List<StageFunction<Object, Object>> functions) {
      this.stages = stages;
      this.functions = functions;
    }

    /** Adds {@code fn} as {@code stage}; the named methods below are shortcuts for this one. */
    public <B> Builder<I, B> stage(Stage stage, Function<? super C, ? extends B> fn) {
      Objects.requireNonNull(stage, "stage");
      return add(stage, adapt(fn));
    }

    /** Adds {@code fn}, which also sees the request's {@link Inference}, as {@code stage}. */
    public <B> Builder<I, B> stage(Stage stage, StageFunction<? super C, ? extends B> fn) {
      Objects.requireNonNull(stage, "stage");
      return add(stage, fn);
    }

    public <B> Builder<I, B> preprocess(Function<? super C, ? extends B> fn) {
      return stage(Stage.PREPROCESS, fn);
    }

    public <B> Builder<I, B> preprocess(StageFunction<? super C, ? extends B> fn) {
      return stage(Stage.PREPROCESS, fn);
    }

    public <B> Builder<I, B> features(Function<? super C, ? extends B> fn) {
      return stage(Stage.FEATURES, fn);
    }

    public <B> Builder<I, B> features(StageFunction<? super C, ? extends B> fn) {
      return stage(Stage.FEATURES, fn);
    }

    public <B> Builder<I, B> forward(Function<? super C, ? extends B> fn) {
      return stage(Stage.FORWARD, fn);
    }

    public <B> Builder<I, B> forward(StageFunction<? super C, ? extends B> fn) {
      return stage(Stage.FORWARD, fn);
    }

    public <B> Builder<I, B> postprocess(Function<? super C, ? extends B> fn) {
      return stage(Stage.POSTPROCESS, fn);
    }

    public <B> Builder<I, B> postprocess(StageFunction<? super C, ? extends B> fn) {
      return stage(Stage.POSTPROCESS, fn);
    }

    /**
     * Builds the pipeline.
     *
     * @throws IllegalStateException when no stage was added, or a stage was added twice
     */
    @SuppressWarnings("unchecked")
    public InferencePipeline<I, C> build() {
      if (stages.isEmpty()) {
        throw new IllegalStateException("pipeline: add at least one stage (one of "
            + Arrays.toString(Stage.values()) + ")");
      }
      return new InferencePipeline<>(stages.toArray(new Stage[0]),
          functions.toArray(new StageFunction[0]));
    }

    private static <A, B> StageFunction<A, B> adapt(Function<A, B> fn) {
      Objects.requireNonNull(fn, "stage function");
      return (in, inf) -> fn.apply(in);
    }

    @SuppressWarnings("unchecked")
    private <B> Builder<I, B> add(Stage stage, StageFunction<? super C, ? extends B> fn) {
      Objects.requireNonNull(fn, stage.label() + " function");
      if (stages.contains(stage)) {
        throw new IllegalStateException("pipeline: stage " + stage + " was added twice");
      }
      stages.add(stage);
      functions.add((StageFunction<Object, Object>) (StageFunction<?, ?>) fn);
      return (Builder<I, B>) this;
    }
  }
}
