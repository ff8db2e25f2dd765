package io.infersight.examples.fraud;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersight.testsupport.HeadlessChromium;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code /debug/drift} on a running demo: the live window against the reference profile, drawn as
 * the offline HTML report. Checked over HTTP (methods) and in headless Chromium (DOM and pixels).
 */
@Tag("e2e")
class DriftPageTest {
  private static final int REFERENCE_BLUE = 0x4a8fe7;
  private static final int CURRENT_ORANGE = 0xe8743b;

  @Test
  void liveDriftPageDrawsEveryFeatureAgainstTheReference() throws Exception {
    Path chromium = ExternalTool.require("chromium", "install Debian's 'chromium' package");
    try (DemoApp demo = DemoClient.startQuiet()) {
      DemoClient client = new DemoClient(demo, 7);
      for (int i = 0; i < 200; i++) {
        assertThat(client.predict("/predict", null)).isEqualTo(200);
      }

      HttpClient http = client.http();
      URI page = client.base().resolve("/debug/drift");
      HttpResponse<String> get = http.send(HttpRequest.newBuilder(page).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(get.statusCode()).isEqualTo(200);
      assertThat(get.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
      HttpResponse<String> head = http.send(HttpRequest.newBuilder(page).method("HEAD",
          HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(head.statusCode()).isEqualTo(200);
      assertThat(head.body()).isEmpty();
      HttpResponse<String> post = http.send(HttpRequest.newBuilder(page).POST(HttpRequest.BodyPublishers.noBody())
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).isEqualTo(405);
      assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");

      Path profile = Files.createTempDirectory("chromium-profile");
      String dom = HeadlessChromium.run(chromium, profile, "--dump-dom", page.toString());
      int rows = HeadlessChromium.occurrences(dom, "<tr") - 1;
      assertThat(rows).as("statistics rows: the demo's features and score").isGreaterThanOrEqualTo(4);
      assertThat(HeadlessChromium.occurrences(dom, "<svg class=\"chart\"")).as("one chart per table row").isEqualTo(rows);
      assertThat(dom).contains("Infersight live drift", "<rect class=\"reference\"", "<rect class=\"current\"");

      BufferedImage image = HeadlessChromium.screenshot(chromium, profile, Path.of("target", "drift-live.png"),
          1000, 1600, page.toString());
      assertThat(HeadlessChromium.pixelsNear(image, REFERENCE_BLUE)).as("reference bars in the screenshot").isGreaterThan(2_000);
      assertThat(HeadlessChromium.pixelsNear(image, CURRENT_ORANGE)).as("current bars in the screenshot").isGreaterThan(2_000);
    }
  }
}
