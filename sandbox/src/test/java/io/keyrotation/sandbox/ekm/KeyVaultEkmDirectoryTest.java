package io.keyrotation.sandbox.ekm;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyrotation.sandbox.aad.AppRegistry;
import io.keyrotation.sandbox.aad.AzureAdStandIn;
import io.keyrotation.sandbox.aad.SandboxTls;
import io.keyrotation.sandbox.keyvault.KeyPermission;
import io.keyrotation.sandbox.keyvault.KeyVaultStandIn;
import io.keyrotation.sandbox.keyvault.SandboxVaults;
import io.keyrotation.sandbox.keyvault.VaultDefinition;
import io.keyrotation.sandbox.sqlserver.engine.EkmKeyAccess.Outcome;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The EKM credential IDENTITY reaches a vault as the SQL Server Connector resolves it, in each cloud. */
class KeyVaultEkmDirectoryTest {
  static final String TENANT = "11111111-1111-1111-1111-111111111111";
  static final String SUBSCRIPTION = "22222222-2222-2222-2222-222222222222";
  static final String APP = "55555555-5555-5555-5555-555555555555";
  static String secret;

  static AzureAdStandIn aad;
  static SandboxVaults vaults;
  static KeyVaultEkmDirectory directory;

  @BeforeAll
  static void start() {
    SandboxTls tls = SandboxTls.generate();
    AppRegistry registry = new AppRegistry();
    secret = registry.registerApp(TENANT, APP, "ekm identity test", Instant.now().plus(1, ChronoUnit.DAYS)).secretText();
    aad = AzureAdStandIn.start(tls, registry);
    vaults = new SandboxVaults(aad, tls);
    for (String[] vault : new String[][] {{"kv-pub", "westeurope"}, {"kv-gov", "usgovvirginia"}, {"kv-cn", "chinanorth3"}}) {
      KeyVaultStandIn started = vaults.start(VaultDefinition.of(vault[0], vault[1], SUBSCRIPTION, TENANT));
      started.grant(APP, KeyPermission.GET, KeyPermission.WRAP_KEY, KeyPermission.UNWRAP_KEY);
      started.createKey("tde-key", false, 2048, Map.of());
    }
    directory = new KeyVaultEkmDirectory(vaults);
  }

  @AfterAll
  static void stop() {
    vaults.close();
    aad.close();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "kv-pub, OPENED",
      "KV-PUB, OPENED",
      "kv-pub.vault.azure.net, OPENED",
      "kv-gov.vault.usgovcloudapi.net, OPENED",
      "kv-gov, VAULT_NOT_FOUND",
      "kv-gov.vault.azure.net, VAULT_NOT_FOUND",
      "kv-cn.vault.azure.cn, OPENED",
      "kv-cn, VAULT_NOT_FOUND",
      "kv-cn.vault.usgovcloudapi.net, VAULT_NOT_FOUND",
      "kv-pub.vault.azure.cn, VAULT_NOT_FOUND",
      "kv-pub.managedhsm.azure.net, VAULT_NOT_FOUND",
      "kv-missing, VAULT_NOT_FOUND"})
  void resolvesTheIdentityAsTheConnectorWould(String identity, Outcome outcome) {
    assertThat(directory.open(identity, "tde-key", APP, secret).outcome()).isEqualTo(outcome);
  }
}
