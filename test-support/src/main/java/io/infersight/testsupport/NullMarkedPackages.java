package io.infersight.testsupport;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Checks that every package a module compiles is {@code @NullMarked} (docs/architecture.md,
 * "Nullness"): a package added without a {@code package-info.java} that says so fails its
 * module's build. It reads the annotation by name, so this module needs no JSpecify dependency;
 * the module under test has it on its test class path.
 */
public final class NullMarkedPackages {
  static final String NULL_MARKED = "org.jspecify.annotations.NullMarked";

  private NullMarkedPackages() {}

  /**
   * Fails unless every package with a class in the class-path directory that holds {@code anchor}
   * (the module's {@code target/classes}) has a {@code package-info} annotated {@code
   * @NullMarked}. Returns the packages checked.
   */
  public static List<String> assertEveryPackageNullMarked(Class<?> anchor) {
    Path root = classesDirectory(anchor);
    List<String> unmarked = new ArrayList<>();
    List<String> checked = new ArrayList<>();
    for (String pkg : packages(root)) {
      checked.add(pkg);
      if (!nullMarked(pkg, anchor.getClassLoader())) {
        unmarked.add(pkg);
      }
    }
    assertTrue(checked.contains(anchor.getPackageName()), "no classes found under " + root);
    if (!unmarked.isEmpty()) {
      fail("packages without @NullMarked in their package-info.java (docs/architecture.md, "
          + "\"Nullness\"): " + unmarked);
    }
    return checked;
  }

  private static Path classesDirectory(Class<?> anchor) {
    Path root;
    try {
      root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    if (!Files.isDirectory(root)) {
      fail(anchor.getName() + " comes from " + root + ", not a class directory");
    }
    return root;
  }

  /** The packages that hold at least one class under {@code root}, sorted. */
  static TreeSet<String> packages(Path root) {
    TreeSet<String> out = new TreeSet<>();
    try (Stream<Path> files = Files.walk(root)) {
      files.filter(f -> f.getFileName().toString().endsWith(".class"))
          .map(f -> root.relativize(f.getParent()))
          .filter(dir -> dir.getNameCount() > 0 && !dir.toString().isEmpty())
          .forEach(dir -> out.add(dir.toString().replace(dir.getFileSystem().getSeparator(), ".")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  static boolean nullMarked(String pkg, ClassLoader loader) {
    Class<?> info;
    try {
      info = Class.forName(pkg + ".package-info", false, loader);
    } catch (ClassNotFoundException e) {
      return false;
    }
    for (Annotation a : info.getAnnotations()) {
      if (a.annotationType().getName().equals(NULL_MARKED)) {
        return true;
      }
    }
    return false;
  }
}
