package io.keyrotation.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.keyrotation.operator.api.backup.VaultBackupSchedule;
import io.keyrotation.operator.testing.BadManifests;
import io.keyrotation.operator.testing.OperatorHarness;
import io.keyrotation.sandbox.keyvault.KeyVaultStandIn;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad VaultBackupSchedule manifests, one field wrong each and a backup asked for at once: refused by the
 * schema (422) or reported InvalidSpec with a message naming the field, and with zero calls to Key Vault,
 * the token endpoint or Blob Storage. A Secret that is missing (or lacks the key) is NotFound, not
 * InvalidSpec, as for the other two kinds: the manifest may be right and the Secret not created yet.
 * Blob Storage (Azurite) keeps no request counter; every Blob request carries a bearer token obtained
 * before it is sent, so no token issued and no blob written means no Blob call.
 * The connector's 26-character rule does not apply here: a backup copies whatever keys the vault holds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackupBadManifestsTest {
  private static final String NS = "backups";
  private static final String OTHER_SUBSCRIPTION = "5e6f7a8b-0000-4000-8000-00000000b0ff";
  BackupStandIns standIns;
  OperatorHarness harness;
  KeyVaultStandIn source;
  KeyVaultStandIn standby;
  URI container;

  @BeforeAll
  void start() {
    standIns = new BackupStandIns();
    source = standIns.startVault("kv-weu-bad", "westeurope");
    standby = standIns.startVault("kv-neu-bad", "northeurope");
    container = standIns.newContainer();
    harness = OperatorHarness.start(Map.of(
        "AZURE_AUTHORITY_HOST", standIns.aad.authorityHost().toString(),
        "KEYROTATION_EXTRA_CA_FILE", standIns.caFile.toString(),
        "KEYROTATION_KEYVAULT_DISABLE_CHALLENGE_RESOURCE_VERIFICATION", "true",
        "KEYROTATION_AZURE_DISABLE_INSTANCE_DISCOVERY", "true"));
    harness.user().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
    harness.user().secrets().inNamespace(NS).resource(new SecretBuilder()
        .withNewMetadata().withName("backup-operator").endMetadata()
        .withStringData(Map.of("tenantId", BackupStandIns.TENANT, "clientId", BackupStandIns.OPERATOR_APP,
            "clientSecret", standIns.operatorSecret))
        .build()).create();
  }

  @AfterAll
  void stop() {
    try {
      harness.close();
    } finally {
      standIns.close();
    }
  }

  static Stream<Arguments> badManifests() {
    return Stream.of(
        Arguments.of("schedule-six-fields", "schedule", "\"0 0 3 * * *\"", "spec.schedule"),
        Arguments.of("schedule-unknown-macro", "schedule", "\"@fortnightly\"", "spec.schedule"),
        Arguments.of("schedule-minute-61", "schedule", "\"61 3 * * *\"", "spec.schedule"),
        Arguments.of("schedule-step-zero", "schedule", "\"*/0 3 * * *\"", "spec.schedule"),
        Arguments.of("schedule-tz-inside", "schedule", "\"TZ=Europe/Paris 3 * * *\"", "spec.schedule"),
        Arguments.of("schedule-february-30", "schedule", "\"0 3 30 2 *\"", "spec.schedule"),
        Arguments.of("zone-offset", "timeZone", "\"+01:00\"", "spec.timeZone"),
        Arguments.of("zone-unknown", "timeZone", "\"Mars/Olympus_Mons\"", "spec.timeZone"),
        Arguments.of("zone-lowercase", "timeZone", "\"europe/paris\"", "spec.timeZone"),
        Arguments.of("deadline-negative", "startingDeadlineSeconds", "-1", "spec.startingDeadlineSeconds"),
        Arguments.of("max-age-words", "retention", "{\"maxAge\":\"a year\"}", "spec.retention.maxAge"),
        Arguments.of("max-age-shorter-than-gap", "retention", "{\"maxAge\":\"P30D\"}", "spec.retention.maxAge"),
        Arguments.of("keep-last-zero", "retention", "{\"keepLast\":0}", "spec.retention.keepLast"),
        Arguments.of("source-url-path", "source.vault.url", "\"https://kv-weu-bad.vault.azure.net/keys\"", "spec.source.vault.url"),
        Arguments.of("source-url-http", "source.vault.url", "\"http://kv-weu-bad.vault.azure.net\"", "spec.source.vault.url"),
        Arguments.of("source-region-retired", "source.vault.region", "\"germanycentral\"", "spec.source.vault.region"),
        Arguments.of("source-region-spaced", "source.vault.region", "\"West Europe\"", "spec.source.vault.region"),
        Arguments.of("source-subscription-name", "source.vault.subscriptionId", "\"production\"", "spec.source.vault.subscriptionId"),
        Arguments.of("key-names-underscore", "source.keys", "{\"names\":[\"tde_sales\"]}", "spec.source.keys.names"),
        Arguments.of("key-name-too-long", "source.keys", "{\"names\":[\"" + "k".repeat(128) + "\"]}", "spec.source.keys.names"),
        Arguments.of("key-prefix-hostile", "source.keys", "{\"namePrefix\":\"tde'; --\"}", "spec.source.keys.namePrefix"),
        Arguments.of("keys-names-and-prefix", "source.keys", "{\"names\":[\"tde-sales\"],\"namePrefix\":\"tde-\"}", "spec.source.keys"),
        Arguments.of("standby-other-geography", "standbyVaults.0.region", "\"eastus\"", "geography"),
        Arguments.of("standby-other-subscription", "standbyVaults.0.subscriptionId", "\"" + OTHER_SUBSCRIPTION + "\"",
            "spec.standbyVaults[0].subscriptionId"),
        Arguments.of("standby-no-region", "standbyVaults.0", "{\"url\":\"https://kv-neu-bad.vault.azure.net\",\"subscriptionId\":\""
            + BackupStandIns.SUBSCRIPTION + "\"}", "spec.standbyVaults"),
        Arguments.of("standby-is-source", "standbyVaults.0.url", "\"{source}\"", "spec.standbyVaults"),
        Arguments.of("drill-into-standby", "drill", "{\"vault\":{\"url\":\"{standby}\",\"region\":"
            + "\"northeurope\",\"subscriptionId\":\"" + BackupStandIns.SUBSCRIPTION + "\"},\"schedule\":\"0 4 * * 0\"}", "spec.drill.vault.url"),
        Arguments.of("drill-schedule-words", "drill", "{\"vault\":{\"url\":\"https://kv-scratch.vault.azure.net\",\"region\":"
            + "\"westeurope\",\"subscriptionId\":\"" + BackupStandIns.SUBSCRIPTION + "\"},\"schedule\":\"sundays\"}", "spec.drill.schedule"),
        Arguments.of("container-http", "archive.blob.containerUrl", "\"http://devstoreaccount1.blob.core.windows.net/key-backups\"",
            "spec.archive.blob.containerUrl"),
        Arguments.of("container-uppercase", "archive.blob.containerUrl", "\"https://acct.blob.core.windows.net/Key-Backups\"",
            "spec.archive.blob.containerUrl"),
        Arguments.of("container-sas-token", "archive.blob.containerUrl",
            "\"https://acct.blob.core.windows.net/key-backups?sv=2024-05-04&sig=c2VjcmV0\"", "spec.archive.blob.containerUrl"),
        Arguments.of("container-double-hyphen", "archive.blob.containerUrl", "\"https://acct.blob.core.windows.net/key--backups\"",
            "spec.archive.blob.containerUrl"),
        Arguments.of("container-too-long", "archive.blob.containerUrl", "\"https://acct.blob.core.windows.net/" + "c".repeat(64) + "\"",
            "spec.archive.blob.containerUrl"),
        Arguments.of("prefix-parent", "archive.blob.prefix", "\"../other-schedule\"", "spec.archive.blob.prefix"),
        Arguments.of("prefix-spaces", "archive.blob.prefix", "\"nightly backups\"", "spec.archive.blob.prefix"),
        Arguments.of("credentials-secret-missing", "azureCredentials.secretRef.name", "\"absent-operator\"", "absent-operator"),
        Arguments.of("credentials-wrong-key", "azureCredentials.secretRef.clientSecretKey", "\"notThere\"", "notThere"),
        Arguments.of("ekm-secret-missing", "ekmIdentity", "{\"name\":\"absent-ekm\"}", "absent-ekm"));
  }

  @ParameterizedTest(name = "{0}: spec.{1} = {2}")
  @MethodSource("badManifests")
  void refusedOrInvalidSpecWithoutAnyExternalCall(String name, String field, String value, String named) {
    // The test's own listing signs in too: list before counting, and count before listing again.
    long blobs = standIns.userClient(container).listBlobs().stream().count();
    long before = externalCalls();
    String json = value.replace("{source}", source.vaultUrl().toString()).replace("{standby}", standby.vaultUrl().toString());
    VaultBackupSchedule bad = BadManifests.edited(base(), name, field, json);
    Optional<String> schemaRefusal = BadManifests.schemaRefusal(harness.user(), bad);
    String reason = name.endsWith("-missing") || name.endsWith("-wrong-key") ? "NotFound" : "InvalidSpec";
    String message = schemaRefusal.orElseGet(() -> refusalMessage(name, reason));
    assertThat(message).as("what %s says", name).contains(named);
    assertThat(externalCalls() - before).as("calls to Key Vault and Azure AD").isZero();
    assertThat(standIns.userClient(container).listBlobs().stream().count()).as("blobs archived").isEqualTo(blobs);
  }

  /** A schedule that would back up at once (backup-now) if it were valid. */
  private VaultBackupSchedule base() {
    return Serialization.unmarshal("""
        apiVersion: keyrotation.io/v1alpha1
        kind: VaultBackupSchedule
        metadata:
          name: base
          namespace: %s
          annotations:
            keyrotation.io/backup-now: "now"
        spec:
          schedule: "0 3 1 1 *"
          source:
            vault: {url: "%s", region: westeurope, subscriptionId: %s}
            keys: {namePrefix: tde-}
          archive:
            blob: {containerUrl: "%s", prefix: "base"}
          standbyVaults:
            - {url: "%s", region: northeurope, subscriptionId: %s}
          retention: {keepLast: 30}
          azureCredentials:
            type: ClientSecret
            secretRef: {name: backup-operator}
        """.formatted(NS, source.vaultUrl(), BackupStandIns.SUBSCRIPTION, container, standby.vaultUrl(),
        BackupStandIns.SUBSCRIPTION), VaultBackupSchedule.class);
  }

  private long externalCalls() {
    return source.requests().size() + standby.requests().size() + standIns.aad.tokensIssued() + standIns.aad.instanceDiscoveries();
  }

  private String refusalMessage(String name, String reason) {
    Condition ready = await().atMost(Duration.ofSeconds(30)).until(() -> notReady(name), Optional::isPresent).orElseThrow();
    assertThat(ready.getReason()).as("reason of %s (%s)", name, ready.getMessage()).isEqualTo(reason);
    return ready.getMessage();
  }

  private Optional<Condition> notReady(String name) {
    VaultBackupSchedule current = harness.user().resources(VaultBackupSchedule.class).inNamespace(NS).withName(name).get();
    return current == null || current.getStatus() == null ? Optional.empty() : BadManifests.notReady(current.getStatus().conditions());
  }
}
