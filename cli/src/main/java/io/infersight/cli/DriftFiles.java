package io.infersight.cli;

import io.infersight.drift.DriftInputException;
import io.infersight.drift.ReferenceProfile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What {@code drift-report} and {@code profile} share: file sniffing and the failure lines. */
final class DriftFiles {
  /** Exit code when nothing could be computed (bad input, unreadable file, out of memory). */
  static final int NO_RESULT = 2;

  private DriftFiles() {}

  /** The column names of a comma-separated option, trimmed, blanks dropped. */
  static List<String> columns(List<String> raw) {
    List<String> out = new ArrayList<>();
    for (String s : raw) {
      if (!s.isBlank()) {
        out.add(s.trim());
      }
    }
    return out;
  }

  /** A reference is a profile when its name ends in .json or its first non-blank character is '{'. */
  static boolean isProfile(Path path) {
    if (path.toString().endsWith(".json")) {
      return true;
    }
    if (!Files.isRegularFile(path)) {
      return false; // the CSV reader names the problem
    }
    try (InputStream in = Files.newInputStream(path)) {
      int c;
      while ((c = in.read()) == 0xEF || c == 0xBB || c == 0xBF || Character.isWhitespace(c)) {
        // skip a byte order mark and leading blanks
      }
      return c == '{';
    } catch (IOException e) {
      return false;
    }
  }

  static ReferenceProfile loadProfile(Path path) {
    if (Files.isDirectory(path)) {
      throw new DriftInputException(path + ": is a directory, not a file");
    }
    try {
      return ReferenceProfile.load(path);
    } catch (NoSuchFileException e) {
      throw new DriftInputException(path + ": no such file", e);
    } catch (AccessDeniedException e) {
      throw new DriftInputException(path + ": cannot read (permission denied)", e);
    } catch (java.nio.charset.MalformedInputException e) {
      throw new DriftInputException(path + ": not UTF-8 text", e);
    } catch (IOException e) {
      throw new DriftInputException(path + ": cannot read (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  /**
   * The one line for an {@link OutOfMemoryError}: the files, their sizes, the heap limit and a
   * larger one to try. The statistics stream the rows, so what fills the heap is columns and
   * distinct categories.
   */
  static String outOfMemory(String command, Path... files) {
    StringBuilder sb = new StringBuilder(command).append(": out of memory reading ");
    for (int i = 0; i < files.length; i++) {
      sb.append(i == 0 ? "" : " and ").append(files[i]).append(" (").append(mib(size(files[i]))).append(')');
    }
    long max = Runtime.getRuntime().maxMemory();
    return sb.append(" with a maximum heap of ").append(mib(max))
        .append("; memory grows with the columns and their distinct categories, not the rows:")
        .append(" rerun with a larger heap, e.g. java -Xmx").append(Math.max(256, 4 * (max >> 20)))
        .append("m").toString();
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
  }
}
