package io.infersight.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NullMarkedPackagesTest {
  @Test
  void findsEveryPackageThatHoldsAClass(@TempDir Path root) throws Exception {
    Files.createDirectories(root.resolve("a/b/c"));
    Files.createDirectories(root.resolve("a/empty"));
    Files.createDirectories(root.resolve("META-INF"));
    Files.write(root.resolve("a/b/X.class"), new byte[0]);
    Files.write(root.resolve("a/b/c/package-info.class"), new byte[0]);
    Files.write(root.resolve("META-INF/MANIFEST.MF"), new byte[0]);
    Files.write(root.resolve("Top.class"), new byte[0]);

    assertThat(NullMarkedPackages.packages(root)).containsExactly("a.b", "a.b.c");
  }

  @Test
  void aPackageWithoutAnnotatedPackageInfoIsNotNullMarked() {
    // This package has no package-info at all.
    assertThat(NullMarkedPackages.nullMarked("io.infersight.testsupport",
        NullMarkedPackagesTest.class.getClassLoader())).isFalse();
    // java.lang's package-info exists but carries no @NullMarked.
    assertThat(NullMarkedPackages.nullMarked("java.lang", ClassLoader.getSystemClassLoader())).isFalse();
  }
}
