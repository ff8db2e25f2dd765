package io.infersight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersight.testsupport.HeadlessChromium;
import io.infersight.testsupport.Required;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code drift-report --format html} as a person sees it: written by the real command, rendered by
 * headless Chromium (Debian's package), checked through the rendered DOM and the screenshot's
 * pixels. The screenshot is left at {@code cli/target/drift-report.png}.
 */
@Tag("e2e")
class DriftReportPageTest {
  private static final int REFERENCE_BLUE = 0x4a8fe7;
  private static final int CURRENT_ORANGE = 0xe8743b;

  @TempDir Path dir;

  /** 400 rows: an unchanged numeric column, one shifted by {@code shift}, a categorical column. */
  private static String rows(double shift, String[] plans) {
    StringBuilder sb = new StringBuilder("age,amount,plan\n");
    for (int i = 0; i < 400; i++) {
      sb.append(18 + i % 50).append(',').append(String.format(java.util.Locale.ROOT, "%.2f",
          20 + (i * 37 % 100) + shift)).append(',').append(plans[i % plans.length]).append('\n');
    }
    return sb.toString();
  }

  @Test
  void htmlReportShowsAChartPerFeatureDriftedFirstWithBothDistributions() throws Exception {
    Path chromium = Required.tool("chromium", "install Debian's 'chromium' package");
    Path ref = Files.writeString(dir.resolve("reference.csv"), rows(0, new String[] {"basic", "pro", "basic"}));
    Path cur = Files.writeString(dir.resolve("current.csv"), rows(45, new String[] {"basic", "pro", "pro"}));
    Path page = dir.resolve("report.html");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = InfersightCli.execute(new String[] {"drift-report", "--reference", ref.toString(), "--current",
        cur.toString(), "--format", "html", "--out", page.toString()}, new PrintWriter(out, true),
        new PrintWriter(err, true));
    assertThat(code).as("exit code: amount drifted").isEqualTo(1);
    assertThat(out.toString()).as("--out leaves stdout empty").isEmpty();
    assertThat(err.toString()).isEmpty();

    Path profile = Files.createTempDirectory("chromium-profile");
    String url = page.toUri().toString();
    String dom = HeadlessChromium.run(chromium, profile, "--dump-dom", url);
    assertThat(HeadlessChromium.occurrences(dom, "<svg class=\"chart\"")).as("one chart per feature").isEqualTo(3);
    Matcher m = Pattern.compile("data-feature=\"(\\w+)\" data-drifted=\"(\\w+)\"").matcher(dom);
    List<String> order = new ArrayList<>();
    while (m.find()) {
      order.add(m.group(1) + "=" + m.group(2));
    }
    assertThat(order).as("drifted first").containsExactly("amount=true", "plan=true", "age=false");
    assertThat(dom).contains("Drift: 2 of 3 features drifted", "<rect class=\"reference\"", "<rect class=\"current\"");

    BufferedImage image = HeadlessChromium.screenshot(chromium, profile, Path.of("target", "drift-report.png"),
        1100, 1400, url);
    assertThat(image.getWidth()).isEqualTo(1100);
    assertThat(HeadlessChromium.pixelsNear(image, REFERENCE_BLUE)).as("reference bars in the screenshot").isGreaterThan(3_000);
    assertThat(HeadlessChromium.pixelsNear(image, CURRENT_ORANGE)).as("current bars in the screenshot").isGreaterThan(3_000);
  }
}
