package io.keyrotation.operator.keyvault;

import io.keyrotation.sandbox.aad.AppRegistry;
import io.keyrotation.sandbox.aad.AzureAdStandIn;
import io.keyrotation.sandbox.aad.SandboxTls;
import io.keyrotation.sandbox.keyvault.KeyPermission;
import io.keyrotation.sandbox.keyvault.KeyVaultStandIn;
import io.keyrotation.sandbox.keyvault.SandboxVaults;
import io.keyrotation.sandbox.keyvault.VaultDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The Key Vault and Azure AD stand-ins as a test sees them, plus the operator-side settings that
 * reach them the way a private cloud would be reached: authority host, extra CA file, no challenge
 * resource verification, no instance discovery.
 */
final class StandInFixture implements AutoCloseable {
  static final String TENANT = "7a1b2c3d-0000-4000-8000-000000000001";
  static final String OTHER_TENANT = "7a1b2c3d-0000-4000-8000-000000000002";
  static final String SUBSCRIPTION = "5e6f7a8b-0000-4000-8000-000000000001";
  static final String OPERATOR_APP = "0c0ffee0-0000-4000-8000-000000000001";
  static final String READER_APP = "0c0ffee0-0000-4000-8000-000000000002";
  static final String EXPIRED_APP = "0c0ffee0-0000-4000-8000-000000000003";
  static final String FOREIGN_APP = "0c0ffee0-0000-4000-8000-000000000004";

  final SandboxTls tls = SandboxTls.generate();
  final AppRegistry registry = new AppRegistry();
  final AzureAdStandIn aad;
  final SandboxVaults vaults;
  final Path caFile;
  /** Client secrets as Azure AD generated them for this fixture's applications. */
  final String operatorSecret;
  final String readerSecret;
  final String expiredSecret;
  final String foreignSecret;

  StandInFixture() {
    Instant now = Instant.now();
    Instant inAYear = now.plus(365, ChronoUnit.DAYS);
    operatorSecret = registry.registerApp(TENANT, OPERATOR_APP, "keyrotation-operator", inAYear).secretText();
    readerSecret = registry.registerApp(TENANT, READER_APP, "read-only", inAYear).secretText();
    expiredSecret = registry.registerApp(TENANT, EXPIRED_APP, "expired", now.minus(2, ChronoUnit.DAYS), now.minus(1, ChronoUnit.DAYS))
        .secretText();
    foreignSecret = registry.registerApp(OTHER_TENANT, FOREIGN_APP, "other tenant", inAYear).secretText();
    aad = AzureAdStandIn.start(tls, registry);
    vaults = new SandboxVaults(aad, tls);
    try {
      caFile = tls.writeCertificatePem(Files.createTempDirectory("keyvault-ca").resolve("sandbox-ca.pem"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  KeyVaultStandIn startVault(String name, String region) {
    return startVault(VaultDefinition.of(name, region, SUBSCRIPTION, TENANT));
  }

  KeyVaultStandIn startVault(VaultDefinition definition) {
    KeyVaultStandIn vault = vaults.start(definition);
    vault.grant(OPERATOR_APP, KeyPermission.GET, KeyPermission.LIST, KeyPermission.CREATE, KeyPermission.BACKUP,
        KeyPermission.RESTORE, KeyPermission.UPDATE, KeyPermission.GET_ROTATION_POLICY);
    vault.grant(READER_APP, KeyPermission.GET, KeyPermission.LIST);
    vault.grant(FOREIGN_APP, KeyPermission.values());
    return vault;
  }

  /** What the operator would be configured with to reach this sandbox. */
  KeyVaultSettings settings() {
    return KeyVaultSettings.defaults()
        .withAuthorityHost(aad.authorityHost())
        .withExtraTrustedCaFile(caFile)
        .withDisableChallengeResourceVerification(true)
        .withDisableInstanceDiscovery(true)
        .withRetry(KeyVaultRetry.none());
  }

  AzureIdentity operator() {
    return AzureIdentity.clientSecret(TENANT, OPERATOR_APP, operatorSecret);
  }

  @Override
  public void close() {
    vaults.close();
    aad.close();
  }
}
