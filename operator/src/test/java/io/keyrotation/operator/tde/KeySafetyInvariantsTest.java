package io.keyrotation.operator.tde;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.keyrotation.sandbox.keyvault.KeyVaultDemo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The invariant checker sees each kind of broken promise in the stand-ins' state, and none in a sound sandbox. */
class KeySafetyInvariantsTest {
  TdeSandbox sandbox;

  @BeforeEach
  void start() {
    sandbox = new TdeSandbox(1);
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  @Test
  void holdInTheSandboxAsCreated() {
    assertThat(sandbox.sql.get(0).instance().keyReferences()).as("references to check").isNotEmpty();
    assertThat(sandbox.invariants().violations()).isEmpty();
  }

  @Test
  void reportsADisabledKeyThatADatabaseKeyDependsOn() {
    sandbox.keyVault.primary().setEnabled(KeyVaultDemo.FIRST_KEY, false);
    assertThat(sandbox.invariants().violations())
        .anySatisfy(v -> assertThat(v).startsWith("DEK of database Sales on sql-0").contains("is disabled"))
        .anySatisfy(v -> assertThat(v).startsWith("VLF 1 of database Sales on sql-0").contains("is disabled"));
  }

  @Test
  void reportsADeletedKeyThatADatabaseKeyDependsOn() {
    sandbox.keyVault.primary().softDelete(KeyVaultDemo.FIRST_KEY);
    assertThat(sandbox.invariants().violations())
        .anySatisfy(v -> assertThat(v).contains("key " + KeyVaultDemo.FIRST_KEY + " was deleted from vault"));
  }

  @Test
  void reportsAClientSecretRemovedWhileSqlServerStillUsesIt() {
    assertThat(sandbox.sql.get(0).instance().cachedEkmSecrets()).as("secrets the connector cached").isNotEmpty();
    var registry = sandbox.keyVault.aad().registry();
    registry.secretsOf(KeyVaultDemo.EKM_CLIENT_ID).forEach(s -> registry.removeSecret(KeyVaultDemo.EKM_CLIENT_ID, s.keyId()));
    assertThat(sandbox.invariants().violations())
        .anySatisfy(v -> assertThat(v).contains("a client secret that application " + KeyVaultDemo.EKM_CLIENT_ID
            + " no longer has"));
  }

  @Test
  void reportsAnIssuedSecretInAnEventWithoutShowingIt() {
    String secret = sandbox.keyVault.ekmClientSecret();
    sandbox.harness.user().v1().events().inNamespace(TdeSandbox.NS).resource(new EventBuilder().withNewMetadata()
        .withName("leak").withNamespace(TdeSandbox.NS).endMetadata().withReason("Leak")
        .withMessage("connected with " + secret).build()).create();
    assertThat(sandbox.invariants().violations())
        .anySatisfy(v -> assertThat(v).contains("appears in a status or Event: Event " + TdeSandbox.NS + "/leak"))
        .allSatisfy(v -> assertThat(v).doesNotContain(secret));
  }
}
