package io.infersight.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersight.testsupport.NullMarkedPackages;
import org.junit.jupiter.api.Test;

class NullMarkedTest {
  @Test
  void everyPackageOfTheModuleIsNullMarked() {
    assertThat(NullMarkedPackages.assertEveryPackageNullMarked(MeterNames.class)).containsExactlyInAnyOrder(
        "io.infersight.metrics", "io.infersight.metrics.internal");
  }
}
