package io.infersight.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Prometheus text scrape read back into series, so tests check what Prometheus sees rather than
 * which Micrometer meters exist (on a Prometheus registry the per-request series are not meters).
 */
final class Scraped {
  private static final Pattern LINE = Pattern.compile("^(\\w+)(?:\\{(.*)})? (\\S+)$");
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  /** One sample line: name, labels, value. */
  static final class Series {
    final String name;
    final Map<String, String> labels;
    final double value;

    Series(String name, Map<String, String> labels, double value) {
      this.name = name;
      this.labels = labels;
      this.value = value;
    }
  }

  private final List<Series> series = new ArrayList<>();

  private Scraped(String text) {
    for (String line : text.split("\n")) {
      Matcher m = LINE.matcher(line);
      if (line.startsWith("#") || !m.matches()) {
        continue;
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(2) != null) {
        Matcher l = LABEL.matcher(m.group(2));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      series.add(new Series(m.group(1), labels, Double.parseDouble(m.group(3))));
    }
  }

  static Scraped of(PrometheusMeterRegistry registry) {
    return new Scraped(registry.scrape());
  }

  /** Every series named {@code name} whose labels include the given key, value pairs. */
  List<Series> find(String name, String... keyValues) {
    List<Series> out = new ArrayList<>();
    for (Series s : series) {
      if (s.name.equals(name) && matches(s.labels, keyValues)) {
        out.add(s);
      }
    }
    return out;
  }

  /** The value of the one series that matches; fails when none or several do. */
  double value(String name, String... keyValues) {
    List<Series> found = find(name, keyValues);
    if (found.size() != 1) {
      throw new AssertionError("expected one series " + name + " " + String.join(",", keyValues)
          + ", found " + found.size());
    }
    return found.get(0).value;
  }

  private static boolean matches(Map<String, String> labels, String[] keyValues) {
    for (int i = 0; i < keyValues.length; i += 2) {
      if (!keyValues[i + 1].equals(labels.get(keyValues[i]))) {
        return false;
      }
    }
    return true;
  }
}
