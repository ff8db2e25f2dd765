package io.infersight.examples.fraud;

/**
 * Per-user aggregates that the feature store serves: the slow-moving context a fraud model needs.
 *
 * @param avgAmount30d average payment amount over 30 days
 * @param txnCount24h payments in the last 24 hours
 * @param accountAgeDays days since the account opened
 * @param foreignRate30d share of foreign payments over 30 days
 * @param asOfEpochMillis when these aggregates were computed (features carry their age)
 */
public record UserProfile(double avgAmount30d, double txnCount24h, double accountAgeDays,
    double foreignRate30d, long asOfEpochMillis) {}
