package io.keyrotation.operator.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Quoting, name validation and the EKM credential secret. */
class SqlServerTSqlRenderingTest {

  @Test
  void bracketQuotesIdentifiersDoublingClosingBrackets() {
    assertThat(TSql.identifier("TDE_KEY2")).isEqualTo("[TDE_KEY2]");
    assertThat(TSql.identifier("a]b")).isEqualTo("[a]]b]");
    assertThat(TSql.identifier("x]; DROP LOGIN [sa]; --")).isEqualTo("[x]]; DROP LOGIN [sa]]; --]");
    assertThat(TSql.identifier("[already]")).isEqualTo("[[already]]]");
  }

  @Test
  void rendersUnicodeStringLiteralsDoublingQuotes() {
    assertThat(TSql.literal("contoso-tde")).isEqualTo("N'contoso-tde'");
    assertThat(TSql.literal("it's")).isEqualTo("N'it''s'");
    assertThat(TSql.literal("'; DROP --")).isEqualTo("N'''; DROP --'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ContosoKey2", "a", "Key-2026-01", "abcdefghijklmnopqrstuvwxyz",
      "ContosoKey2/0123456789abcdef0123456789ABCDEF"})
  void acceptsProviderKeyNamesTheConnectorTakes(String name) {
    assertThat(SqlNames.requireProviderKeyName(name)).isEqualTo(name);
  }

  @Test
  void refusesAsymmetricKeyProviderNamesLongerThan26Characters() {
    assertThatThrownBy(() -> SqlNames.requireProviderKeyName("abcdefghijklmnopqrstuvwxyz0"))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.reason()).isEqualTo(FailureReason.InvalidSpec);
          assertThat(e.getMessage()).contains("2049");
        });
  }

  @Test
  void buildsTheCredentialSecretFromTheClientIdWithoutHyphensAndTheSecret() {
    EkmCredentialSecret secret = EkmCredentialSecret.of("6f0a2f4e-2c1d-4b8e-9a57-3c2d1e0f9a8b", "s3cret");
    assertThat(secret.reveal()).isEqualTo("6f0a2f4e2c1d4b8e9a573c2d1e0f9a8bs3cret");
    assertThat(secret.toString()).doesNotContain("s3cret").doesNotContain("6f0a2f4e2c1d");
  }

  @ParameterizedTest
  @ValueSource(strings = {"6f0a2f4e2c1d4b8e9a573c2d1e0f9a8b", "1-1-1-1-1", "not-a-guid", ""})
  void refusesAClientIdThatIsNotAHyphenatedGuid(String clientId) {
    assertThatThrownBy(() -> EkmCredentialSecret.of(clientId, "secret"))
        .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.InvalidSpec));
  }

  @Test
  void refusesAnEmptyClientSecret() {
    assertThatThrownBy(() -> EkmCredentialSecret.of("6f0a2f4e-2c1d-4b8e-9a57-3c2d1e0f9a8b", ""))
        .isInstanceOf(GatewayException.class);
  }
}
