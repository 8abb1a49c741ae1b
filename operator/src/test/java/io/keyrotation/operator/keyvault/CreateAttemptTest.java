package io.keyrotation.operator.keyvault;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyrotation.operator.keyvault.CreateAttempt.Verdict;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CreateAttemptTest {
  static final OffsetDateTime NOW = OffsetDateTime.parse("2026-12-01T03:00:00Z");

  static VaultKeyInfo version(String version, String attempt) {
    Map<String, String> tags = attempt == null ? Map.of() : Map.of(NewKey.ATTEMPT_TAG, attempt);
    return new VaultKeyInfo("k", Optional.of(version), URI.create("https://v.vault.azure.net/keys/k/" + version), true,
        NOW, NOW, Optional.empty(), Optional.empty(), "Recoverable+Purgeable", tags);
  }

  @Test
  void adoptsTheOnlyVersionWhenThisAttemptCreatedIt() {
    assertThat(new CreateAttempt("a1", true).judge(List.of(version("v1", "a1"))).version()).contains("v1");
  }

  @Test
  void nothingCreatedWhenTheKeyDoesNotExist() {
    assertThat(new CreateAttempt("a1", true).judge(List.of()).verdict()).isEqualTo(Verdict.NOT_CREATED);
  }

  @Test
  void conflictWhenAnotherClientCreatedTheName() {
    assertThat(new CreateAttempt("a1", true).judge(List.of(version("v1", "other"))).verdict()).isEqualTo(Verdict.CONFLICT);
  }

  @Test
  void conflictWhenTheNewKeyHasMoreVersionsThanThisAttempt() {
    assertThat(new CreateAttempt("a1", true).judge(List.of(version("v1", "a1"), version("v2", null))).verdict())
        .isEqualTo(Verdict.CONFLICT);
  }

  @Test
  void addedVersionIsFoundAmongOlderVersions() {
    CreateAttempt.Finding finding = new CreateAttempt("a2", false).judge(List.of(version("v1", null), version("v2", "a2")));

    assertThat(finding.verdict()).isEqualTo(Verdict.ADOPT);
    assertThat(finding.version()).contains("v2");
  }

  @Test
  void addedVersionMissingMeansNotCreated() {
    assertThat(new CreateAttempt("a2", false).judge(List.of(version("v1", null))).verdict()).isEqualTo(Verdict.NOT_CREATED);
  }
}
