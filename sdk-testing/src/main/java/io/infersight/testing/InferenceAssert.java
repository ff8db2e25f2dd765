package io.infersight.testing;

import io.infersight.core.Stage;
import io.infersight.core.Status;
import java.time.Duration;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on a {@link RecordedInference}; start from {@link
 * InfersightAssertions#assertThat(RecordedInference)}.
 *
 * <pre>{@code
 * assertThat(recorded.last()).hasStage(Stage.FORWARD).hasCacheHit(false).succeeded();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class InferenceAssert extends AbstractAssert<InferenceAssert, RecordedInference> {

  InferenceAssert(RecordedInference actual) {
    super(actual, InferenceAssert.class);
  }

  public InferenceAssert hasStage(Stage stage) {
    isNotNull();
    if (actual.stageNanos(stage) < 0) {
      failWithMessage("Expected stage %s to have run, but it did not; stages: %s", stage, actual.stages());
    }
    return this;
  }

  public InferenceAssert hasNoStage(Stage stage) {
    isNotNull();
    if (actual.stageNanos(stage) >= 0) {
      failWithMessage("Expected stage %s not to have run, but it took %sns", stage, actual.stageNanos(stage));
    }
    return this;
  }

  public InferenceAssert hasSubStage(Stage stage, String subStage) {
    isNotNull();
    boolean found = actual.stages().stream()
        .anyMatch(s -> s.stage() == stage && subStage.equals(s.subStage()));
    if (!found) {
      failWithMessage("Expected sub-stage %s/%s, but stages were %s", stage, subStage, actual.stages());
    }
    return this;
  }

  public InferenceAssert hasStageDuration(Stage stage, Duration expected) {
    hasStage(stage);
    if (actual.stageNanos(stage) != expected.toNanos()) {
      failWithMessage("Expected stage %s to take %s but it took %sns", stage, expected, actual.stageNanos(stage));
    }
    return this;
  }

  public InferenceAssert hasDuration(Duration expected) {
    isNotNull();
    if (actual.durationNanos() != expected.toNanos()) {
      failWithMessage("Expected the request to take %s but it took %sns", expected, actual.durationNanos());
    }
    return this;
  }

  public InferenceAssert succeeded() {
    isNotNull();
    if (actual.status() != Status.SUCCESS) {
      failWithMessage("Expected the request to succeed, but it ended %s with %s", actual.status(), actual.error());
    }
    return this;
  }

  public InferenceAssert failedWith(Class<? extends Throwable> type) {
    isNotNull();
    if (actual.status() != Status.ERROR || !type.isInstance(actual.error())) {
      failWithMessage("Expected the request to fail with %s, but it ended %s with %s", type.getName(),
          actual.status(), actual.error());
    }
    return this;
  }

  /** The request ended {@link Status#REJECTED} (refused input) with a reason of {@code type}. */
  public InferenceAssert wasRejectedWith(Class<? extends Throwable> type) {
    isNotNull();
    if (actual.status() != Status.REJECTED || !type.isInstance(actual.error())) {
      failWithMessage("Expected the request to be rejected with %s, but it ended %s with %s",
          type.getName(), actual.status(), actual.error());
    }
    return this;
  }

  public InferenceAssert hasCorrelationId(String expected) {
    isNotNull();
    if (!expected.equals(actual.correlationId())) {
      failWithMessage("Expected correlation ID <%s> but was <%s>", expected, actual.correlationId());
    }
    return this;
  }

  public InferenceAssert hasCacheHit(boolean expected) {
    isNotNull();
    if (actual.cacheHit() == null || actual.cacheHit() != expected) {
      failWithMessage("Expected cache hit <%s> but was <%s>", expected, actual.cacheHit());
    }
    return this;
  }

  public InferenceAssert hasBatchSize(int expected) {
    isNotNull();
    if (actual.batchSize() != expected) {
      failWithMessage("Expected batch size <%s> but was <%s>", expected, actual.batchSize());
    }
    return this;
  }

  public InferenceAssert hasModel(String name, String version) {
    isNotNull();
    if (!actual.model().name().equals(name) || !actual.model().version().equals(version)) {
      failWithMessage("Expected model %s:%s but was %s", name, version, actual.model());
    }
    return this;
  }

  public InferenceAssert isSlow() {
    isNotNull();
    if (!actual.slow()) {
      failWithMessage("Expected a slow request, but it took %sns", actual.durationNanos());
    }
    return this;
  }

  public InferenceAssert isTraced() {
    isNotNull();
    if (actual.traceId() == null) {
      failWithMessage("Expected the request to carry a trace ID, but it had none");
    }
    return this;
  }
}
