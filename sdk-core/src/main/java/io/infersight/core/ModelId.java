package io.infersight.core;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The identity of the model being served: name, version and, optionally, the git commit it was
 * built from. Every metric, log event and span carries it.
 *
 * <pre>{@code
 * ModelId id = ModelId.of("fraud-detector", "2.1.0", "3f2a9c1");
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ModelId {
  /** The commit shown when none was given. */
  public static final String UNKNOWN_COMMIT = "unknown";

  private final String name;
  private final String version;
  private final String gitCommit;

  private ModelId(String name, String version, String gitCommit) {
    this.name = name;
    this.version = version;
    this.gitCommit = gitCommit;
  }

  /**
   * Creates a model identity.
   *
   * @throws IllegalArgumentException when name or version is blank
   */
  public static ModelId of(String name, String version) {
    return of(name, version, null);
  }

  /**
   * Creates a model identity with a git commit ({@code null} or blank means {@value #UNKNOWN_COMMIT}).
   *
   * @throws IllegalArgumentException when name or version is blank
   */
  public static ModelId of(String name, String version, @Nullable String gitCommit) {
    requireText(name, "model name");
    requireText(version, "model version");
    String commit = gitCommit == null || gitCommit.isBlank() ? UNKNOWN_COMMIT : gitCommit.trim();
    return new ModelId(name.trim(), version.trim(), commit);
  }

  private static void requireText(String value, String setting) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(setting + " must be a non-blank string");
    }
    if (value.length() > 128) {
      throw new IllegalArgumentException(setting + " must be at most 128 characters, was " + value.length());
    }
  }

  public String name() {
    return name;
  }

  public String version() {
    return version;
  }

  /** The git commit, or {@value #UNKNOWN_COMMIT}. */
  public String gitCommit() {
    return gitCommit;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ModelId)) {
      return false;
    }
    ModelId other = (ModelId) o;
    return name.equals(other.name) && version.equals(other.version) && gitCommit.equals(other.gitCommit);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, version, gitCommit);
  }

  @Override
  public String toString() {
    return name + ":" + version + "@" + gitCommit;
  }
}
