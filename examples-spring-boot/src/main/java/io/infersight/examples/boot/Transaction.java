package io.infersight.examples.boot;

/** A card payment to score. */
public record Transaction(String userId, double amount, String country) {}
