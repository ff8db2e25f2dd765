package io.infersight.examples.fraud;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Per-user features behind a real cache (Caffeine) in front of a slower backing store. In the
 * cache outage the cache's size limit is misconfigured, so the hit rate collapses, and the miss
 * storm trips the fallback to a nightly snapshot: features come back hours old.
 */
public final class FeatureStore {
  /** The cache's healthy capacity: every user fits. */
  private final int healthyCapacity;
  /** The misconfigured capacity of the outage: about one user in eight fits. */
  private final int brokenCapacity;
  private final SyntheticData world;
  private final LoadingCache<String, UserProfile> cache;
  private final Clock clock;
  private volatile boolean outage;
  private volatile double staleHours = 6;
  /** The share of healthy lookups whose entry upstream updates have just invalidated. */
  private final double churn;

  /** A store in which about 2% of healthy lookups find their entry just invalidated. */
  public FeatureStore(SyntheticData world, Clock clock) {
    this(world, clock, 0.02);
  }

  /** A store with the given invalidation share; 0 makes healthy lookups deterministic (tests). */
  FeatureStore(SyntheticData world, Clock clock, double churn) {
    this.churn = churn;
    this.world = world;
    this.clock = clock;
    this.healthyCapacity = world.users() * 2;
    this.brokenCapacity = Math.max(1, world.users() / 8);
    // Entries are refreshed in the background 30 s after they were written, so healthy features
    // are seconds to a couple of minutes old while nearly every lookup is a hit.
    this.cache = Caffeine.newBuilder().maximumSize(healthyCapacity)
        .refreshAfterWrite(Duration.ofSeconds(30)).recordStats().build(this::load);
    Random r = new Random(3);
    for (int u = 0; u < world.users(); u++) {
      cache.put(SyntheticData.userId(u), world.profile(u, r, clock.millis()));
    }
  }

  /** What a lookup returns: the profile, whether the cache served it, and its age. */
  public record Lookup(UserProfile profile, boolean fromCache, Duration age) {}

  /** Looks a user up. Blocking: a miss pays the backing store's latency. */
  public Lookup get(String userId) {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    // In health a few entries (2% in the demo) have just been invalidated by upstream updates.
    if (!outage && churn > 0 && r.nextDouble() < churn) {
      cache.invalidate(userId);
    }
    UserProfile cached = cache.getIfPresent(userId);
    if (cached != null) {
      return new Lookup(cached, true, age(cached));
    }
    UserProfile loaded = cache.get(userId);
    return new Lookup(loaded, false, age(loaded));
  }

  /** The backing store: live aggregates, or in the outage the nightly snapshot. */
  private UserProfile load(String userId) {
    int u = SyntheticData.userIndex(userId);
    if (u < 0 || u >= world.users()) {
      u = Math.floorMod(userId.hashCode(), world.users());
    }
    if (outage) {
      // The live store is overwhelmed by the miss storm; the circuit breaker serves the snapshot.
      park(1, 2);
      return world.staleProfile(u, clock.millis(), staleHours);
    }
    park(4, 9);
    return world.profile(u, new Random(ThreadLocalRandom.current().nextLong()), clock.millis());
  }

  private Duration age(UserProfile p) {
    return Duration.ofMillis(Math.max(0, clock.millis() - p.asOfEpochMillis()));
  }

  private static void park(int minMillis, int maxMillis) {
    long millis = ThreadLocalRandom.current().nextLong(minMillis, maxMillis + 1);
    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(millis));
  }

  /** Breaks (true) or repairs (false) the cache configuration. */
  public void outage(boolean on) {
    outage = on;
    cache.policy().eviction().ifPresent(e -> e.setMaximum(on ? brokenCapacity : healthyCapacity));
    if (!on) {
      cache.invalidateAll();
      Random r = new Random(4);
      for (int u = 0; u < world.users(); u++) {
        cache.put(SyntheticData.userId(u), world.profile(u, r, clock.millis()));
      }
    }
  }

  public boolean outage() {
    return outage;
  }

  /** Cache hit rate since start (Caffeine's own statistics). */
  public double hitRate() {
    return cache.stats().hitRate();
  }
}
