package io.infersight.testing;

/**
 * Entry point of Infersight's AssertJ assertions.
 *
 * <pre>{@code
 * import static io.infersight.testing.InfersightAssertions.assertThat;
 * assertThat(recorded.last()).hasStage(Stage.FORWARD).succeeded();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class InfersightAssertions {
  private InfersightAssertions() {}

  public static InferenceAssert assertThat(RecordedInference actual) {
    return new InferenceAssert(actual);
  }
}
