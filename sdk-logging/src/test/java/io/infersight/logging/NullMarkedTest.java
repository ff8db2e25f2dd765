package io.infersight.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersight.testsupport.NullMarkedPackages;
import org.junit.jupiter.api.Test;

class NullMarkedTest {
  @Test
  void everyPackageOfTheModuleIsNullMarked() {
    assertThat(NullMarkedPackages.assertEveryPackageNullMarked(PiiMasker.class)).containsExactlyInAnyOrder(
        "io.infersight.logging", "io.infersight.logging.internal");
  }
}
