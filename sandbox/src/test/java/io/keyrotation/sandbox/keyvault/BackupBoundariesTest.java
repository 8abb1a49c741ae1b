package io.keyrotation.sandbox.keyvault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpClient;
import com.azure.security.keyvault.keys.KeyClient;
import io.keyrotation.sandbox.aad.AppRegistry;
import io.keyrotation.sandbox.aad.AzureAdStandIn;
import io.keyrotation.sandbox.aad.SandboxTls;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A key backup restores only inside its security world and subscription, as the real KeyClient sees it. */
class BackupBoundariesTest {
  static final String TENANT = "11111111-1111-1111-1111-111111111111";
  static final String SUBSCRIPTION = "22222222-2222-2222-2222-222222222222";
  static final String OTHER_SUBSCRIPTION = "44444444-4444-4444-4444-444444444444";
  static final String APP = "33333333-3333-3333-3333-333333333333";
  static String secret;

  static AzureAdStandIn aad;
  static SandboxVaults vaults;
  static HttpClient http;

  @BeforeAll
  static void start() {
    SandboxTls tls = SandboxTls.generate();
    AppRegistry registry = new AppRegistry();
    secret = registry.registerApp(TENANT, APP, "boundaries test", Instant.now().plus(1, ChronoUnit.DAYS)).secretText();
    aad = AzureAdStandIn.start(tls, registry);
    vaults = new SandboxVaults(aad, tls);
    vaults.start(VaultDefinition.of("kv-weu", "westeurope", SUBSCRIPTION, TENANT));
    vaults.start(VaultDefinition.of("kv-neu-other-sub", "northeurope", OTHER_SUBSCRIPTION, TENANT));
    vaults.start(VaultDefinition.of("kv-neu", "northeurope", SUBSCRIPTION, TENANT));
    vaults.start(VaultDefinition.of("kv-dod-east", "usdodeast", SUBSCRIPTION, TENANT));
    vaults.start(VaultDefinition.of("kv-dod-central", "usdodcentral", SUBSCRIPTION, TENANT));
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

  static KeyClient client(String vault) {
    return StandInClients.keyClient(vaults.byName(vault).orElseThrow(), http, StandInClients.credential(aad, http, TENANT, APP, secret));
  }

  @Test
  void refusesRestoreIntoAnotherSubscriptionOfTheSameGeography() {
    vaults.byName("kv-weu").orElseThrow().createKey("stays-in-subscription", false, 2048, Map.of());
    byte[] backup = client("kv-weu").backupKey("stays-in-subscription");

    assertThatThrownBy(() -> client("kv-neu-other-sub").restoreKeyBackup(backup))
        .isInstanceOfSatisfying(HttpResponseException.class, e -> {
          assertThat(e.getResponse().getStatusCode()).isEqualTo(400);
          assertThat(e.getMessage()).contains("Cannot decrypt backup blob.");
        });
    assertThat(vaults.byName("kv-neu-other-sub").orElseThrow().findKey("stays-in-subscription")).isEmpty();
    assertThat(client("kv-neu").restoreKeyBackup(backup).getName()).isEqualTo("stays-in-subscription");
  }

  @Test
  void refusesRestoreBetweenUsDodEastAndUsDodCentral() {
    vaults.byName("kv-dod-east").orElseThrow().createKey("stays-in-dod-east", false, 2048, Map.of());
    byte[] backup = client("kv-dod-east").backupKey("stays-in-dod-east");

    assertThatThrownBy(() -> client("kv-dod-central").restoreKeyBackup(backup))
        .isInstanceOfSatisfying(HttpResponseException.class, e -> assertThat(e.getResponse().getStatusCode()).isEqualTo(400));
    assertThat(vaults.byName("kv-dod-central").orElseThrow().findKey("stays-in-dod-east")).isEmpty();
  }

  @Test
  void refusesAVaultInTheRetiredAzureGermany() {
    assertThatThrownBy(() -> VaultDefinition.of("kv-old-de", "germanycentral", SUBSCRIPTION, TENANT))
        .hasMessageContaining("unknown Azure region germanycentral");
    assertThat(Geographies.geographyOf("germanywestcentral")).contains("Germany");
  }
}
