package io.infersight.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PiiMaskerTest {
  private final PiiMasker masker = PiiMasker.defaults();

  @Test
  void masksEmailAddressesInsideText() {
    assertThat(masker.mask("sent to jane.doe+x@mail.example.co.uk today"))
        .isEqualTo("sent to **** today");
  }

  @Test
  void masksLuhnValidCardNumbersWithOrWithoutSeparators() {
    assertThat(masker.mask("card 4111111111111111 ok")).isEqualTo("card **** ok");
    assertThat(masker.mask("card 4111-1111-1111-1111 ok")).isEqualTo("card **** ok");
    assertThat(masker.mask("amex 378282246310005.")).isEqualTo("amex ****.");
    assertThat(masker.mask("x6011111111111117y")).isEqualTo("x****y");
  }

  @Test
  void leavesNumbersThatFailLuhnOrHaveTheWrongLength() {
    assertThat(masker.mask("order 4111111111111112")).isEqualTo("order 4111111111111112");
    assertThat(masker.mask("id 411111111111")).isEqualTo("id 411111111111");
    assertThat(masker.mask("ts 41111111111111110000000")).isEqualTo("ts 41111111111111110000000");
  }

  @Test
  void masksValuesOfSensitiveKeysInFreeText() {
    assertThat(masker.mask("login password=hunter2 user=bob")).isEqualTo("login password=**** user=bob");
    assertThat(masker.mask("{\"api_key\": \"abc123\", \"n\": 1}")).isEqualTo("{\"api_key\": \"****\", \"n\": 1}");
    assertThat(masker.mask("user_ssn: 078-05-1120,")).isEqualTo("user_ssn: ****,");
    assertThat(masker.mask("phone=+1 (555) 010-9999 end")).isEqualTo("phone=**** end");
  }

  @Test
  void returnsTheSameInstanceWhenNothingIsSensitive() {
    String text = "scored 3 items in 4 ms: model=fraud version=2";
    assertThat(masker.mask(text)).isSameAs(text);
  }

  @Test
  void matchesFieldNamesCaseInsensitivelyAsWholeNameSegments() {
    assertThat(masker.isSensitiveField("Password")).isTrue();
    assertThat(masker.isSensitiveField("user-email")).isTrue();
    assertThat(masker.isSensitiveField("card_number_last4")).isTrue();
    assertThat(masker.isSensitiveField("cardNumber")).isTrue();
    assertThat(masker.isSensitiveField("accessToken")).isTrue();
    assertThat(masker.isSensitiveField("X-Api-Key")).isTrue();
    assertThat(masker.isSensitiveField("APIKey")).isTrue();
    assertThat(masker.isSensitiveField("API_KEY")).isTrue();
    assertThat(masker.isSensitiveField("homePhone")).isTrue();
    assertThat(masker.isSensitiveField("phone2")).isTrue();
    assertThat(masker.isSensitiveField("eMail")).isTrue();
    assertThat(masker.isSensitiveField("user.ssn")).isTrue();
    assertThat(masker.isSensitiveField("token_count")).isTrue(); // the segment "token"
    assertThat(masker.isSensitiveField("telephone")).isFalse(); // one word: add it to mask it
    assertThat(masker.isSensitiveField("model_name")).isFalse();
  }

  /** Ordinary field names that merely contain a sensitive name inside a longer word. */
  private static final List<String> ORDINARY_FIELDS = List.of(
      "tokens_per_second", "max_tokens", "max_new_tokens", "prompt_tokens", "completion_tokens",
      "totalTokens", "tokenizer", "tokenizer_name", "iPhoneModel", "iPadOS", "phonetic_features",
      "secretary", "lesson_id", "ClassNotFoundException", "classname", "passwords_rotated_total",
      "emails_sent", "cvvs", "ibanez_guitar", "detokenize_ms");

  /** Ordinary Java exception texts and ML log lines: nothing in them is personal data. */
  private static final List<String> ORDINARY_TEXTS = List.of(
      "java.lang.ClassNotFoundException: com.acme.Foo",
      "Caused by: java.lang.ClassNotFoundException: com.acme.SsnLookup",
      "Exception in thread \"main\" java.lang.NoClassDefFoundError: com/acme/PhoneBook",
      "java.lang.IllegalStateException: secret store not initialised",
      "com.acme.auth.TokenExpiredException: expired at 2024-05-01T10:00:00Z",
      "\tat com.acme.TokenService.refresh(TokenService.java:42)",
      "\tat com.acme.PhoneValidator$Rules.check(PhoneValidator.java:17)",
      "\tat com.acme.ml.Tokenizer.encode(Tokenizer.kt:88)",
      "java.lang.ArrayIndexOutOfBoundsException: Index 5 out of bounds for length 3",
      "java.lang.NumberFormatException: For input string: \"12a\"",
      "java.util.concurrent.TimeoutException: Timeout waiting for task.",
      "java.lang.NullPointerException: Cannot invoke \"String.length()\" because \"token\" is null",
      "java.lang.OutOfMemoryError: Java heap space",
      "org.springframework.security.authentication.BadCredentialsException: Bad credentials",
      "javax.net.ssl.SSLHandshakeException: PKIX path building failed",
      "java.io.FileNotFoundException: /models/tokenizer.json (No such file or directory)",
      "com.acme.TokenService: refreshed the cache in 12 ms",
      "ClassNotFoundException: com.acme.Foo",
      "tokens_per_second=412.5 max_tokens=256 prompt_tokens=37 completion_tokens=219",
      "iPhoneModel=15 tokenizer=bpe max_new_tokens: 128 num_tokens=42",
      "{\"tokens_per_second\": 412.5, \"totalTokens\": 256, \"phonetic_features\": 3}",
      "secretary_count=2 lesson_id=7 class_name=fraud emails_sent=5");

  @Test
  void ordinaryExceptionTextsAndMlFieldNamesComeThroughUnchanged() {
    for (String field : ORDINARY_FIELDS) {
      assertThat(masker.isSensitiveField(field)).as(field).isFalse();
    }
    for (String text : ORDINARY_TEXTS) {
      assertThat(masker.mask(text)).as(text).isSameAs(text);
    }
  }

  @Test
  void everySensitiveValueIsStillMasked() {
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("password=hunter2", "password=****");
    cases.put("userPassword: hunter2", "userPassword: ****");
    cases.put("access_token=abc.def.ghi", "access_token=****");
    cases.put("accessToken=abc", "accessToken=****");
    cases.put("X-Api-Key: k123", "X-Api-Key: ****");
    cases.put("API_KEY=abc", "API_KEY=****");
    cases.put("phoneNumber=+1 555 010 9999 ok", "phoneNumber=**** ok");
    cases.put("{\"user_phone\": \"555-010-9999\"}", "{\"user_phone\": \"****\"}");
    cases.put("client_secret=s3cr3t", "client_secret=****");
    cases.put("ssn=078-05-1120", "ssn=****");
    cases.put("iban: DE89370400440532013000", "iban: ****");
    cases.put("note: password=hunter2", "note: password=****");
    cases.put("java.lang.IllegalArgumentException: token=abc123 rejected",
        "java.lang.IllegalArgumentException: token=**** rejected");
    cases.put("Caused by: com.acme.LoginException: password: hunter2",
        "Caused by: com.acme.LoginException: password: ****");
    cases.put("Authorization: Bearer", "Authorization: ****");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      assertThat(masker.mask(c.getKey())).as(c.getKey()).isEqualTo(c.getValue());
    }
  }

  @Test
  void appliesConfiguredFieldsAndPatterns() {
    PiiMasker custom = PiiMasker.builder().clearFields().addField("iban")
        .addPattern("tok_[A-Za-z0-9]{8,}").maskEmails(false).build();
    assertThat(custom.mask("iban=DE89370400440532013000 tok_abcdefgh12 a@b.io password=x"))
        .isEqualTo("iban=**** **** a@b.io password=x");
  }

  @Test
  void rejectsInvalidConfigurationByName() {
    assertThatThrownBy(() -> PiiMasker.builder().addPattern("(")).hasMessageContaining("pattern");
    assertThatThrownBy(() -> PiiMasker.builder().addPattern("a*")).hasMessageContaining("pattern");
    assertThatThrownBy(() -> PiiMasker.builder().addField(" ")).hasMessageContaining("field");
  }
}
