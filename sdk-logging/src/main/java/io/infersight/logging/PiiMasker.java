package io.infersight.logging;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Masks personal data in log text: values of sensitive fields ({@code password=...}, {@code
 * "email":"..."}), e-mail addresses, card numbers (13 to 19 digits, spaces or dashes allowed,
 * that pass the Luhn check) and any configured regular expression, wherever they appear inside a
 * string. Every match becomes {@value #MASK}; text without a match comes back as the same
 * instance.
 *
 * <pre>{@code
 * PiiMasker masker = PiiMasker.builder().addField("iban").addPattern("tok_[A-Za-z0-9]{8,}").build();
 * masker.mask("login failed for bob@example.com password=hunter2");
 * // "login failed for **** password=****"
 * }</pre>
 *
 * <p>The JSON encoder applies it through {@link PiiMaskingJsonDecorator}, the console format
 * through {@link MaskingPatternEncoder}. Instances are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class PiiMasker {
  /** What replaces a masked value. */
  public static final String MASK = "****";
  /** The field names masked by default (matched case-insensitively, as substrings of a name). */
  public static final List<String> DEFAULT_FIELDS = List.of(
      "password", "passwd", "secret", "token", "api_key", "apikey", "authorization", "email",
      "card_number", "cardnumber", "credit_card", "cvv", "ssn", "phone", "iban");

  private static final int MIN_CARD_DIGITS = 13;
  private static final int MAX_CARD_DIGITS = 19;
  private static final Pattern EMAIL =
      Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
  private static final Pattern CARD = Pattern.compile("(?<!\\d)\\d(?:[ -]?\\d){12,18}(?!\\d)");
  private static final PiiMasker DEFAULTS = builder().build();

  private final String[] fields;
  private final Pattern keyValue;
  private final boolean emails;
  private final boolean cards;
  private final Pattern[] patterns;

  private PiiMasker(Builder b) {
    this.fields = b.fields.toArray(new String[0]);
    this.emails = b.emails;
    this.cards = b.cards;
    this.patterns = b.patterns.toArray(new Pattern[0]);
    if (fields.length == 0) {
      this.keyValue = null;
    } else {
      StringBuilder alt = new StringBuilder();
      for (String f : fields) {
        alt.append(alt.length() == 0 ? "" : "|").append(Pattern.quote(f));
      }
      // key, separator (quotes, ':' or '='), then the value: a phone-like run with spaces, or a token
      this.keyValue = Pattern.compile("(?i)([\\w.-]*(?:" + alt + ")[\\w.-]*)(\\s*[\"']?\\s*[:=]\\s*[\"']?)"
          + "(\\+?\\d[\\d ()-]{5,}\\d|[^\\s\"',;&)}\\]]+)");
    }
  }

  /** The masker with {@link #DEFAULT_FIELDS}, e-mail and card masking and no extra pattern. */
  public static PiiMasker defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Whether a field of this name holds sensitive data: its lower-case form contains a configured field. */
  public boolean isSensitiveField(String name) {
    if (name == null || fields.length == 0) {
      return false;
    }
    String lower = name.toLowerCase(Locale.ROOT).replace('-', '_');
    for (String f : fields) {
      if (lower.contains(f)) {
        return true;
      }
    }
    return false;
  }

  /** Returns {@code text} with every sensitive value replaced by {@value #MASK}; the same instance when none. */
  public String mask(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    if (keyValue != null && hasSeparator(out)) {
      out = replaceGroup3(keyValue.matcher(out), out);
    }
    if (emails && out.indexOf('@') >= 0) {
      out = replaceAll(EMAIL.matcher(out), out);
    }
    if (cards && countDigits(out) >= MIN_CARD_DIGITS) {
      out = maskCards(out);
    }
    for (Pattern p : patterns) {
      out = replaceAll(p.matcher(out), out);
    }
    return out;
  }

  private static boolean hasSeparator(String s) {
    return s.indexOf('=') >= 0 || s.indexOf(':') >= 0;
  }

  private static int countDigits(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        n++;
      }
    }
    return n;
  }

  private static String replaceAll(Matcher m, String in) {
    if (!m.find()) {
      return in;
    }
    StringBuilder sb = new StringBuilder(in.length());
    int last = 0;
    do {
      sb.append(in, last, m.start()).append(MASK);
      last = m.end();
    } while (m.find());
    return sb.append(in, last, in.length()).toString();
  }

  private static String replaceGroup3(Matcher m, String in) {
    if (!m.find()) {
      return in;
    }
    StringBuilder sb = new StringBuilder(in.length());
    int last = 0;
    do {
      sb.append(in, last, m.start(3)).append(MASK);
      last = m.end(3);
    } while (m.find());
    return sb.append(in, last, in.length()).toString();
  }

  private static String maskCards(String in) {
    Matcher m = CARD.matcher(in);
    StringBuilder sb = null;
    int last = 0;
    while (m.find()) {
      if (!isCardNumber(in, m.start(), m.end())) {
        continue;
      }
      if (sb == null) {
        sb = new StringBuilder(in.length());
      }
      sb.append(in, last, m.start()).append(MASK);
      last = m.end();
    }
    return sb == null ? in : sb.append(in, last, in.length()).toString();
  }

  /** 13 to 19 digits (separators ignored) whose Luhn checksum is 0. */
  static boolean isCardNumber(CharSequence s, int from, int to) {
    int digits = 0;
    int sum = 0;
    for (int i = to - 1; i >= from; i--) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        continue;
      }
      int d = c - '0';
      if ((digits & 1) == 1) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      digits++;
    }
    return digits >= MIN_CARD_DIGITS && digits <= MAX_CARD_DIGITS && sum % 10 == 0;
  }

  @Override
  public String toString() {
    return "PiiMasker{fields=" + List.of(fields) + ", emails=" + emails + ", cards=" + cards
        + ", patterns=" + patterns.length + "}";
  }

  /**
   * Builds a {@link PiiMasker}. Starts from the defaults; {@link #clearFields()} removes them.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final Set<String> fields = new LinkedHashSet<>(DEFAULT_FIELDS);
    private final List<Pattern> patterns = new ArrayList<>();
    private boolean emails = true;
    private boolean cards = true;

    private Builder() {}

    /** Adds a sensitive field name (case-insensitive; also matches names that contain it). */
    public Builder addField(String name) {
      Objects.requireNonNull(name, "field");
      String n = name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
      if (n.isEmpty()) {
        throw new IllegalArgumentException("field must be a non-blank name");
      }
      fields.add(n);
      return this;
    }

    /** Removes every field name, the defaults included. */
    public Builder clearFields() {
      fields.clear();
      return this;
    }

    /** Adds a regular expression whose every match is masked. */
    public Builder addPattern(String regex) {
      Objects.requireNonNull(regex, "pattern");
      try {
        Pattern p = Pattern.compile(regex);
        if (p.matcher("").matches()) {
          throw new IllegalArgumentException("pattern must not match the empty string: " + regex);
        }
        patterns.add(p);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("pattern is not a valid regular expression: " + regex, e);
      }
      return this;
    }

    /** Whether e-mail addresses are masked. Default {@code true}. */
    public Builder maskEmails(boolean mask) {
      this.emails = mask;
      return this;
    }

    /** Whether Luhn-valid card numbers are masked. Default {@code true}. */
    public Builder maskCardNumbers(boolean mask) {
      this.cards = mask;
      return this;
    }

    public PiiMasker build() {
      return new PiiMasker(this);
    }
  }
}
