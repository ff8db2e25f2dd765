package io.infersight.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class InfersightEnvironmentPostProcessorTest {
  private final InfersightEnvironmentPostProcessor processor = new InfersightEnvironmentPostProcessor();

  private StandardEnvironment env(Map<String, Object> props) {
    StandardEnvironment env = new StandardEnvironment();
    env.getPropertySources().addFirst(new MapPropertySource("app", props));
    processor.postProcessEnvironment(env, new SpringApplication());
    return env;
  }

  @Test
  void withoutALogbackConfigurationTheStartersIsUsedInJsonWithoutBanner() {
    StandardEnvironment env = env(Map.of());
    assertThat(env.getProperty("logging.config")).isEqualTo(InfersightEnvironmentPostProcessor.LOGBACK_CONFIG);
    assertThat(env.getProperty("spring.main.banner-mode")).isEqualTo("off");
    assertThat(env.getProperty(InfersightEnvironmentPostProcessor.EXEMPLARS_ON_ALL)).isEqualTo("false");
  }

  @Test
  void theConsoleFormatKeepsTheBanner() {
    StandardEnvironment env = env(Map.of("infersight.logging.format", "console"));
    assertThat(env.getProperty("logging.config")).isEqualTo(InfersightEnvironmentPostProcessor.LOGBACK_CONFIG);
    assertThat(env.getProperty("spring.main.banner-mode")).isNull();
  }

  @Test
  void bootsStructuredConsoleFormatGoesThroughTheStartersConfigurationWithoutBanner() {
    StandardEnvironment env = env(Map.of("logging.structured.format.console", "ecs",
        "infersight.logging.format", "console"));
    assertThat(env.getProperty("logging.config")).isEqualTo(InfersightEnvironmentPostProcessor.LOGBACK_CONFIG);
    assertThat(env.getProperty("spring.main.banner-mode")).isEqualTo("off");
  }

  @Test
  void anOwnConfigurationIsLeftAlone() {
    assertThat(env(Map.of("logging.config", "classpath:mine.xml")).getProperty("logging.config"))
        .isEqualTo("classpath:mine.xml");
    assertThat(env(Map.of("infersight.logging.enabled", "false")).getProperty("logging.config")).isNull();
  }

  @Test
  void theApplicationsOwnSettingsWin() {
    StandardEnvironment env = env(Map.of("spring.main.banner-mode", "log",
        InfersightEnvironmentPostProcessor.EXEMPLARS_ON_ALL, "true"));
    assertThat(env.getProperty("spring.main.banner-mode")).isEqualTo("log");
    assertThat(env.getProperty(InfersightEnvironmentPostProcessor.EXEMPLARS_ON_ALL)).isEqualTo("true");
  }

  @Test
  void disabledAddsNothing() {
    StandardEnvironment env = env(Map.of("infersight.enabled", "false"));
    assertThat(env.getPropertySources().contains("infersightDefaults")).isFalse();
  }
}
