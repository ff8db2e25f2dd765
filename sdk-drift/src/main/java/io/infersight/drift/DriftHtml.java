package io.infersight.drift;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link DriftReport} as one self-contained HTML page: the verdict, a table of every
 * statistic and, per feature, the reference and current shares of each PSI bin as an inline SVG
 * bar chart. Drifted features come first, each group by descending PSI. The page loads nothing
 * from the network (no scripts, fonts or images) and every string from the data is escaped.
 */
final class DriftHtml {
  /** Fill of the reference bars. */
  static final String REFERENCE_COLOUR = "#4a8fe7";
  /** Fill of the current bars. */
  static final String CURRENT_COLOUR = "#e8743b";
  /** Bins drawn per chart; a categorical feature with more draws its largest ones. */
  static final int MAX_BARS = 40;

  private static final int WIDTH = 720;
  private static final int HEIGHT = 260;
  private static final int LEFT = 48;
  private static final int RIGHT = 12;
  private static final int TOP = 12;
  private static final int PLOT_BOTTOM = 180;

  private DriftHtml() {}

  static String render(DriftReport report, String title) {
    List<FeatureDrift> features = ordered(report.features());
    long drifted = features.stream().filter(FeatureDrift::drifted).count();
    StringBuilder sb = new StringBuilder(8192);
    sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
        .append(escape(title)).append("</title>\n<style>\n")
        .append("body{font-family:system-ui,sans-serif;margin:24px;color:#222;background:#fff}\n")
        .append(".verdict{font-size:1.3em;font-weight:600;padding:10px 14px;border-radius:4px;display:inline-block}\n")
        .append(".verdict.drifted{background:#fde2e1;color:#a11}.verdict.ok{background:#e3f4e6;color:#175c27}\n")
        .append(".scroll{overflow-x:auto}table{border-collapse:collapse;margin:16px 0}th,td{padding:3px 6px;border-bottom:1px solid #ddd;font-size:.85em}\n")
        .append("td.n{text-align:right;font-variant-numeric:tabular-nums}tr.drifted td{background:#fff1f0}\n")
        .append("section.feature{margin:20px 0;padding-top:4px;border-top:1px solid #eee}\n")
        .append("section.feature h2{font-size:1.05em;margin:8px 0}.tag{color:#a11;font-weight:600}\n")
        .append(".legend span{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;vertical-align:middle}\n")
        .append("svg text{font-size:10px;fill:#444}.note{color:#666;font-size:.9em}\n")
        .append("</style>\n</head>\n<body>\n<h1>").append(escape(title)).append("</h1>\n");
    sb.append("<p class=\"verdict ").append(drifted > 0 ? "drifted" : "ok").append("\" id=\"verdict\">")
        .append(drifted > 0 ? "Drift: " : "No drift: ").append(drifted).append(" of ").append(features.size())
        .append(" features drifted (psi &ge; ").append(escape(Double.toString(report.psiThreshold())))
        .append(")</p>\n");
    if (!report.warnings().isEmpty()) {
      sb.append("<ul class=\"warnings\">\n");
      for (String w : report.warnings()) {
        sb.append("<li>").append(escape(w)).append("</li>\n");
      }
      sb.append("</ul>\n");
    }
    sb.append("<div class=\"scroll\">\n");
    table(sb, features);
    sb.append("</div>\n");
    sb.append("<p class=\"legend\"><span style=\"background:").append(REFERENCE_COLOUR)
        .append("\"></span>reference<span style=\"background:").append(CURRENT_COLOUR)
        .append("\"></span>current &mdash; share of each set's values per PSI bin</p>\n");
    for (FeatureDrift f : features) {
      chart(sb, f);
    }
    sb.append("</body>\n</html>\n");
    return sb.toString();
  }

  /** Drifted first; within each group by descending PSI (undefined last), then name. */
  static List<FeatureDrift> ordered(List<FeatureDrift> features) {
    List<FeatureDrift> out = new ArrayList<>(features);
    out.sort(Comparator.comparing((FeatureDrift f) -> !f.drifted())
        .thenComparing(f -> Double.isNaN(f.psi()) ? Double.NEGATIVE_INFINITY : f.psi(), Comparator.reverseOrder())
        .thenComparing(FeatureDrift::name));
    return out;
  }

  private static void table(StringBuilder sb, List<FeatureDrift> features) {
    sb.append("<table id=\"statistics\">\n<thead><tr><th>feature</th><th>kind</th><th>n_reference</th>"
        + "<th>n_current</th><th>missing_current</th>");
    for (DriftMethod m : DriftMethod.values()) {
      sb.append("<th>").append(escape(m.label())).append("</th>");
    }
    sb.append("<th>drifted</th></tr></thead>\n<tbody>\n");
    for (FeatureDrift f : features) {
      sb.append("<tr").append(f.drifted() ? " class=\"drifted\"" : "").append("><td>").append(escape(f.name()))
          .append("</td><td>").append(escape(f.kind().label())).append("</td><td class=\"n\">")
          .append(f.nReference()).append("</td><td class=\"n\">").append(f.nCurrent())
          .append("</td><td class=\"n\">").append(f.missingCurrent()).append("</td>");
      for (DriftMethod m : DriftMethod.values()) {
        double v = f.value(m);
        sb.append("<td class=\"n\">").append(m.appliesTo(f.kind()) && Double.isFinite(v)
            ? String.format(Locale.ROOT, "%.4f", v) : "&ndash;").append("</td>");
      }
      sb.append("<td>").append(f.drifted() ? "<b>yes</b>" : "no").append("</td></tr>\n");
    }
    sb.append("</tbody>\n</table>\n");
  }

  private static void chart(StringBuilder sb, FeatureDrift f) {
    String name = escape(f.name());
    sb.append("<section class=\"feature\" data-feature=\"").append(name).append("\" data-drifted=\"")
        .append(f.drifted()).append("\">\n<h2>").append(name).append(" <small>(")
        .append(escape(f.kind().label())).append(", psi ")
        .append(Double.isFinite(f.psi()) ? String.format(Locale.ROOT, "%.4f", f.psi()) : "undefined")
        .append(")</small>").append(f.drifted() ? " <span class=\"tag\">drifted</span>" : "").append("</h2>\n");
    DriftHistogram h = f.histogram();
    List<Integer> bins = h == null ? List.of() : drawnBins(h);
    if (bins.isEmpty()) {
      sb.append("<p class=\"note\">No values to draw.</p>\n</section>\n");
      return;
    }
    double max = 0;
    for (int i : bins) {
      max = Math.max(max, Math.max(h.referenceShare(i), h.currentShare(i)));
    }
    max = max > 0 ? max : 1;
    double plotWidth = WIDTH - LEFT - RIGHT;
    double slot = plotWidth / bins.size();
    double bar = Math.max(1, Math.min(36, slot * 0.4));
    double plotHeight = PLOT_BOTTOM - TOP;
    sb.append("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH)
        .append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
        .append("\" role=\"img\" aria-label=\"reference and current distribution of ").append(name).append("\">\n");
    for (int t = 0; t <= 4; t++) {
      double share = max * t / 4;
      double y = PLOT_BOTTOM - plotHeight * t / 4;
      sb.append(String.format(Locale.ROOT,
          "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e4e4e4\"/>"
              + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.0f%%</text>\n",
          LEFT, y, WIDTH - RIGHT, y, LEFT - 4, y + 3, share * 100));
    }
    for (int k = 0; k < bins.size(); k++) {
      int i = bins.get(k);
      double x = LEFT + k * slot + slot / 2;
      String label = escape(h.label(i));
      bar(sb, "reference", REFERENCE_COLOUR, x - bar, bar, h.referenceShare(i), h.referenceCount(i), max, label);
      bar(sb, "current", CURRENT_COLOUR, x, bar, h.currentShare(i), h.currentCount(i), max, label);
      String full = h.label(i);
      String shown = full.codePointCount(0, full.length()) > 16
          ? full.substring(0, full.offsetByCodePoints(0, 15)) + "…" : full;
      sb.append(String.format(Locale.ROOT,
          "<text x=\"%.1f\" y=\"%d\" text-anchor=\"end\" transform=\"rotate(-35 %.1f %d)\">",
          x, PLOT_BOTTOM + 12, x, PLOT_BOTTOM + 12)).append(escape(shown)).append("</text>\n");
    }
    sb.append("</svg>\n");
    int filled = filledBins(h).size();
    if (bins.size() < filled) {
      sb.append("<p class=\"note\">").append(filled - bins.size())
          .append(" smaller categories not drawn.</p>\n");
    }
    sb.append("</section>\n");
  }

  private static void bar(StringBuilder sb, String series, String colour, double x, double width, double share,
      long count, double max, String label) {
    double height = (PLOT_BOTTOM - TOP) * share / max;
    sb.append(String.format(Locale.ROOT,
        "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
            + "<title>%s %s: %.2f%% (%d)</title></rect>\n",
        series, x, PLOT_BOTTOM - height, width, height, colour, series, label, share * 100, count));
  }

  /** The bins to draw: those with a value in either set, at most {@link #MAX_BARS}, the largest. */
  private static List<Integer> drawnBins(DriftHistogram h) {
    List<Integer> bins = filledBins(h);
    if (bins.size() > MAX_BARS) {
      bins.sort(Comparator.comparingDouble((Integer i) -> -Math.max(h.referenceShare(i), h.currentShare(i))));
      bins = new ArrayList<>(bins.subList(0, MAX_BARS));
      bins.sort(Comparator.naturalOrder());
    }
    return bins;
  }

  /** The bins with a value in either set. */
  private static List<Integer> filledBins(DriftHistogram h) {
    List<Integer> bins = new ArrayList<>();
    for (int i = 0; i < h.size(); i++) {
      if (h.referenceCount(i) > 0 || h.currentCount(i) > 0) {
        bins.add(i);
      }
    }
    return bins;
  }

  /** Escapes text for HTML element content and quoted attribute values. */
  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
