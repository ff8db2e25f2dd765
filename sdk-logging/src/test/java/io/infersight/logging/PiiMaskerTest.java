package io.infersight.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
  void matchesFieldNamesCaseInsensitivelyAndAsSubstrings() {
    assertThat(masker.isSensitiveField("Password")).isTrue();
    assertThat(masker.isSensitiveField("user-email")).isTrue();
    assertThat(masker.isSensitiveField("card_number_last4")).isTrue();
    assertThat(masker.isSensitiveField("model_name")).isFalse();
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
