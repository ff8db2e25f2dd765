package io.infersight.examples.fraud;

/**
 * A card payment to score: what {@code POST /predict} receives as JSON.
 *
 * @param userId the paying customer (never a metric label; only a feature-store key)
 * @param amount the amount in euros
 * @param merchantCategory one of {@link SyntheticData#MERCHANT_CATEGORIES}
 * @param hour local hour of day, 0-23
 * @param cardPresent whether the card was physically present
 * @param foreign whether the merchant is in another country than the card
 */
public record Transaction(String userId, double amount, String merchantCategory, int hour,
    boolean cardPresent, boolean foreign) {}
