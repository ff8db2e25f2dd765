package io.infersight.logging;

import static net.logstash.logback.argument.StructuredArguments.kv;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** Random payloads with personal data in every place a log line can carry it. */
class MaskingFuzzTest {
  private static final Logger APP = LoggerFactory.getLogger("app.payments");
  private static final int ROUNDS = 400;

  private final Random random = new Random(20240611L);

  @AfterEach
  void tearDown() {
    MDC.clear();
    LogPipeline.reset();
  }

  /** Renders each event with the console encoder too. */
  static final class ConsoleCapture extends AppenderBase<ILoggingEvent> {
    final MaskingPatternEncoder encoder = new MaskingPatternEncoder();
    final List<String> lines = new ArrayList<>();

    @Override
    public void start() {
      encoder.setContext(getContext());
      encoder.setPattern("%level %logger %mdc %msg %marker%n%ex");
      encoder.start();
      super.start();
    }

    @Override
    protected void append(ILoggingEvent e) {
      lines.add(new String(encoder.encode(e), StandardCharsets.UTF_8));
    }
  }

  private String word(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append((char) ('a' + random.nextInt(26)));
    }
    return sb.toString();
  }

  private String email() {
    return word(5) + "." + word(3) + "@" + word(6) + ".com";
  }

  private String card(boolean valid) {
    int[] d = new int[16];
    d[0] = 4;
    for (int i = 1; i < 15; i++) {
      d[i] = random.nextInt(10);
    }
    int sum = 0;
    for (int i = 14; i >= 0; i--) {
      int v = d[i];
      if ((14 - i) % 2 == 0) {
        v *= 2;
        if (v > 9) {
          v -= 9;
        }
      }
      sum += v;
    }
    d[15] = (10 - sum % 10) % 10;
    if (!valid) {
      d[15] = (d[15] + 1 + random.nextInt(9)) % 10;
    }
    StringBuilder sb = new StringBuilder();
    String sep = random.nextBoolean() ? "" : random.nextBoolean() ? " " : "-";
    for (int i = 0; i < 16; i++) {
      if (i > 0 && i % 4 == 0) {
        sb.append(sep);
      }
      sb.append(d[i]);
    }
    return sb.toString();
  }

  @Test
  void noSensitiveValueReachesJsonOrConsoleAndOtherTextIsKept() {
    LogPipeline.JsonCapture json = new LogPipeline.JsonCapture();
    ConsoleCapture console = new ConsoleCapture();
    console.setContext(LogPipeline.context());
    console.start();
    LogPipeline.route(Level.INFO, json);
    LogPipeline.context().getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(console);

    List<String> secrets = new ArrayList<>();
    List<String> kept = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      String email = email();
      String card = card(true);
      String notACard = card(false);
      String password = "Pw" + word(10);
      String ssn = "" + (100 + random.nextInt(800)) + "-" + (10 + random.nextInt(89)) + "-" + (1000 + random.nextInt(8999));
      String plain = "item-" + word(8);
      secrets.add(email);
      secrets.add(card);
      secrets.add(card.replaceAll("[ -]", ""));
      secrets.add(password);
      secrets.add(ssn);
      kept.add(plain);
      if (round % 4 == 0 || round % 4 == 2) {
        kept.add(notACard);
      }

      MDC.put("user_email", email);
      MDC.put("note", "retry for " + word(4) + "|" + email + "|");
      MDC.put("basket", plain);
      switch (round % 4) {
        case 0:
          APP.info("payment by {} with card {} and {} for {}", email, card, notACard, plain);
          break;
        case 1:
          APP.info("login attempt {} {}", kv("password", password), kv("ssn", ssn),
              kv("context", Map.of("item", plain, "nested", "contact " + email, "card_number", card)));
          break;
        case 2:
          APP.info("raw payload {\"email\":\"" + email + "\",\"password\":\"" + password
              + "\",\"ref\":\"" + notACard + "\",\"sku\":\"" + plain + "\"}");
          break;
        default:
          Exception cause = new IllegalArgumentException("card " + card + " declined for " + email);
          Exception error = new IllegalStateException("retry with ssn=" + ssn + " password=" + password, cause);
          StackTraceElement frame = new StackTraceElement("app.Payments", "charge", "Payments.java", 42);
          error.setStackTrace(new StackTraceElement[] {frame});
          cause.setStackTrace(new StackTraceElement[] {frame, frame});
          APP.error("charge failed for " + plain, error);
          break;
      }
      MDC.clear();
    }

    List<String> lines = json.lines();
    assertThat(lines).hasSize(ROUNDS);
    assertThat(console.lines).hasSize(ROUNDS);
    List<String> all = new ArrayList<>(lines);
    all.addAll(console.lines);
    String output = String.join("\n", all);
    for (String s : secrets) {
      assertThat(output).as("masked everywhere").doesNotContain(s);
    }
    for (String k : kept) {
      assertThat(output).as("non-sensitive text is kept").contains(k);
    }
    for (String line : lines) {
      assertThat(LogPipeline.parse(line).isObject()).isTrue();
    }
    assertThat(json.nodes().get(1).get("password").asText()).isEqualTo(PiiMasker.MASK);
    assertThat(json.nodes().get(3).get("stack_trace").asText()).contains("IllegalStateException");
  }

  @Test
  void mlFieldsAndExceptionTextsComeThroughTheJsonEncoderUnchangedWhileSecretsAreMasked() {
    LogPipeline.JsonCapture json = new LogPipeline.JsonCapture();
    LogPipeline.route(Level.INFO, json);
    APP.info("generation done {} {} {} {}", kv("max_tokens", 256), kv("tokens_per_second", 41.5),
        kv("iPhoneModel", "15 Pro"), kv("accessToken", "eyJhbGciOi.payload.sig"),
        new ClassNotFoundException("com.acme.Foo"));

    com.fasterxml.jackson.databind.JsonNode e = json.nodes().stream()
        .filter(n -> n.get("message").asText().startsWith("generation done")).findFirst().orElseThrow();
    assertThat(e.get("message").asText())
        .contains("max_tokens=256", "tokens_per_second=41.5", "iPhoneModel=15 Pro", "accessToken=****")
        .doesNotContain("eyJ");
    assertThat(e.get("max_tokens").asInt()).isEqualTo(256);
    assertThat(e.get("tokens_per_second").asDouble()).isEqualTo(41.5);
    assertThat(e.get("iPhoneModel").asText()).isEqualTo("15 Pro");
    assertThat(e.get("accessToken").asText()).isEqualTo(PiiMasker.MASK);
    assertThat(e.get("stack_trace").asText()).startsWith("java.lang.ClassNotFoundException: com.acme.Foo");
  }
}
