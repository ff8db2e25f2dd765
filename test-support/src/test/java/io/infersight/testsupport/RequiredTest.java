package io.infersight.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequiredTest {
  @Test
  void ciIsTrueInAnyCaseAndNothingElse() {
    assertThat(Required.ci(Map.of("CI", "true"))).isTrue();
    assertThat(Required.ci(Map.of("CI", "TRUE"))).isTrue();
    assertThat(Required.ci(Map.of("CI", "True"))).isTrue();
    assertThat(Required.ci(Map.of("CI", "false"))).isFalse();
    assertThat(Required.ci(Map.of("CI", "1"))).isFalse();
    assertThat(Required.ci(Map.of())).isFalse();
  }

  @Test
  void readsTheFeatureVersionOfAJdkFromItsReleaseFile(@TempDir Path jdk) throws Exception {
    assertThat(Required.releaseFeature(jdk)).isZero();
    Files.writeString(jdk.resolve("release"), "IMPLEMENTOR=\"Eclipse Adoptium\"\nJAVA_VERSION=\"25.0.1\"\n");
    assertThat(Required.releaseFeature(jdk)).isEqualTo(25);
    Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"17\"\n");
    assertThat(Required.releaseFeature(jdk)).isEqualTo(17);
  }
}
