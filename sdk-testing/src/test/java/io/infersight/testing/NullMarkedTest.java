package io.infersight.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersight.testsupport.NullMarkedPackages;
import org.junit.jupiter.api.Test;

class NullMarkedTest {
  @Test
  void everyPackageOfTheModuleIsNullMarked() {
    assertThat(NullMarkedPackages.assertEveryPackageNullMarked(FakeClock.class)).containsExactlyInAnyOrder(
        "io.infersight.testing");
  }
}
