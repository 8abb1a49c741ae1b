package io.keyrotation.sandbox.keyvault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.exception.ResourceModifiedException;
import com.azure.core.exception.ResourceNotFoundException;
import com.azure.core.http.HttpClient;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.models.CreateRsaKeyOptions;
import com.azure.security.keyvault.keys.models.KeyProperties;
import com.azure.security.keyvault.keys.models.KeyType;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import io.keyrotation.sandbox.aad.AppRegistry;
import io.keyrotation.sandbox.aad.AzureAdStandIn;
import io.keyrotation.sandbox.aad.SandboxTls;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The stand-in as the real KeyClient sees it, over HTTPS, with a token from the AAD stand-in. */
class KeyVaultStandInTest {
  static final String TENANT = "11111111-1111-1111-1111-111111111111";
  static final String SUBSCRIPTION = "22222222-2222-2222-2222-222222222222";
  static final String APP = "33333333-3333-3333-3333-333333333333";
  static String secret;

  static SandboxTls tls;
  static AzureAdStandIn aad;
  static SandboxVaults vaults;
  static KeyVaultStandIn europe;
  static KeyVaultStandIn europeStandby;
  static KeyVaultStandIn america;
  static HttpClient http;

  @BeforeAll
  static void start() {
    tls = SandboxTls.generate();
    AppRegistry registry = new AppRegistry();
    secret = registry.registerApp(TENANT, APP, "stand-in test", Instant.now().plus(1, ChronoUnit.DAYS)).secretText();
    aad = AzureAdStandIn.start(tls, registry);
    vaults = new SandboxVaults(aad, tls);
    europe = vaults.start(VaultDefinition.of("kv-weu", "westeurope", SUBSCRIPTION, TENANT));
    europeStandby = vaults.start(VaultDefinition.of("kv-neu", "northeurope", SUBSCRIPTION, TENANT));
    america = vaults.start(VaultDefinition.of("kv-eus", "eastus", SUBSCRIPTION, TENANT));
    for (KeyVaultStandIn vault : vaults.all()) {
      vault.grant(APP, KeyPermission.values());
    }
    http = StandInClients.httpClient(tls);
  }

  @AfterAll
  static void stop() {
    vaults.close();
    aad.close();
  }

  static KeyClient client(KeyVaultStandIn vault) {
    return StandInClients.keyClient(vault, http, StandInClients.credential(aad, http, TENANT, APP, secret));
  }

  @Test
  void createsKeysWithVersionsTagsAndExpiry() {
    KeyClient client = client(europe);
    Instant expiry = Instant.now().plus(365, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    KeyVaultKey first = client.createRsaKey(new CreateRsaKeyOptions("tde-one").setKeySize(2048)
        .setTags(Map.of("owner", "sandbox")).setExpiresOn(expiry.atOffset(java.time.ZoneOffset.UTC)));
    KeyVaultKey second = client.createRsaKey(new CreateRsaKeyOptions("tde-one").setHardwareProtected(true));

    KeyVaultKey latest = client.getKey("tde-one");
    assertThat(latest.getId()).isEqualTo(second.getId());
    assertThat(latest.getKeyType()).isEqualTo(KeyType.RSA_HSM);
    assertThat(client.getKey("tde-one", first.getProperties().getVersion()).getProperties().getTags()).containsEntry("owner", "sandbox");
    assertThat(first.getProperties().getExpiresOn().toInstant()).isEqualTo(expiry);
    assertThat(first.getKey().getN()).isEqualTo(europe.findKey("tde-one/" + first.getProperties().getVersion()).orElseThrow().modulusBytes());
    assertThat(latest.getProperties().getRecoveryLevel()).isEqualTo("Recoverable+Purgeable");
    assertThat(client.listPropertiesOfKeyVersions("tde-one").stream().map(KeyProperties::getVersion))
        .containsExactlyInAnyOrder(first.getProperties().getVersion(), second.getProperties().getVersion());
  }

  @Test
  void listsKeysAcrossPages() {
    KeyClient client = client(europeStandby);
    IntStream.range(0, 30).forEach(i -> europeStandby.createKey("paged-" + i, false, 2048, Map.of()));
    List<String> names = client.listPropertiesOfKeys().stream().map(KeyProperties::getName).collect(Collectors.toList());
    assertThat(names).filteredOn(n -> n.startsWith("paged-")).hasSize(30);
    assertThat(europeStandby.requests()).filteredOn(r -> r.operation() == VaultOperation.LIST_KEYS && r.status() == 200)
        .hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void restoresAllVersionsIntoAnotherVaultOfTheSameGeography() {
    europe.createKey("to-move", false, 2048, Map.of());
    europe.createKey("to-move", false, 2048, Map.of());
    byte[] backup = client(europe).backupKey("to-move");

    KeyVaultKey restored = client(europeStandby).restoreKeyBackup(backup);

    assertThat(restored.getName()).isEqualTo("to-move");
    assertThat(europeStandby.versionsOf("to-move")).extracting(KeyView::version)
        .containsExactlyElementsOf(europe.versionsOf("to-move").stream().map(KeyView::version).toList());
  }

  @Test
  void refusesRestoreIntoAnotherGeography() {
    europe.createKey("stays-in-europe", false, 2048, Map.of());
    byte[] backup = client(europe).backupKey("stays-in-europe");

    assertThatThrownBy(() -> client(america).restoreKeyBackup(backup))
        .isInstanceOfSatisfying(HttpResponseException.class, e -> {
          assertThat(e.getResponse().getStatusCode()).isEqualTo(400);
          assertThat(e.getMessage()).contains("Cannot decrypt backup blob.");
        });
    assertThat(america.findKey("stays-in-europe")).isEmpty();
  }

  @Test
  void refusesRestoreOntoExistingOrSoftDeletedName() {
    europe.createKey("taken", false, 2048, Map.of());
    byte[] backup = client(europe).backupKey("taken");

    assertThatThrownBy(() -> client(europe).restoreKeyBackup(backup)).isInstanceOf(ResourceModifiedException.class)
        .hasMessageContaining("already exists");
    europe.softDelete("taken");
    assertThatThrownBy(() -> client(europe).restoreKeyBackup(backup)).isInstanceOf(ResourceModifiedException.class)
        .hasMessageContaining("deleted but recoverable");
    assertThatThrownBy(() -> client(europe).createRsaKey(new CreateRsaKeyOptions("taken")))
        .isInstanceOf(ResourceModifiedException.class);
  }

  @Test
  void softDeletesGetsDeletedAndPurges() {
    KeyClient client = client(europe);
    client.createRsaKey(new CreateRsaKeyOptions("short-lived"));
    client.beginDeleteKey("short-lived").waitForCompletion(StandInClients.shortly());

    assertThat(client.getDeletedKey("short-lived").getRecoveryId()).endsWith("/deletedkeys/short-lived");
    assertThatThrownBy(() -> client.getKey("short-lived")).isInstanceOf(ResourceNotFoundException.class);
    client.purgeDeletedKey("short-lived");
    assertThatThrownBy(() -> client.getDeletedKey("short-lived")).isInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  void refusesBackupOfKeyWithMoreThan500Versions() {
    america.createKey("many-versions", false, 2048, Map.of());
    america.importVersions("many-versions", VaultKeys.MAX_VERSIONS_IN_BACKUP);
    assertThatThrownBy(() -> client(america).backupKey("many-versions"))
        .isInstanceOfSatisfying(HttpResponseException.class, e -> assertThat(e.getMessage()).contains("more than 500 versions"));
  }

  @Test
  void holdsEveryAnswerForTheInjectedLatency() {
    america.createKey("slow-key", false, 2048, Map.of());
    client(america).getKey("slow-key");
    america.clearRequests();
    america.faults().latency(java.time.Duration.ofMillis(300));
    try {
      client(america).getKey("slow-key");
    } finally {
      america.faults().clear();
    }

    assertThat(america.requests()).filteredOn(r -> r.operation() == VaultOperation.GET_KEY && r.status() == 200)
        .singleElement().satisfies(r -> assertThat(r.answeredAt()).isAfterOrEqualTo(r.receivedAt().plusMillis(300)));
  }

  @Test
  void failsTheNextCallsOfAnOperationThenRecovers() {
    america.createKey("flaky-key", false, 2048, Map.of());
    america.faults().failNext(VaultOperation.GET_KEY, 2, 500);

    assertThatThrownBy(() -> client(america).getKey("flaky-key"))
        .isInstanceOfSatisfying(HttpResponseException.class, e -> assertThat(e.getResponse().getStatusCode()).isEqualTo(500));
    assertThatThrownBy(() -> client(america).getKey("flaky-key")).isInstanceOf(HttpResponseException.class);
    assertThat(client(america).getKey("flaky-key").getName()).isEqualTo("flaky-key");
  }

  @Test
  void answersForbiddenNamingTheMissingPermission() {
    europe.createKey("guarded", false, 2048, Map.of());
    europe.revoke(APP, KeyPermission.BACKUP);
    try {
      assertThatThrownBy(() -> client(europe).backupKey("guarded"))
          .isInstanceOfSatisfying(HttpResponseException.class, e -> {
            assertThat(e.getResponse().getStatusCode()).isEqualTo(403);
            assertThat(e.getMessage()).contains("does not have keys backup permission");
          });
    } finally {
      europe.grant(APP, KeyPermission.BACKUP);
    }
  }
}
