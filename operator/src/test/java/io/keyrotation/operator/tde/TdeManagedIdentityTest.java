package io.keyrotation.operator.tde;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyrotation.operator.api.tde.EkmCredentialSpec;
import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.keyrotation.operator.api.tde.TdeKeyPolicySpec;
import io.keyrotation.sandbox.keyvault.KeyPermission;
import io.keyrotation.sandbox.keyvault.KeyVaultStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * EKM with the instance's managed identity (SQL Server 2022 CU17+ on Azure VMs): the credential is
 * named after the vault, carries IDENTITY = 'Managed Identity' and no secret, and no Secret is read.
 */
class TdeManagedIdentityTest {
  static final String MANAGED_IDENTITY = "7e57ab1e-0000-4000-8000-00000000000a";
  TdeSandbox sandbox;
  KeyVaultStandIn vault;

  @BeforeEach
  void start() {
    sandbox = new TdeSandbox(1);
    vault = sandbox.keyVault.primary();
    vault.grant(MANAGED_IDENTITY, KeyPermission.GET, KeyPermission.LIST, KeyPermission.WRAP_KEY, KeyPermission.UNWRAP_KEY);
    sandbox.sql.get(0).instance().assignManagedIdentity(MANAGED_IDENTITY);
    // The managed identity credential belongs to the keys' logins: a DBA gives the operator's login its own.
    sandbox.dbaMapsOperatorCredential(0, "dba_chosen_ekm_cred");
  }

  @AfterEach
  void stop() {
    try {
      sandbox.invariants().assertHold();
    } finally {
      sandbox.close();
    }
  }

  @Test
  void rotatesWithACredentialWithoutSecretAndNeverReadsTheConnectorSecret() {
    sandbox.harness.user().secrets().inNamespace(TdeSandbox.NS).withName("ekm-connector").delete();
    TdeKeyPolicy policy = sandbox.policy("managed");
    TdeKeyPolicySpec spec = policy.getSpec();
    policy.setSpec(new TdeKeyPolicySpec(spec.vault(), spec.key(), spec.rotation(), spec.sqlServer(),
        new EkmCredentialSpec(vault.name(), null, EkmCredentialSpec.Type.ManagedIdentity), spec.azureCredentials(), false));
    ReconcileDriver driver = new ReconcileDriver(sandbox, policy);
    driver.reconcile();
    driver.rotateNow("1");

    TdeKeyPolicy done = driver.reconcileUntil(ReconcileDriver::rotated, 40);

    assertThat(ReconcileDriver.rotated(done)).as("rotated; status: %s", done.getStatus()).isTrue();
    String credential = vault.name() + ".vault.azure.net";
    assertThat(done.getStatus().activeKey().credentialName()).isEqualTo(credential);
    assertThat(sandbox.externalState()).contains(credential + "=Managed Identity");
    assertThat(sandbox.encryptorThumbprints(0)).allSatisfy((db, t) -> assertThat(t).isEqualTo(done.getStatus().activeKey().thumbprint()));
    assertThat(vault.requests()).as("the managed identity wrapped the database keys with the new key")
        .anySatisfy(r -> assertThat(r.clientId()).isEqualTo(MANAGED_IDENTITY));
  }
}
