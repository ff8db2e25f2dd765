package io.infersight.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersight.testsupport.NullMarkedPackages;
import org.junit.jupiter.api.Test;

class NullMarkedTest {
  @Test
  void everyPackageOfTheModuleIsNullMarked() {
    assertThat(NullMarkedPackages.assertEveryPackageNullMarked(InferenceObserver.class)).containsExactlyInAnyOrder(
        "io.infersight.core", "io.infersight.core.annotation", "io.infersight.core.http",
        "io.infersight.core.internal");
  }
}
