package io.infersight.examples.fraud;

/**
 * What {@code POST /predict} answers.
 *
 * @param correlationId the request's correlation ID (also in the {@code X-Correlation-ID} header)
 * @param score the fraud probability
 * @param decision {@code approve}, {@code review} or {@code decline}
 * @param modelVersion the model that decided
 */
public record Decision(String correlationId, double score, String decision, String modelVersion) {}
