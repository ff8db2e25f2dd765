package io.infersight.examples.boot;

import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** A stand-in feature store: per-user features, cached after the first look-up. */
@Component
public class FeatureStore {
  private final Map<String, Features> cache = new ConcurrentHashMap<>();

  public Features lookup(String userId) {
    Features cached = cache.get(userId);
    if (cached != null) {
      return new Features(cached.txnCount24h(), cached.foreignRate30d(), cached.accountAgeDays(), true,
          Duration.ofSeconds(12));
    }
    Random r = new Random(userId.hashCode());
    Features fresh = new Features(Math.floor(-Math.log(1 - r.nextDouble()) * 4),
        Math.min(1, Math.abs(r.nextGaussian()) * 0.1), Math.floor(r.nextDouble() * 3650), false, Duration.ZERO);
    cache.put(userId, fresh);
    return fresh;
  }
}
