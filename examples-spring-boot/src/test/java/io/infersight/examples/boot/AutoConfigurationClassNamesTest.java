package io.infersight.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.annotation.Annotation;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;

/**
 * Every class that Infersight's auto-configuration names as a string (the Boot auto-configurations
 * it runs after, its {@code @ConditionalOnClass} names) exists on the Boot line this test runs on:
 * Boot 3 names under Boot 3.5, Boot 4 names under Boot 4.0, names of neither line on both. A
 * misspelt {@code afterName} is otherwise silently ignored by Boot. Boot 4's OpenTelemetry and
 * tracing modules are not in the application; the boot4 build copies their jars for this test
 * (system property {@code infersight.boot-autoconfigure-jars}).
 */
class AutoConfigurationClassNamesTest {
  private static final String PACKAGE = "io.infersight.spring.boot.autoconfigure.";
  private static final List<String> BOOT3_ONLY = List.of("org.springframework.boot.actuate.autoconfigure.");
  private static final List<String> BOOT4_ONLY = List.of("org.springframework.boot.micrometer.",
      "org.springframework.boot.opentelemetry.");

  @Test
  void everyAfterNameOfThisBootLineExistsAndEachLineHasTheSameNumber() throws Exception {
    boolean boot4 = SpringBootVersion.getVersion().startsWith("4.");
    String[] after = Class.forName(PACKAGE + "InfersightAutoConfiguration")
        .getAnnotation(AutoConfiguration.class).afterName();
    List<String> boot3Names = new ArrayList<>();
    List<String> boot4Names = new ArrayList<>();
    List<String> common = new ArrayList<>();
    for (String name : after) {
      if (BOOT3_ONLY.stream().anyMatch(name::startsWith)) {
        boot3Names.add(name);
      } else if (BOOT4_ONLY.stream().anyMatch(name::startsWith)) {
        boot4Names.add(name);
      } else {
        common.add(name);
      }
    }
    assertThat(boot3Names).as("one Boot 4 name for each Boot 3 name").hasSameSizeAs(boot4Names).isNotEmpty();
    try (URLClassLoader loader = withBootJars()) {
      for (String name : boot4 ? boot4Names : boot3Names) {
        assertThat(exists(name, loader)).as("afterName %s on Boot %s", name, SpringBootVersion.getVersion())
            .isTrue();
      }
      for (String name : common) {
        assertThat(exists(name, loader)).as("afterName %s", name).isTrue();
      }
      for (String name : boot4 ? boot3Names : boot4Names) {
        assertThat(exists(name, loader)).as("%s of the other Boot line", name).isFalse();
      }
    }
  }

  @Test
  void everyConditionalOnClassNameExists() throws Exception {
    List<String> names = new ArrayList<>();
    for (String top : List.of("InfersightAutoConfiguration", "PillarConfigurations",
        "InfersightEndpointConfiguration")) {
      collect(Class.forName(PACKAGE + top), names);
    }
    assertThat(names).contains("io.micrometer.context.ContextRegistry", "jakarta.servlet.Filter");
    try (URLClassLoader loader = withBootJars()) {
      for (String name : names) {
        assertThat(exists(name, loader)).as("@ConditionalOnClass name %s", name).isTrue();
      }
    }
  }

  private static void collect(Class<?> type, List<String> names) {
    for (Annotation a : type.getDeclaredAnnotations()) {
      if (a instanceof ConditionalOnClass) {
        names.addAll(Arrays.asList(((ConditionalOnClass) a).name()));
      }
    }
    for (var m : type.getDeclaredMethods()) {
      ConditionalOnClass c = m.getAnnotation(ConditionalOnClass.class);
      if (c != null) {
        names.addAll(Arrays.asList(c.name()));
      }
    }
    for (Class<?> nested : type.getDeclaredClasses()) {
      collect(nested, names);
    }
  }

  private static URLClassLoader withBootJars() throws Exception {
    List<URL> urls = new ArrayList<>();
    String dir = System.getProperty("infersight.boot-autoconfigure-jars");
    if (dir != null) {
      File[] jars = new File(dir).listFiles((d, n) -> n.endsWith(".jar"));
      assertThat(jars).as("jars copied to %s", dir).isNotEmpty();
      for (File jar : jars) {
        urls.add(jar.toURI().toURL());
      }
    }
    return new URLClassLoader(urls.toArray(new URL[0]), AutoConfigurationClassNamesTest.class.getClassLoader());
  }

  private static boolean exists(String name, ClassLoader loader) {
    return loader.getResource(name.replace('.', '/') + ".class") != null;
  }
}
