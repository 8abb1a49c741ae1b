package io.keyrotation.operator.keyvault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import io.keyrotation.sandbox.keyvault.KeyVaultStandIn;
import io.keyrotation.sandbox.keyvault.KeyView;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real gateway against the Key Vault stand-in over HTTPS: the operations controllers use. */
class KeyVaultGatewayTest {
  static StandInFixture sandbox;
  static KeyVaultStandIn primary;
  static KeyVaultStandIn standby;
  static KeyVaultStandIn otherGeography;
  static KeyVaultGateways gateways;

  @BeforeAll
  static void start() {
    sandbox = new StandInFixture();
    primary = sandbox.startVault("tde-primary-weu", "westeurope");
    standby = sandbox.startVault("tde-standby-neu", "northeurope");
    otherGeography = sandbox.startVault("tde-dr-eus", "eastus");
    gateways = new KeyVaultGateways(sandbox.settings());
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  static KeyVaultGateway gateway(KeyVaultStandIn vault) {
    return gateways.gatewayFor(vault.vaultUrl(), sandbox.operator());
  }

  @Test
  void createsHsmKeyWithTagsAndExpiryAndReadsItBack() {
    OffsetDateTime expiry = OffsetDateTime.now(ZoneOffset.UTC).plusYears(2).truncatedTo(ChronoUnit.SECONDS);
    VaultKey created = gateway(primary).createKey(NewKey.rsa("tde-created", KeyProtection.HSM, 3072)
        .withTags(Map.of("managed-by", "keyrotation")).withExpiry(expiry));

    VaultKey read = gateway(primary).getKey("tde-created").orElseThrow();

    assertThat(read.version()).isEqualTo(created.version());
    assertThat(read.protection()).isEqualTo(KeyProtection.HSM);
    assertThat(read.info().tags()).containsEntry("managed-by", "keyrotation");
    assertThat(read.info().expiresOn()).contains(expiry);
    assertThat(read.info().enabled()).isTrue();
    assertThat(read.info().recoveryLevel()).isEqualTo("Recoverable+Purgeable");
    assertThat(read.modulus()).hasSize(3072 / 8).isEqualTo(primary.findKey("tde-created").orElseThrow().modulusBytes());
  }

  @Test
  void refusesToCreateAKeyWhoseNameExists() {
    gateway(primary).createKey(NewKey.rsa("tde-exists", KeyProtection.SOFTWARE, 2048));

    assertThatThrownBy(() -> gateway(primary).createKey(NewKey.rsa("tde-exists", KeyProtection.SOFTWARE, 2048)))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.reason()).isEqualTo(FailureReason.Conflict);
          assertThat(e.getMessage()).contains("already exists");
        });
    assertThat(primary.versionsOf("tde-exists")).hasSize(1);
  }

  @Test
  void addsAVersionToAnExistingKeyForTheNewVersionStrategy() {
    VaultKey first = gateway(primary).createKey(NewKey.rsa("tde-versioned", KeyProtection.SOFTWARE, 2048));
    VaultKey second = gateway(primary).addKeyVersion(NewKey.rsa("tde-versioned", KeyProtection.SOFTWARE, 2048));

    assertThat(second.version()).isNotEqualTo(first.version());
    assertThat(gateway(primary).getKey("tde-versioned").orElseThrow().version()).isEqualTo(second.version());
    assertThat(gateway(primary).getKeyVersion("tde-versioned", first.version()).orElseThrow().modulus()).isEqualTo(first.modulus());
    assertThat(gateway(primary).listVersions("tde-versioned")).extracting(v -> v.version().orElseThrow())
        .containsExactlyInAnyOrder(first.version(), second.version());
  }

  @Test
  void refusesToAddAVersionToAMissingKey() {
    assertThatThrownBy(() -> gateway(primary).addKeyVersion(NewKey.rsa("tde-never-created", KeyProtection.SOFTWARE, 2048)))
        .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.NotFound));
    assertThat(primary.findKey("tde-never-created")).isEmpty();
  }

  @Test
  void answersEmptyForAMissingKeyOrVersion() {
    gateway(primary).createKey(NewKey.rsa("tde-one-version", KeyProtection.SOFTWARE, 2048));

    assertThat(gateway(primary).getKey("tde-missing")).isEmpty();
    assertThat(gateway(primary).getKeyVersion("tde-one-version", "0123456789abcdef0123456789abcdef")).isEmpty();
  }

  @Test
  void listsKeysByNamePrefixAndTagAcrossPages() {
    for (int i = 0; i < 30; i++) {
      standby.createKey("list-me-" + i, false, 2048, i % 2 == 0 ? Map.of("team", "dba") : Map.of());
    }
    standby.createKey("other-key", false, 2048, Map.of("team", "dba"));

    List<VaultKeyInfo> all = gateway(standby).listKeys(KeyFilter.namePrefix("LIST-ME-"));
    List<VaultKeyInfo> tagged = gateway(standby).listKeys(KeyFilter.namePrefix("list-me-").withTag("team", "dba"));

    assertThat(all).hasSize(30).allSatisfy(k -> assertThat(k.version()).isEmpty());
    assertThat(tagged).hasSize(15).allSatisfy(k -> assertThat(k.tags()).containsEntry("team", "dba"));
  }

  @Test
  void backsUpAndRestoresAllVersionsIntoAStandbyVaultOfTheSameGeography() {
    gateway(primary).createKey(NewKey.rsa("tde-dr", KeyProtection.HSM, 2048));
    gateway(primary).addKeyVersion(NewKey.rsa("tde-dr", KeyProtection.HSM, 2048));

    KeyBackup backup = gateway(primary).backupKey("tde-dr");
    VaultKey restored = gateway(standby).restoreKey(backup);

    assertThat(backup.keyName()).isEqualTo("tde-dr");
    assertThat(restored.name()).isEqualTo("tde-dr");
    assertThat(standby.versionsOf("tde-dr")).extracting(KeyView::version)
        .containsExactlyElementsOf(primary.versionsOf("tde-dr").stream().map(KeyView::version).toList());
    assertThat(restored.modulus()).isEqualTo(gateway(primary).getKey("tde-dr").orElseThrow().modulus());
  }

  @Test
  void refusesRestoreOntoAnExistingName() {
    gateway(primary).createKey(NewKey.rsa("tde-collide", KeyProtection.SOFTWARE, 2048));
    KeyBackup backup = gateway(primary).backupKey("tde-collide");

    assertThatThrownBy(() -> gateway(primary).restoreKey(backup))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.reason()).isEqualTo(FailureReason.Conflict);
          assertThat(e.getMessage()).contains("HTTP 409").contains("never deletes");
          assertThat(e.retryable()).isFalse();
        });
  }

  @Test
  void refusesRestoreOntoSoftDeletedName() {
    gateway(primary).createKey(NewKey.rsa("tde-deleted", KeyProtection.SOFTWARE, 2048));
    KeyBackup backup = gateway(primary).backupKey("tde-deleted");
    primary.softDelete("tde-deleted");

    assertThatThrownBy(() -> gateway(primary).restoreKey(backup))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.reason()).isEqualTo(FailureReason.Conflict);
          assertThat(e.getMessage()).contains("deleted but recoverable");
        });
  }

  @Test
  void detectsASoftDeletedKeyAndCountsItsNameAsTaken() {
    gateway(primary).createKey(NewKey.rsa("tde-soft", KeyProtection.SOFTWARE, 2048));
    primary.softDelete("tde-soft");

    DeletedVaultKey deleted = gateway(primary).findSoftDeletedKey("tde-soft").orElseThrow();

    assertThat(deleted.recoveryId()).endsWith("/deletedkeys/tde-soft");
    assertThat(deleted.scheduledPurgeDate()).isAfter(deleted.deletedOn().plusDays(89));
    assertThat(gateway(primary).getKey("tde-soft")).isEmpty();
    assertThat(gateway(primary).isNameTaken("tde-soft")).isTrue();
    assertThat(gateway(primary).findSoftDeletedKey("tde-never-deleted")).isEmpty();
    assertThatThrownBy(() -> gateway(primary).createKey(NewKey.rsa("tde-soft", KeyProtection.SOFTWARE, 2048)))
        .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.Conflict));
  }

  @Test
  void refusesRestoreIntoAnotherGeography() {
    gateway(primary).createKey(NewKey.rsa("tde-stays-in-eu", KeyProtection.SOFTWARE, 2048));
    KeyBackup backup = gateway(primary).backupKey("tde-stays-in-eu");

    assertThatThrownBy(() -> gateway(otherGeography).restoreKey(backup))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.reason()).isEqualTo(FailureReason.InvalidRequest);
          assertThat(e.getMessage()).contains("Cannot decrypt backup blob").contains("same Azure geography");
        });
    assertThat(otherGeography.findKey("tde-stays-in-eu")).isEmpty();
  }

  @Test
  void generatesAFreeConnectorCompatibleNameSkippingTakenOnes() {
    KeyNameGenerator names = new KeyNameGenerator(java.time.Clock.fixed(java.time.Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC));
    gateway(primary).createKey(NewKey.rsa("sqltde-20260301", KeyProtection.SOFTWARE, 2048));
    gateway(primary).createKey(NewKey.rsa("sqltde-20260301-2", KeyProtection.SOFTWARE, 2048));
    primary.softDelete("sqltde-20260301-2");

    String name = names.nextFreeName("sqltde", gateway(primary)::isNameTaken);

    assertThat(name).isEqualTo("sqltde-20260301-3");
  }
}
