package io.infersight.examples.boot;

/** The service's answer: decline or approve, the model's score and the request's correlation ID. */
public record Decision(boolean decline, double score, String correlationId) {}
