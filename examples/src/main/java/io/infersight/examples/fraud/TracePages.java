package io.infersight.examples.fraud;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infersight.tracing.StoredSpan;
import io.infersight.tracing.StoredTrace;
import io.infersight.tracing.TraceStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders the embedded {@link TraceStore} for {@code /debug/traces}: JSON for tools, and an HTML
 * waterfall page (server-side rendered, no script) for people.
 */
final class TracePages {
  private static final int SHOWN_PER_VIEW = 8;

  private final TraceStore store;
  private final ObjectMapper json;

  TracePages(TraceStore store, ObjectMapper json) {
    this.store = store;
    this.json = json;
  }

  /** {"recent": [...], "slowest": [...], "errors": [...]}. */
  byte[] json() throws java.io.IOException {
    ObjectNode root = json.createObjectNode();
    root.set("recent", traces(store.recent()));
    root.set("slowest", traces(store.slowest()));
    root.set("errors", traces(store.errors()));
    return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
  }

  private ArrayNode traces(List<StoredTrace> traces) {
    ArrayNode arr = json.createArrayNode();
    for (StoredTrace t : traces) {
      ObjectNode n = arr.addObject();
      n.put("trace_id", t.traceId());
      n.put("root", t.rootName());
      n.put("start_epoch_nanos", t.startEpochNanos());
      n.put("duration_ms", t.durationNanos() / 1e6);
      n.put("error", t.hasError());
      if (t.keptAfterTheFact() != null) {
        n.put("kept_after_the_fact", t.keptAfterTheFact());
      }
      ArrayNode spans = n.putArray("spans");
      for (StoredSpan s : t.spans()) {
        ObjectNode sn = spans.addObject();
        sn.put("name", s.name());
        sn.put("span_id", s.spanId());
        sn.put("parent_span_id", s.parentSpanId());
        sn.put("start_epoch_nanos", s.startEpochNanos());
        sn.put("duration_ms", s.durationNanos() / 1e6);
        sn.put("status", s.status());
        sn.set("attributes", json.valueToTree(s.attributes()));
      }
    }
    return arr;
  }

  /** The waterfall page; {@code traceId} selects one trace, {@code null} shows the views. */
  String html(String traceId) {
    StringBuilder b = new StringBuilder(16_384);
    b.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>Infersight traces</title>")
        .append("<style>body{font:14px system-ui,sans-serif;margin:24px;color:#222}")
        .append("h1{font-size:20px}h2{font-size:16px;margin-top:28px}")
        .append(".trace{border:1px solid #ddd;border-radius:6px;margin:12px 0;padding:8px 12px}")
        .append(".trace.error{border-color:#d33}.meta{color:#555;font-size:12px;margin-bottom:6px}")
        .append(".row{display:flex;align-items:center;height:22px;line-height:20px}")
        .append(".name{width:230px;flex:none;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;font-family:monospace}")
        .append(".lane{position:relative;flex:1;height:14px;background:#f4f4f4}")
        .append(".bar{position:absolute;height:14px;background:#4a8fe7;border-radius:2px;min-width:2px}")
        .append(".bar.err{background:#d33}.ms{width:90px;flex:none;text-align:right;font-family:monospace}")
        .append("</style></head><body><h1>Infersight — recent traces</h1>");
    if (traceId != null) {
      StoredTrace t = store.trace(traceId);
      if (t == null) {
        b.append("<p>No trace ").append(escape(traceId)).append(" in the store.</p>");
      } else {
        trace(b, t);
      }
    } else {
      section(b, "Slowest", store.slowest());
      section(b, "Failed", store.errors());
      section(b, "Most recent", store.recent());
    }
    return b.append("</body></html>").toString();
  }

  private void section(StringBuilder b, String title, List<StoredTrace> traces) {
    b.append("<h2>").append(title).append(" (").append(traces.size()).append(")</h2>");
    if (traces.isEmpty()) {
      b.append("<p class=\"meta\">none yet</p>");
    }
    for (int i = 0; i < Math.min(SHOWN_PER_VIEW, traces.size()); i++) {
      trace(b, traces.get(i));
    }
  }

  private void trace(StringBuilder b, StoredTrace t) {
    long t0 = t.startEpochNanos();
    double total = Math.max(1, t.durationNanos());
    StoredSpan root = t.root();
    Object corr = root == null ? null : root.attributes().get("correlation_id");
    b.append("<div class=\"trace").append(t.hasError() ? " error" : "").append("\" data-trace-id=\"")
        .append(escape(t.traceId())).append("\"><div class=\"meta\">trace <a href=\"?trace=")
        .append(escape(t.traceId())).append("\">").append(escape(t.traceId())).append("</a> · ")
        .append(String.format(Locale.ROOT, "%.2f ms", t.durationNanos() / 1e6));
    if (corr != null) {
      b.append(" · correlation_id ").append(escape(String.valueOf(corr)));
    }
    if (t.hasError()) {
      b.append(" · <b>error</b>");
    }
    if (t.keptAfterTheFact() != null) {
      b.append(" · kept after the fact (").append(escape(t.keptAfterTheFact())).append(')');
    }
    b.append("</div>");
    for (SpanRow row : ordered(t.spans())) {
      StoredSpan s = row.span;
      double left = 100.0 * (s.startEpochNanos() - t0) / total;
      double width = 100.0 * s.durationNanos() / total;
      b.append("<div class=\"row span\" data-span=\"").append(escape(s.name())).append("\">")
          .append("<div class=\"name\" style=\"padding-left:").append(12 * row.depth).append("px\">")
          .append(escape(s.name())).append("</div><div class=\"lane\"><div class=\"bar")
          .append(s.isError() ? " err" : "").append("\" style=\"left:")
          .append(String.format(Locale.ROOT, "%.2f", Math.max(0, Math.min(100, left))))
          .append("%;width:").append(String.format(Locale.ROOT, "%.2f", Math.max(0.2, Math.min(100, width))))
          .append("%\"></div></div><div class=\"ms\">")
          .append(String.format(Locale.ROOT, "%.2f ms", s.durationNanos() / 1e6)).append("</div></div>");
    }
    b.append("</div>");
  }

  private record SpanRow(StoredSpan span, int depth) {}

  /** Depth-first order from the root, children by start time. */
  private static List<SpanRow> ordered(List<StoredSpan> spans) {
    Map<String, List<StoredSpan>> children = new HashMap<>();
    List<StoredSpan> roots = new ArrayList<>();
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (StoredSpan s : spans) {
      ids.add(s.spanId());
    }
    for (StoredSpan s : spans) {
      if (s.parentSpanId() == null || !ids.contains(s.parentSpanId())) {
        roots.add(s);
      } else {
        children.computeIfAbsent(s.parentSpanId(), k -> new ArrayList<>()).add(s);
      }
    }
    List<SpanRow> out = new ArrayList<>();
    roots.sort(java.util.Comparator.comparingLong(StoredSpan::startEpochNanos));
    for (StoredSpan r : roots) {
      walk(r, 0, children, out);
    }
    return out;
  }

  private static void walk(StoredSpan s, int depth, Map<String, List<StoredSpan>> children, List<SpanRow> out) {
    out.add(new SpanRow(s, depth));
    List<StoredSpan> kids = children.get(s.spanId());
    if (kids == null) {
      return;
    }
    kids.sort(java.util.Comparator.comparingLong(StoredSpan::startEpochNanos));
    for (StoredSpan k : kids) {
      walk(k, depth + 1, children, out);
    }
  }

  static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
