package io.infersight.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersight.testsupport.NullMarkedPackages;
import org.junit.jupiter.api.Test;

class NullMarkedTest {
  @Test
  void everyPackageOfTheModuleIsNullMarked() {
    assertThat(NullMarkedPackages.assertEveryPackageNullMarked(DriftReport.class)).containsExactlyInAnyOrder(
        "io.infersight.drift", "io.infersight.drift.internal");
  }
}
