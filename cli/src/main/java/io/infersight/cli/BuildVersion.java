package io.infersight.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version line of {@code --version}: the Maven project version, written into a resource by the build. */
final class BuildVersion implements IVersionProvider {
  private static final String RESOURCE = "version.properties";

  /** The build's version, for example {@code 0.1.0-SNAPSHOT}. */
  static String version() {
    try (InputStream in = BuildVersion.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("io/infersight/cli/" + RESOURCE + " is missing from the jar");
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "").trim();
      if (v.isEmpty() || v.startsWith("${")) {
        throw new IllegalStateException("io/infersight/cli/" + RESOURCE + " was not filtered by the build: " + v);
      }
      return v;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String[] getVersion() {
    return new String[] {"infersight " + version()};
  }
}
