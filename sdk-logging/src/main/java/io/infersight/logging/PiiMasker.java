package io.infersight.logging;

import io.infersight.core.internal.CardNumbers;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * Masks personal data in log text: values of sensitive fields ({@code password=...}, {@code
 * "email":"..."}), e-mail addresses, card numbers (13 to 19 digits, spaces or dashes allowed,
 * that pass the Luhn check) and any configured regular expression, wherever they appear inside a
 * string. Every match becomes {@value #MASK}; text without a match comes back as the same
 * instance.
 *
 * <p>A field name is sensitive when a configured name equals one of its name segments, or several
 * consecutive segments written together. Segments are split at {@code _}, {@code -}, {@code .},
 * letter-digit changes and camelCase boundaries ({@code userPhone}: user, phone; {@code APIKey}:
 * api, key), case-insensitively; one lower-case letter before a capital stays in its word
 * ({@code iPhoneModel}: iphone, model). So {@code phone}, {@code user_phone}, {@code phoneNumber}
 * and {@code X-Api-Key} are sensitive, while {@code max_tokens}, {@code tokens_per_second},
 * {@code tokenizer}, {@code iPhoneModel} and {@code ClassNotFoundException} are not. In free text
 * a Java class name before a colon ({@code java.lang.ClassNotFoundException: ...}, {@code
 * com.acme.TokenService: ...}) and a source position ({@code (TokenService.java:42)}) are never
 * read as a key.
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
  /** The field names masked by default (matched case-insensitively, as whole name segments). */
  public static final List<String> DEFAULT_FIELDS = List.of(
      "password", "passwd", "secret", "token", "api_key", "apikey", "authorization", "email",
      "card_number", "cardnumber", "credit_card", "cvv", "ssn", "phone", "iban");

  private static final int MIN_CARD_DIGITS = CardNumbers.MIN_DIGITS;
  private static final Pattern EMAIL =
      Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
  private static final Pattern CARD = Pattern.compile("(?<!\\d)\\d(?:[ -]?\\d){12,18}(?!\\d)");
  /**
   * A key, a separator (optional quotes, then ':' or '='), then the value: a phone-like run with
   * spaces, or one token. Whether the key is sensitive is decided in code, by name segments.
   */
  private static final Pattern KEY_VALUE = Pattern.compile(
      "(?<![\\w.$-])([A-Za-z_$][\\w.$-]*)(\\s*[\"']?\\s*[:=]\\s*[\"']?)"
          + "(\\+?\\d[\\d ()-]{5,}\\d|[^\\s\"',;&)}\\]]+)");
  /** A Java class name: package parts, then a capitalised simple name (nested classes with '$'). */
  private static final Pattern CLASS_NAME =
      Pattern.compile("(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*|[A-Z][\\w$]*(?:Exception|Error|Throwable)");
  /** A source file of a stack frame, as in {@code (TokenService.java:42)}. */
  private static final Pattern SOURCE_FILE = Pattern.compile("[\\w$]+\\.(?:java|kt|scala|groovy|clj)");
  private static final PiiMasker DEFAULTS = builder().build();

  /** Configured names, lower case, with their separators removed ({@code api_key}: apikey). */
  private final String[] fields;
  private final boolean keyValue;
  private final boolean emails;
  private final boolean cards;
  private final Pattern[] patterns;

  private PiiMasker(Builder b) {
    Set<String> compact = new LinkedHashSet<>();
    for (String f : b.fields) {
      compact.add(compact(f));
    }
    this.fields = compact.toArray(new String[0]);
    this.emails = b.emails;
    this.cards = b.cards;
    this.patterns = b.patterns.toArray(new Pattern[0]);
    this.keyValue = fields.length > 0;
  }

  private static String compact(String name) {
    StringBuilder sb = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!isSeparator(c)) {
        sb.append(Character.toLowerCase(c));
      }
    }
    return sb.toString();
  }

  /** The masker with {@link #DEFAULT_FIELDS}, e-mail and card masking and no extra pattern. */
  public static PiiMasker defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Whether a field of this name holds sensitive data: a configured name equals one of its name
   * segments or several consecutive ones written together (see the class description).
   */
  public boolean isSensitiveField(@Nullable String name) {
    return name != null && isSensitiveName(name, 0, name.length());
  }

  /** {@link #isSensitiveField} for {@code text[from, to)}, without copying it. */
  private boolean isSensitiveName(CharSequence text, int from, int to) {
    if (fields.length == 0) {
      return false;
    }
    for (int start = from; start < to; start++) {
      if (isSeparator(text.charAt(start)) || !isBoundary(text, from, to, start)) {
        continue;
      }
      for (String f : fields) {
        if (matchesAt(text, from, to, start, f)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether {@code f} (compact, lower case) spells the segments from {@code start}, ending at a boundary. */
  private static boolean matchesAt(CharSequence text, int from, int to, int start, String f) {
    int i = start;
    int k = 0;
    int n = f.length();
    while (k < n && i < to) {
      char c = text.charAt(i);
      if (isSeparator(c)) {
        i++;
        continue;
      }
      if (Character.toLowerCase(c) != f.charAt(k)) {
        return false;
      }
      i++;
      k++;
    }
    return k == n && isBoundary(text, from, to, i);
  }

  /** Whether a name segment starts (or ends) at {@code i} of the name {@code text[from, to)}. */
  private static boolean isBoundary(CharSequence text, int from, int to, int i) {
    if (i <= from || i >= to) {
      return true;
    }
    char prev = text.charAt(i - 1);
    char c = text.charAt(i);
    if (isSeparator(prev) || isSeparator(c)) {
      return true;
    }
    boolean prevDigit = Character.isDigit(prev);
    boolean digit = Character.isDigit(c);
    if (prevDigit != digit) {
      return true;
    }
    if (Character.isLowerCase(prev) && Character.isUpperCase(c)) {
      // One lower-case letter before a capital stays in its word: iPhone, eMail.
      return i - 2 >= from && Character.isLetter(text.charAt(i - 2));
    }
    // The last capital of an acronym starts the next word: APIKey is api, key.
    return Character.isUpperCase(prev) && Character.isUpperCase(c) && i + 1 < to
        && Character.isLowerCase(text.charAt(i + 1));
  }

  private static boolean isSeparator(char c) {
    return c == '_' || c == '-' || c == '.';
  }

  /** Returns {@code text} with every sensitive value replaced by {@value #MASK}; the same instance when none. */
  public String mask(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    if (keyValue && hasSeparator(out)) {
      out = maskSensitiveValues(out);
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

  /**
   * Masks the value of every {@code key=value} or {@code key: value} whose key is a sensitive
   * name. After a key that is not, the search goes on right after that key, since its "value"
   * may itself start a sensitive pair ({@code note: password=x}).
   */
  private String maskSensitiveValues(String in) {
    Matcher m = KEY_VALUE.matcher(in);
    StringBuilder sb = null;
    int last = 0;
    int from = 0;
    while (from < in.length() && m.find(from)) {
      int keyStart = m.start(1);
      int keyEnd = m.end(1);
      if (isSensitiveName(in, keyStart, keyEnd) && !isCodeName(in, keyStart, keyEnd)) {
        if (sb == null) {
          sb = new StringBuilder(in.length());
        }
        sb.append(in, last, m.start(3)).append(MASK);
        last = m.end(3);
        from = m.end(3);
      } else {
        from = keyEnd;
      }
    }
    return sb == null ? in : sb.append(in, last, in.length()).toString();
  }

  /** Whether the key is a Java class name or a stack frame's source file rather than a field. */
  private static boolean isCodeName(String in, int keyStart, int keyEnd) {
    return CLASS_NAME.matcher(in).region(keyStart, keyEnd).matches()
        || SOURCE_FILE.matcher(in).region(keyStart, keyEnd).matches();
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

  /** 13 to 19 digits (separators ignored) whose Luhn checksum is 0: core's rule for IDs too. */
  static boolean isCardNumber(CharSequence s, int from, int to) {
    return CardNumbers.isCardNumber(s, from, to);
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

    /**
     * Adds a sensitive field name (case-insensitive; matched as whole name segments: {@code
     * iban} masks {@code iban}, {@code payer_iban} and {@code ibanCode}, not {@code libanese}).
     */
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
