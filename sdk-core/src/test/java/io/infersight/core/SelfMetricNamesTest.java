package io.infersight.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelfMetricNamesTest {

  @Test
  void allListsEveryNameOfTheClass() throws IllegalAccessException {
    List<String> constants = new ArrayList<>();
    for (Field f : SelfMetricNames.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        constants.add((String) f.get(null));
      }
    }
    assertThat(constants).isNotEmpty();
    assertThat(SelfMetricNames.all()).containsExactlyInAnyOrderElementsOf(constants)
        .allMatch(name -> name.startsWith("infersight."));
  }

  @Test
  void docsMetricsListsEveryNameAsPrometheusScrapesIt() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "metrics.md"));
    for (String name : SelfMetricNames.all()) {
      assertThat(doc).as("docs/metrics.md lists %s", name)
          .contains("`" + name.replace('.', '_') + "_total");
    }
  }

  @Test
  void theOldConstantsAreTheSameNames() {
    assertThat(BoundedLabel.OVERFLOW_COUNTER).isEqualTo(SelfMetricNames.LABEL_OVERFLOW);
    assertThat(InferenceObserver.LISTENER_ERRORS).isEqualTo(SelfMetricNames.LISTENER_ERRORS);
    assertThat(InferenceObserver.CORRELATION_REJECTED).isEqualTo(SelfMetricNames.CORRELATION_REJECTED);
    assertThat(InferenceObserver.INVALID_OBSERVATIONS).isEqualTo(SelfMetricNames.INVALID_OBSERVATIONS);
  }
}
