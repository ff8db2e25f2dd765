package io.infersight.otelextension;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersight.testsupport.NullMarkedPackages;
import org.junit.jupiter.api.Test;

class NullMarkedTest {
  @Test
  void everyPackageOfTheModuleIsNullMarked() {
    assertThat(NullMarkedPackages.assertEveryPackageNullMarked(InfersightAgentCustomizer.class)).containsExactlyInAnyOrder(
        "io.infersight.otelextension");
  }
}
