package io.infersight.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser for the part of LogQL the shipped docs use: stream selectors, line filters,
 * {@code | json}, {@code | logfmt}, label filters, {@code | line_format}, {@code | unwrap}, range
 * aggregations with a {@code [range]}, vector aggregations with {@code by}/{@code without}, and
 * arithmetic between them. Anything else is a parse error, so a query the docs cannot show
 * correctly fails the contract test instead of passing unchecked.
 */
final class LogQl {
  private static final Set<String> RANGE_OPS = Set.of("count_over_time", "rate", "bytes_over_time",
      "bytes_rate", "sum_over_time", "avg_over_time", "max_over_time", "min_over_time",
      "quantile_over_time", "stddev_over_time", "stdvar_over_time", "first_over_time",
      "last_over_time", "absent_over_time");
  /** Range aggregations that read an {@code | unwrap} value. */
  private static final Set<String> UNWRAP_OPS = Set.of("sum_over_time", "avg_over_time", "max_over_time",
      "min_over_time", "quantile_over_time", "stddev_over_time", "stdvar_over_time", "first_over_time",
      "last_over_time");
  private static final Set<String> VECTOR_OPS = Set.of("sum", "avg", "min", "max", "count", "stddev",
      "stdvar", "topk", "bottomk");
  private static final Pattern TEMPLATE_FIELD = Pattern.compile("\\{\\{-?\\s*\\.(\\w+)");

  /** One {@code {selector} | stage | ...} with what it reads. */
  record LogExpr(List<Matcher3> selector, List<Stage> stages, List<String> grouping) {}

  /** A stream matcher such as {@code event=~"a|b"}. */
  record Matcher3(String label, String op, String value) {}

  /**
   * One pipeline stage. {@code kind}: line_filter, parser (json/logfmt), label_filter, line_format,
   * unwrap; {@code name}: the parser, the label of a filter or unwrap; {@code afterParser}: whether a
   * parser stage came before it.
   */
  record Stage(String kind, String name, String op, String value, boolean afterParser) {
    /** The fields a {@code line_format} template reads. */
    List<String> templateFields() {
      List<String> out = new ArrayList<>();
      Matcher m = TEMPLATE_FIELD.matcher(value == null ? "" : value);
      while (m.find()) {
        out.add(m.group(1));
      }
      return out;
    }
  }

  private final List<Token> tokens;
  private int pos;
  private final List<LogExpr> logExprs = new ArrayList<>();

  private LogQl(String query) {
    this.tokens = tokenize(query);
  }

  /** Every log expression of {@code query}; throws {@link IllegalArgumentException} on a syntax error. */
  static List<LogExpr> parse(String query) {
    LogQl p = new LogQl(query);
    if (p.peekIs("{")) {
      p.logExprs.add(p.logExpr());
    } else {
      p.expr();
    }
    if (p.pos != p.tokens.size()) {
      throw p.error("unexpected '" + p.tokens.get(p.pos).text + "'");
    }
    return p.logExprs;
  }

  // ---- grammar ----------------------------------------------------------------------------

  private void expr() {
    term();
    while (pos < tokens.size() && Set.of("/", "*", "+", "-", ">", "<", ">=", "<=", "==", "!=")
        .contains(peek().text) && peek().kind == Kind.OP) {
      pos++;
      term();
    }
  }

  private void term() {
    Token t = next();
    if (t.kind == Kind.NUMBER) {
      return;
    }
    if (t.kind == Kind.OP && t.text.equals("(")) {
      expr();
      expect(")");
      return;
    }
    if (t.kind != Kind.IDENT) {
      throw error("expected an aggregation, got '" + t.text + "'");
    }
    if (VECTOR_OPS.contains(t.text)) {
      int first = logExprs.size();
      List<String> grouping = new ArrayList<>();
      if (peekIs("by") || peekIs("without")) {
        grouping.addAll(grouping());
      }
      expect("(");
      if (t.text.equals("topk") || t.text.equals("bottomk")) {
        expectKind(Kind.NUMBER);
        expect(",");
      }
      expr();
      expect(")");
      if (peekIs("by") || peekIs("without")) {
        grouping.addAll(grouping());
      }
      attachGrouping(first, grouping);
      return;
    }
    if (RANGE_OPS.contains(t.text)) {
      int firstLog = logExprs.size();
      expect("(");
      if (t.text.equals("quantile_over_time")) {
        expectKind(Kind.NUMBER);
        expect(",");
      }
      LogExpr e = logExpr();
      expect("[");
      expectKind(Kind.DURATION);
      expect("]");
      expect(")");
      boolean unwrapped = e.stages().stream().anyMatch(s -> s.kind().equals("unwrap"));
      if (UNWRAP_OPS.contains(t.text) != unwrapped) {
        throw error(t.text + (unwrapped ? " does not take" : " needs") + " an | unwrap stage");
      }
      logExprs.add(e);
      if (peekIs("by") || peekIs("without")) {
        attachGrouping(firstLog, grouping());
      }
      return;
    }
    throw error("unknown function '" + t.text + "'");
  }

  /** An aggregation's labels apply to every log expression parsed inside it. */
  private void attachGrouping(int first, List<String> grouping) {
    for (int i = first; i < logExprs.size(); i++) {
      LogExpr x = logExprs.get(i);
      List<String> g = new ArrayList<>(x.grouping());
      for (String label : grouping) {
        if (!g.contains(label)) {
          g.add(label);
        }
      }
      logExprs.set(i, new LogExpr(x.selector(), x.stages(), g));
    }
  }

  private List<String> grouping() {
    next();
    expect("(");
    List<String> labels = new ArrayList<>();
    labels.add(expectKind(Kind.IDENT).text);
    while (peekIs(",")) {
      next();
      labels.add(expectKind(Kind.IDENT).text);
    }
    expect(")");
    return labels;
  }

  private LogExpr logExpr() {
    expect("{");
    List<Matcher3> selector = new ArrayList<>();
    do {
      if (peekIs(",")) {
        next();
      }
      String label = expectKind(Kind.IDENT).text;
      Token op = next();
      if (!Set.of("=", "!=", "=~", "!~").contains(op.text)) {
        throw error("bad matcher operator '" + op.text + "'");
      }
      selector.add(new Matcher3(label, op.text, expectKind(Kind.STRING).text));
    } while (peekIs(","));
    expect("}");
    if (selector.stream().noneMatch(m -> m.op().equals("=") || m.op().equals("=~"))) {
      throw error("a stream selector needs at least one = or =~ matcher");
    }
    List<Stage> stages = new ArrayList<>();
    boolean parsed = false;
    while (pos < tokens.size()) {
      Token t = peek();
      if (t.kind != Kind.OP) {
        break;
      }
      if (Set.of("|=", "!=", "|~", "!~").contains(t.text)) {
        next();
        stages.add(new Stage("line_filter", null, t.text, expectKind(Kind.STRING).text, parsed));
        continue;
      }
      if (!t.text.equals("|")) {
        break;
      }
      next();
      Token s = expectKind(Kind.IDENT);
      switch (s.text) {
        case "json", "logfmt" -> {
          stages.add(new Stage("parser", s.text, null, null, parsed));
          parsed = true;
        }
        case "line_format" -> stages.add(new Stage("line_format", null, null, expectKind(Kind.STRING).text, parsed));
        case "unwrap" -> stages.add(new Stage("unwrap", expectKind(Kind.IDENT).text, null, null, parsed));
        default -> {
          Token op = next();
          if (!Set.of("=", "==", "!=", "=~", "!~", ">", ">=", "<", "<=").contains(op.text)) {
            throw error("bad label filter operator '" + op.text + "' after " + s.text);
          }
          Token v = next();
          if (v.kind == Kind.IDENT || v.kind == Kind.OP) {
            throw error("bad label filter value '" + v.text + "' for " + s.text);
          }
          if ((op.text.startsWith(">") || op.text.startsWith("<")) && v.kind == Kind.STRING) {
            throw error("'" + s.text + " " + op.text + "' compares a string: quote nothing for numbers");
          }
          stages.add(new Stage("label_filter", s.text, op.text, v.text, parsed));
        }
      }
    }
    return new LogExpr(selector, stages, List.of());
  }

  // ---- tokens -----------------------------------------------------------------------------

  private enum Kind { IDENT, STRING, NUMBER, DURATION, OP }

  private record Token(Kind kind, String text, int at) {}

  private static final Pattern DURATION = Pattern.compile("(\\d+(ms|s|m|h|d|w|y))+");

  private static List<Token> tokenize(String q) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    while (i < q.length()) {
      char c = q.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '"' || c == '`') {
        StringBuilder sb = new StringBuilder();
        int j = i + 1;
        while (j < q.length() && q.charAt(j) != c) {
          if (c == '"' && q.charAt(j) == '\\' && j + 1 < q.length()) {
            j++;
          }
          sb.append(q.charAt(j++));
        }
        if (j >= q.length()) {
          throw new IllegalArgumentException("unterminated string at " + i + " in: " + q);
        }
        out.add(new Token(Kind.STRING, sb.toString(), i));
        i = j + 1;
      } else if (Character.isDigit(c)) {
        int j = i;
        while (j < q.length() && (Character.isLetterOrDigit(q.charAt(j)) || q.charAt(j) == '.')) {
          j++;
        }
        String text = q.substring(i, j);
        if (DURATION.matcher(text).matches()) {
          out.add(new Token(Kind.DURATION, text, i));
        } else if (text.matches("\\d+(\\.\\d+)?([eE][+-]?\\d+)?")) {
          out.add(new Token(Kind.NUMBER, text, i));
        } else {
          throw new IllegalArgumentException("bad number '" + text + "' at " + i + " in: " + q);
        }
        i = j;
      } else if (Character.isLetter(c) || c == '_') {
        int j = i;
        while (j < q.length() && (Character.isLetterOrDigit(q.charAt(j)) || q.charAt(j) == '_')) {
          j++;
        }
        out.add(new Token(Kind.IDENT, q.substring(i, j), i));
        i = j;
      } else {
        String two = i + 1 < q.length() ? q.substring(i, i + 2) : "";
        if (Set.of("|=", "|~", "!=", "!~", "=~", "==", ">=", "<=").contains(two)) {
          out.add(new Token(Kind.OP, two, i));
          i += 2;
        } else if ("{}()[],|=<>/*+-".indexOf(c) >= 0) {
          out.add(new Token(Kind.OP, String.valueOf(c), i));
          i++;
        } else {
          throw new IllegalArgumentException("unexpected character '" + c + "' at " + i + " in: " + q);
        }
      }
    }
    return out;
  }

  private Token peek() {
    if (pos >= tokens.size()) {
      throw error("unexpected end of query");
    }
    return tokens.get(pos);
  }

  private boolean peekIs(String text) {
    return pos < tokens.size() && tokens.get(pos).text.equals(text) && tokens.get(pos).kind != Kind.STRING;
  }

  private Token next() {
    Token t = peek();
    pos++;
    return t;
  }

  private void expect(String text) {
    Token t = next();
    if (!t.text.equals(text) || t.kind == Kind.STRING) {
      throw error("expected '" + text + "', got '" + t.text + "'");
    }
  }

  private Token expectKind(Kind kind) {
    Token t = next();
    if (t.kind != kind) {
      throw error("expected " + kind.name().toLowerCase(java.util.Locale.ROOT) + ", got '" + t.text + "'");
    }
    return t;
  }

  private IllegalArgumentException error(String message) {
    int at = pos < tokens.size() ? tokens.get(pos).at : -1;
    return new IllegalArgumentException(message + " (near token " + pos + ", offset " + at + ")");
  }
}
