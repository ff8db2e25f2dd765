package io.infersight.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersight.testsupport.NullMarkedPackages;
import org.junit.jupiter.api.Test;

class NullMarkedTest {
  @Test
  void everyPackageOfTheModuleIsNullMarked() {
    assertThat(NullMarkedPackages.assertEveryPackageNullMarked(GpuSnapshot.class)).containsExactlyInAnyOrder(
        "io.infersight.gpu", "io.infersight.gpu.internal");
  }
}
