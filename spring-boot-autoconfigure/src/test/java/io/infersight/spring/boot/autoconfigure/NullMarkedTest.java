package io.infersight.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersight.testsupport.NullMarkedPackages;
import org.junit.jupiter.api.Test;

class NullMarkedTest {
  @Test
  void everyPackageOfTheModuleIsNullMarked() {
    assertThat(NullMarkedPackages.assertEveryPackageNullMarked(InfersightProperties.class)).containsExactlyInAnyOrder(
        "io.infersight.spring.boot.autoconfigure", "io.infersight.spring.boot.logging",
        "io.infersight.spring.boot.test");
  }
}
