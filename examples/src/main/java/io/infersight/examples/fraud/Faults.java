package io.infersight.examples.fraud;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** The switchable faults; the active scenario is changed at start, on a timer or by {@code /admin/fault}. */
public final class Faults {
  /** Thrown by the forward pass under {@link Scenario#ERRORS}. */
  public static final class ModelUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ModelUnavailableException() {
      super("model replica unavailable");
    }
  }

  private final FeatureStore store;
  private volatile Scenario active = Scenario.HEALTHY;

  public Faults(FeatureStore store) {
    this.store = store;
  }

  public Scenario active() {
    return active;
  }

  /** Switches to {@code scenario}, repairing whatever the previous one broke. */
  public synchronized void activate(Scenario scenario) {
    store.outage(scenario == Scenario.CACHE_OUTAGE);
    active = scenario;
  }

  /**
   * Extra prefill time of the {@code generate} workload's model: under {@link Scenario#SLOW_MODEL}
   * 300-500 ms (the time to first token regresses), else none.
   */
  long prefillDelayNanos() {
    return active == Scenario.SLOW_MODEL
        ? TimeUnit.MILLISECONDS.toNanos(300 + ThreadLocalRandom.current().nextInt(200)) : 0;
  }

  /** Called before each forward pass: may slow it down or fail it. */
  void beforeForward() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    if (active == Scenario.SLOW_MODEL && r.nextDouble() < 0.33) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200 + r.nextInt(200)));
    } else if (active == Scenario.ERRORS && r.nextDouble() < 0.15) {
      throw new ModelUnavailableException();
    }
  }
}
