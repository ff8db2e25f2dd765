package io.infersight.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersight.testsupport.NullMarkedPackages;
import org.junit.jupiter.api.Test;

class NullMarkedTest {
  @Test
  void everyPackageOfTheModuleIsNullMarked() {
    assertThat(NullMarkedPackages.assertEveryPackageNullMarked(TraceStore.class)).containsExactlyInAnyOrder(
        "io.infersight.tracing", "io.infersight.tracing.internal");
  }
}
