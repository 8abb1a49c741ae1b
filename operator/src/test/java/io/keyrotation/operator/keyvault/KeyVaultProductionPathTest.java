package io.keyrotation.operator.keyvault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyrotation.operator.status.GatewayException;
import io.keyrotation.sandbox.aad.AppRegistry;
import io.keyrotation.sandbox.aad.AzureAdStandIn;
import io.keyrotation.sandbox.aad.SandboxTls;
import io.keyrotation.sandbox.keyvault.KeyPermission;
import io.keyrotation.sandbox.keyvault.KeyVaultStandIn;
import io.keyrotation.sandbox.keyvault.SandboxVaults;
import io.keyrotation.sandbox.keyvault.VaultDefinition;
import java.nio.file.Files;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The gateway with production settings: vaults at {@code https://<name>.vault.azure.net:<port>/},
 * the authority at {@code https://login.microsoftonline.com:<port>/}, host names verified against
 * the certificate, the bearer challenge's resource verified (challenge-resource verification on)
 * and Azure AD instance discovery on: every verification of {@link KeyVaultSettings#defaults()}.
 * The names resolve to the loopback address through the hosts file of surefire's
 * {@code production-dns} execution; the ports are not 443, which neither check minds (both compare
 * host names).
 */
@EnabledIfSystemProperty(named = "jdk.net.hosts.file", matches = ".*production-dns.*")
class KeyVaultProductionPathTest {
  static final String TENANT = "7a1b2c3d-0000-4000-8000-00000000aaaa";
  static final String SUBSCRIPTION = "5e6f7a8b-0000-4000-8000-00000000aaaa";
  static final String APP = "0c0ffee0-0000-4000-8000-00000000aaaa";

  static SandboxTls tls;
  static AzureAdStandIn aad;
  static SandboxVaults vaults;
  static KeyVaultStandIn vault;
  static KeyVaultGateways gateways;
  static AzureIdentity identity;

  @BeforeAll
  static void start() throws Exception {
    tls = SandboxTls.generate("*.vault.azure.net", "login.microsoftonline.com", "tde-private.contoso.example");
    AppRegistry registry = new AppRegistry();
    String secret = registry.registerApp(TENANT, APP, "keyrotation-operator", Instant.now().plus(1, ChronoUnit.DAYS)).secretText();
    identity = AzureIdentity.clientSecret(TENANT, APP, secret);
    aad = AzureAdStandIn.start(tls, registry, 0, "login.microsoftonline.com");
    vaults = SandboxVaults.withPublicHostNames(aad, tls);
    vault = vaults.start(VaultDefinition.of("tde-prod-weu", "westeurope", SUBSCRIPTION, TENANT));
    vault.grant(APP, KeyPermission.GET, KeyPermission.LIST, KeyPermission.CREATE);
    KeyVaultSettings production = KeyVaultSettings.defaults()
        .withAuthorityHost(aad.authorityHost())
        .withExtraTrustedCaFile(tls.writeCertificatePem(Files.createTempDirectory("kv-prod").resolve("ca.pem")))
        .withRetry(KeyVaultRetry.none());
    assertThat(production.disableChallengeResourceVerification()).isFalse();
    assertThat(production.disableInstanceDiscovery()).isFalse();
    gateways = new KeyVaultGateways(production);
  }

  @AfterAll
  static void stop() {
    vaults.close();
    aad.close();
  }

  @Test
  void createsAndReadsAKeyWithChallengeResourceVerificationOn() {
    assertThat(vault.vaultUrl().getHost()).isEqualTo("tde-prod-weu.vault.azure.net");
    assertThat(aad.authorityHost().getHost()).isEqualTo("login.microsoftonline.com");
    KeyVaultGateway gateway = gateways.gatewayFor(vault.vaultUrl(), identity);

    VaultKey created = gateway.createKey(NewKey.rsa("tde-production-path", KeyProtection.SOFTWARE, 2048));

    assertThat(created.info().keyId().getHost()).isEqualTo("tde-prod-weu.vault.azure.net");
    assertThat(gateway.getKey("tde-production-path")).get().extracting(VaultKey::version).isEqualTo(created.version());
    assertThat(vault.requests()).anySatisfy(r -> assertThat(r.status()).isEqualTo(401))
        .anySatisfy(r -> assertThat(r.clientId()).isEqualTo(APP));
    assertThat(aad.instanceDiscoveries()).as("MSAL asked for instance discovery").isPositive();
  }

  @Test
  void refusesAVaultWhoseChallengeNamesAResourceOutsideItsDomain() {
    // A vault reached under another DNS name (e.g. a private alias) challenges for vault.azure.net:
    // the SDK refuses to send a vault.azure.net token there unless verification is turned off.
    KeyVaultStandIn alias = KeyVaultStandIn.start(VaultDefinition.of("tde-private", "westeurope", SUBSCRIPTION, TENANT), aad, tls, 0,
        "tde-private.contoso.example");
    try {
      alias.grant(APP, KeyPermission.GET);
      assertThatThrownBy(() -> gateways.gatewayFor(alias.vaultUrl(), identity).getKey("anything"))
          .isInstanceOf(GatewayException.class)
          .hasMessageContaining("does not match");
      assertThat(alias.requests()).noneMatch(r -> APP.equals(r.clientId()));
    } finally {
      alias.close();
    }
  }
}
