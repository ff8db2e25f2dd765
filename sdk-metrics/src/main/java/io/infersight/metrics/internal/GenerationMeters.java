package io.infersight.metrics.internal;

import static io.infersight.metrics.MeterNames.GEN_AI_REQUEST_DURATION;
import static io.infersight.metrics.MeterNames.GEN_AI_TIME_PER_OUTPUT_TOKEN;
import static io.infersight.metrics.MeterNames.GEN_AI_TIME_TO_FIRST_TOKEN;
import static io.infersight.metrics.MeterNames.GEN_AI_TOKEN_TYPE;
import static io.infersight.metrics.MeterNames.GEN_AI_TOKEN_USAGE;

import io.infersight.core.Generation;
import io.infersight.core.InferenceView;
import io.infersight.core.Inference;
import io.infersight.core.Status;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The OpenTelemetry GenAI server metrics of one model, as Micrometer meters with the conventions'
 * recommended buckets (Prometheus: {@code gen_ai_server_time_to_first_token_seconds}, {@code
 * gen_ai_server_time_per_output_token_seconds}, {@code gen_ai_server_request_duration_seconds},
 * {@code gen_ai_client_token_usage}). Registered when the model's first generative request ends,
 * so a model that generates nothing exports none of them. {@code model_name} stands for the
 * conventions' {@code gen_ai.request.model}. Internal.
 */
final class GenerationMeters {
  private final Timer timeToFirstToken;
  private final Timer timePerOutputToken;
  private final Timer requestDuration;
  private final DistributionSummary inputTokens;
  private final DistributionSummary outputTokens;

  GenerationMeters(MeterRegistry registry, Tags modelTags, Function<String, double[]> buckets) {
    timeToFirstToken = MicrometerRequestMeters.timer(registry, GEN_AI_TIME_TO_FIRST_TOKEN,
        "Time to generate the first token for successful responses", modelTags,
        buckets.apply(GEN_AI_TIME_TO_FIRST_TOKEN));
    timePerOutputToken = MicrometerRequestMeters.timer(registry, GEN_AI_TIME_PER_OUTPUT_TOKEN,
        "Time per output token generated after the first token for successful responses", modelTags,
        buckets.apply(GEN_AI_TIME_PER_OUTPUT_TOKEN));
    requestDuration = MicrometerRequestMeters.timer(registry, GEN_AI_REQUEST_DURATION,
        "Generative request duration, to the last output token", modelTags,
        buckets.apply(GEN_AI_REQUEST_DURATION));
    inputTokens = tokens(registry, modelTags.and(GEN_AI_TOKEN_TYPE, "input"), buckets);
    outputTokens = tokens(registry, modelTags.and(GEN_AI_TOKEN_TYPE, "output"), buckets);
  }

  private static DistributionSummary tokens(MeterRegistry registry, Tags tags,
      Function<String, double[]> buckets) {
    return DistributionSummary.builder(GEN_AI_TOKEN_USAGE)
        .description("Input and output tokens per request").tags(tags)
        .serviceLevelObjectives(buckets.apply(GEN_AI_TOKEN_USAGE)).publishPercentileHistogram(false)
        .register(registry);
  }

  /**
   * Records a closed generative request: its duration (to the end of generation) and tokens always,
   * time to first token and per output token only for a successful one, as the conventions say.
   */
  void record(InferenceView inf, Generation gen, long maxDurationNanos) {
    long end = gen.endNanos();
    long duration = (end >= 0 ? end : inf.endNanos()) - inf.startNanos();
    if (duration >= 0 && duration <= maxDurationNanos) {
      requestDuration.record(duration, TimeUnit.NANOSECONDS);
    }
    if (gen.inputTokens() >= 0) {
      inputTokens.record(gen.inputTokens());
    }
    outputTokens.record(gen.outputTokens());
    if (inf.status() != Status.SUCCESS) {
      return;
    }
    long ttft = gen.timeToFirstOutputNanos();
    if (ttft >= 0 && ttft <= maxDurationNanos) {
      timeToFirstToken.record(ttft, TimeUnit.NANOSECONDS);
    }
    double perToken = gen.timePerOutputTokenNanos();
    if (!Double.isNaN(perToken)) {
      timePerOutputToken.record(Math.round(perToken), TimeUnit.NANOSECONDS);
    }
  }
}
