package io.infersight.tracing;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The names Infersight gives to spans and span attributes (docs/architecture.md, "Names"). Use them to query
 * a backend or to assert in tests.
 *
 * <pre>{@code
 * assertThat(span.getName()).isEqualTo(InferenceSpans.ROOT_SPAN_NAME);
 * assertThat(span.getAttributes().get(InferenceSpans.MODEL_NAME)).isEqualTo("fraud-detector");
 * }</pre>
 *
 * <p>Stage spans are named by {@link io.infersight.core.Stage#spanName()}: {@code ml.preprocess},
 * {@code feature_store.get}, {@code model.forward}, {@code ml.postprocess}. A sub-stage span is
 * named by its sub-stage (for example {@code user_profile}) and is a child of its stage span.
 *
 * @since 0.1.0
 */
public final class InferenceSpans {
  /** The root span of one inference request. */
  public static final String ROOT_SPAN_NAME = "ml.inference";
  /**
   * The span of one batch execution ({@code InferenceBatch}): a child of the first sampled
   * member's root, linked to every sampled member's root; each member's {@code model.forward} span
   * links back to it.
   */
  public static final String BATCH_SPAN_NAME = "ml.batch";
  /** The instrumentation scope name of every Infersight span. */
  public static final String INSTRUMENTATION_SCOPE = "io.infersight.tracing";

  /** Model name, on the root span (and on the resource when the builder knows the model). */
  public static final AttributeKey<String> MODEL_NAME = AttributeKey.stringKey("ml.model_name");
  /** Model version, on the root span (and on the resource when the builder knows the model). */
  public static final AttributeKey<String> MODEL_VERSION = AttributeKey.stringKey("ml.model_version");
  /** Samples in the request, on the root and {@code model.forward} spans. */
  public static final AttributeKey<Long> BATCH_SIZE = AttributeKey.longKey("ml.batch_size");
  /** Members of a batch execution, on the {@code ml.batch} span. */
  public static final AttributeKey<Long> BATCH_MEMBERS = AttributeKey.longKey("ml.batch.members");
  /** The GenAI operation ({@code gen_ai.operation.name}), on the root span of a generative request. */
  public static final AttributeKey<String> GEN_AI_OPERATION_NAME = AttributeKey.stringKey("gen_ai.operation.name");
  /** The model name ({@code gen_ai.request.model}), on the root span of a generative request. */
  public static final AttributeKey<String> GEN_AI_REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
  /** Input tokens ({@code gen_ai.usage.input_tokens}), on the root span of a generative request. */
  public static final AttributeKey<Long> GEN_AI_INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
  /** Output tokens ({@code gen_ai.usage.output_tokens}), on the root span of a generative request. */
  public static final AttributeKey<Long> GEN_AI_OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
  /** Time to the first output token in milliseconds, on the root span of a generative request. */
  public static final AttributeKey<Double> TIME_TO_FIRST_TOKEN_MS = AttributeKey.doubleKey("ml.time_to_first_token_ms");
  /** Whether features came from the cache, on the root and {@code feature_store.get} spans. */
  public static final AttributeKey<Boolean> CACHE_HIT = AttributeKey.booleanKey("feature_store.cache_hit");
  /** Age of the retrieved features in milliseconds, on the {@code feature_store.get} span. */
  public static final AttributeKey<Double> FEATURE_AGE_MS = AttributeKey.doubleKey("feature_store.feature_age_ms");
  /** The highest prediction score, on the root and {@code model.forward} spans. */
  public static final AttributeKey<Double> TOP_SCORE = AttributeKey.doubleKey("model.top_score");
  /** The request's correlation ID, on the root span: the jump from a log line to its trace. */
  public static final AttributeKey<String> CORRELATION_ID = AttributeKey.stringKey("correlation_id");
  /** The stage label ({@code preprocess}, {@code features}, ...), on stage and sub-stage spans. */
  public static final AttributeKey<String> STAGE = AttributeKey.stringKey("ml.stage");
  /** The sub-stage name, on sub-stage spans. */
  public static final AttributeKey<String> SUB_STAGE = AttributeKey.stringKey("ml.sub_stage");
  /** The error's class name, on the root span of a failed request (OpenTelemetry semantic conventions). */
  public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  /**
   * {@value #STATUS_REJECTED} on the root span of a request refused because of the caller's input;
   * its spans keep status UNSET (the service did not fail) and the reason is an exception event.
   */
  public static final AttributeKey<String> STATUS = AttributeKey.stringKey("ml.status");
  /** The {@link #STATUS} value of a rejected request. */
  public static final String STATUS_REJECTED = "rejected";

  /**
   * Set on every span of a tree that head sampling dropped and that was emitted after the request
   * ended because it failed ({@value #KEPT_ERROR}) or was slow ({@value #KEPT_SLOW}).
   */
  public static final AttributeKey<String> KEPT_AFTER_THE_FACT = AttributeKey.stringKey("infersight.kept_after_the_fact");
  // KEPT_ERROR and KEPT_SLOW spell KeepReason.ERROR.label() and KeepReason.SLOW.label(), which the
  // listener writes: the agent extension bundles this class without core, so they are literals
  // here (AfterTheFactTest checks the written attribute against them).
  /** Value of {@link #KEPT_AFTER_THE_FACT} for a failed request (wins over slow). */
  public static final String KEPT_ERROR = "error";
  /** Value of {@link #KEPT_AFTER_THE_FACT} for a request over the observer's slow threshold. */
  public static final String KEPT_SLOW = "slow";

  private InferenceSpans() {}
}
