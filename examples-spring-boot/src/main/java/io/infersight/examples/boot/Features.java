package io.infersight.examples.boot;

import java.time.Duration;

/** A user's features as the feature store returned them, with whether they came from its cache. */
public record Features(double txnCount24h, double foreignRate30d, double accountAgeDays, boolean fromCache,
    Duration age) {}
