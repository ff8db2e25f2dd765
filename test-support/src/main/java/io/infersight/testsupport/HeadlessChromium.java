package io.infersight.testsupport;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * Debian's Chromium, headless, for the page tests: one run per call (a DOM dump or a screenshot),
 * with the flags that keep it off the network on a closed machine, and the pixel and text counts
 * the tests assert on.
 */
public final class HeadlessChromium {
  private HeadlessChromium() {}

  /**
   * Runs {@code chromium} headless with its profile in {@code profile} and {@code args} (for example
   * {@code "--dump-dom", url}); returns what it wrote on stdout. Fails when it runs over 90 s or
   * exits non-zero.
   */
  public static String run(Path chromium, Path profile, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox",
        "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--hide-scrollbars",
        "--user-data-dir=" + profile));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish within 90 s: " + cmd);
    }
    if (p.exitValue() != 0) {
      throw new AssertionError("chromium exited with " + p.exitValue() + ": " + cmd);
    }
    return new String(out, StandardCharsets.UTF_8);
  }

  /**
   * Takes a screenshot of {@code url} at {@code width} x {@code height} into {@code file} (replacing
   * one left by an earlier run, so a reader can look at it after the test) and reads it back. Fails
   * when Chromium fails or the file is not an image.
   */
  public static BufferedImage screenshot(Path chromium, Path profile, Path file, int width, int height,
      String url) throws IOException, InterruptedException {
    Path target = file.toAbsolutePath();
    Files.createDirectories(target.getParent());
    Files.deleteIfExists(target);
    run(chromium, profile, "--screenshot=" + target, "--window-size=" + width + "," + height, url);
    BufferedImage image = ImageIO.read(target.toFile());
    if (image == null) {
      throw new AssertionError("chromium wrote no readable screenshot of " + url + " to " + target);
    }
    return image;
  }

  /** How often {@code part} occurs in {@code s} (overlapping occurrences counted). */
  public static int occurrences(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  /** Pixels of {@code image} within 12 of {@code rgb} on each channel. */
  public static int pixelsNear(BufferedImage image, int rgb) {
    int r0 = rgb >> 16 & 0xff;
    int g0 = rgb >> 8 & 0xff;
    int b0 = rgb & 0xff;
    int n = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int p = image.getRGB(x, y);
        if (Math.abs((p >> 16 & 0xff) - r0) < 12 && Math.abs((p >> 8 & 0xff) - g0) < 12
            && Math.abs((p & 0xff) - b0) < 12) {
          n++;
        }
      }
    }
    return n;
  }
}
