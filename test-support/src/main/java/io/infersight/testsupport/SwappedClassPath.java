package io.infersight.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The running test's class path with some libraries replaced by other versions, as an isolated
 * class loader: how the modules' {@code OldLibrariesTest}s put a library older than the supported
 * floor in front of the code under test. The replacement jars are the ones the build copied to
 * {@code target/unsupported-libraries} (maven-dependency-plugin).
 */
public final class SwappedClassPath {
  /** Where each module's build copies the jars of unsupported versions. */
  public static final Path UNSUPPORTED = Path.of("target", "unsupported-libraries");

  private SwappedClassPath() {}

  /**
   * This test's class path, each named artifact's jar replaced by the one of that artifact in
   * {@link #UNSUPPORTED}; the parent is the platform class loader, so nothing leaks in from the
   * test's own loader.
   */
  public static URLClassLoader with(String... artifactIds) throws IOException {
    List<URL> urls = new ArrayList<>();
    for (String artifactId : artifactIds) {
      try (Stream<Path> jars = Files.list(UNSUPPORTED)) {
        Path jar = jars.filter(p -> isJarOf(p, artifactId)).findFirst()
            .orElseThrow(() -> new AssertionError("no " + artifactId + " in " + UNSUPPORTED));
        urls.add(url(jar));
      }
    }
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry);
      if (Stream.of(artifactIds).noneMatch(a -> isJarOf(p, a))) {
        urls.add(url(p));
      }
    }
    return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
  }

  /** Whether {@code jar} is a version of {@code artifactId} ({@code artifactId-<digit>...jar}). */
  static boolean isJarOf(Path jar, String artifactId) {
    String name = jar.getFileName().toString();
    return name.endsWith(".jar") && name.startsWith(artifactId + "-")
        && name.length() > artifactId.length() + 1
        && Character.isDigit(name.charAt(artifactId.length() + 1));
  }

  private static URL url(Path p) {
    try {
      return p.toUri().toURL();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
