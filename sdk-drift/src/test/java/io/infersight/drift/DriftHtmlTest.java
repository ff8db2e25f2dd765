package io.infersight.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML report's content: order, one chart per feature, escaping, and the histograms behind it. */
class DriftHtmlTest {
  @TempDir Path dir;

  private static String rows(String header, double shift, String category) {
    StringBuilder sb = new StringBuilder(header).append('\n');
    for (int i = 0; i < 300; i++) {
      sb.append(i % 60).append(',').append(i % 60 + shift).append(',')
          .append(i % 4 == 0 ? category : "FR").append('\n');
    }
    return sb.toString();
  }

  @Test
  void drawsOneChartPerFeatureDriftedFirstAndEscapesEveryName() throws IOException {
    String header = "stable,\"<b>amount</b>\",country";
    Path ref = Files.writeString(dir.resolve("ref.csv"), rows(header, 0, "DE"));
    Path cur = Files.writeString(dir.resolve("cur.csv"), rows(header, 40, "<script>x</script>"));
    DriftReport report = DriftReport.compare(ref, cur, List.of("country"), DriftReport.DEFAULT_PSI_THRESHOLD);
    String html = report.toHtml();

    assertThat(count(html, "<svg class=\"chart\"")).isEqualTo(3);
    assertThat(html).doesNotContain("<b>amount</b>", "<script>").contains("&lt;b&gt;amount&lt;/b&gt;",
        "&lt;script&gt;x&lt;/script&gt;");
    assertThat(html).doesNotContainPattern("(src|href)=\"?https?:").doesNotContain("<script", "<link", "@import");
    Matcher m = Pattern.compile("<section class=\"feature\" data-feature=\"([^\"]*)\" data-drifted=\"(\\w+)\"")
        .matcher(html);
    StringBuilder order = new StringBuilder();
    while (m.find()) {
      order.append(m.group(1)).append('=').append(m.group(2)).append(' ');
    }
    // stable is in the first column but undrifted, so it comes last; the drifted by descending PSI
    assertThat(order.toString().trim()).isEqualTo("&lt;b&gt;amount&lt;/b&gt;=true country=true stable=false");
    assertThat(html).contains("class=\"verdict drifted\"", "Drift: 2 of 3 features drifted");
  }

  @Test
  void histogramsHoldTheCountsPsiWasComputedFromOnEveryPath() throws IOException {
    String header = "stable,amount,country";
    Path ref = Files.writeString(dir.resolve("ref.csv"), rows(header, 0, "DE"));
    Path cur = Files.writeString(dir.resolve("cur.csv"), rows(header, 40, "IT"));
    DriftReport streamed = DriftReport.compare(ref, cur, List.of("country"), 0.2);
    DriftReport exact = DriftReport.compare(Dataset.readCsv(ref, List.of("country")),
        Dataset.readCsv(cur, List.of("country")), 0.2);
    ReferenceProfile profile = ReferenceProfile.fromCsv(ref, List.of("country"), null);
    DriftReport fromProfile = DriftReport.compare(profile, cur, List.of("country"), 0.2);
    DriftReport fromProfileDataset = DriftReport.compare(profile, Dataset.readCsv(cur, List.of("country")), 0.2);
    for (DriftReport r : List.of(streamed, exact, fromProfile, fromProfileDataset)) {
      for (FeatureDrift f : r.features()) {
        DriftHistogram h = f.histogram();
        long refTotal = 0;
        long curTotal = 0;
        for (int i = 0; i < h.size(); i++) {
          refTotal += h.referenceCount(i);
          curTotal += h.currentCount(i);
        }
        assertThat(refTotal).as(f.name()).isEqualTo(300);
        assertThat(curTotal).as(f.name()).isEqualTo(300);
      }
      DriftHistogram country = r.features().get(2).histogram();
      assertThat(country.labels()).containsExactly("DE", "FR", "IT");
      assertThat(country.referenceShare(0)).isEqualTo(0.25);
      assertThat(country.currentShare(2)).isEqualTo(0.25);
      DriftHistogram amount = r.features().get(1).histogram();
      assertThat(amount.size()).isEqualTo(10);
      assertThat(amount.label(0)).startsWith("≤ ");
      assertThat(amount.label(9)).startsWith("> ");
      assertThat(amount.currentShare(9)).as("shifted values land above the top decile").isGreaterThan(0.6);
    }
  }

  @Test
  void drawsTheLargestCategoriesOfAWideFeatureAndSaysHowManyAreLeftOut() throws IOException {
    StringBuilder sb = new StringBuilder("shop\n");
    for (int i = 0; i < 500; i++) {
      sb.append("shop-").append(i % 50).append('\n');
    }
    Path data = Files.writeString(dir.resolve("shops.csv"), sb.toString());
    String html = DriftReport.compare(data, data, List.of(), 0.2).toHtml();
    assertThat(count(html, "<rect class=\"reference\"")).isEqualTo(DriftHtml.MAX_BARS);
    assertThat(html).contains("10 smaller categories not drawn.", "No drift: 0 of 1 features drifted");
  }

  private static int count(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
