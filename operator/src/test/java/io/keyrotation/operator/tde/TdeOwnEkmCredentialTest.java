package io.keyrotation.operator.tde;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.keyrotation.operator.api.tde.EkmCredentialSpec;
import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.keyrotation.operator.api.tde.TdeKeyPolicySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CREATE ASYMMETRIC KEY ... FROM PROVIDER opens the vault key with the executing login's EKM
 * credential: the workflow makes sure the operator's login has one before it registers a key
 * (issue 8 item 5). The sandbox's operator login starts without one.
 */
class TdeOwnEkmCredentialTest {
  static final int MAX = 40;
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
  void createsAndMapsTheOperatorsOwnCredentialBeforeTheFirstAsymmetricKey() {
    assertThat(sandbox.credentialsOfLogin(0, TdeSandbox.OPERATOR_LOGIN)).isEmpty();
    ReconcileDriver driver = new ReconcileDriver(sandbox, sandbox.policy("own"));
    driver.reconcile();
    driver.rotateNow("1");

    TdeKeyPolicy done = driver.reconcileUntil(ReconcileDriver::rotated, MAX);

    assertThat(ReconcileDriver.rotated(done)).as("rotated; status: %s", done.getStatus()).isTrue();
    String own = OwnEkmCredential.PREFIX + sandbox.keyVault.primary().name();
    assertThat(sandbox.credentialsOfLogin(0, TdeSandbox.OPERATOR_LOGIN)).containsExactly(own);
    assertThat(sandbox.credentials(0)).containsEntry(own, sandbox.keyVault.primary().name());
    assertThat(sandbox.encryptorThumbprints(0)).allSatisfy((db, t) -> assertThat(t).isEqualTo(done.getStatus().activeKey().thumbprint()));
  }

  @Test
  void usesTheCredentialTheLoginAlreadyHasForTheProvider() {
    sandbox.dbaMapsOperatorCredential(0, "dba_chosen_ekm_cred");
    ReconcileDriver driver = new ReconcileDriver(sandbox, sandbox.policy("own"));
    driver.reconcile();
    driver.rotateNow("1");

    TdeKeyPolicy done = driver.reconcileUntil(ReconcileDriver::rotated, MAX);

    assertThat(ReconcileDriver.rotated(done)).as("rotated; status: %s", done.getStatus()).isTrue();
    assertThat(sandbox.credentialsOfLogin(0, TdeSandbox.OPERATOR_LOGIN)).containsExactly("dba_chosen_ekm_cred");
    assertThat(sandbox.credentials(0)).doesNotContainKey(OwnEkmCredential.PREFIX + sandbox.keyVault.primary().name());
  }

  @Test
  void managedIdentityWithoutACredentialForTheOperatorsLoginIsRefusedBeforeAnyAsymmetricKey() {
    sandbox.sql.get(0).instance().assignManagedIdentity(TdeManagedIdentityTest.MANAGED_IDENTITY);
    TdeKeyPolicy policy = sandbox.policy("managed");
    TdeKeyPolicySpec spec = policy.getSpec();
    policy.setSpec(new TdeKeyPolicySpec(spec.vault(), spec.key(), spec.rotation(), spec.sqlServer(),
        new EkmCredentialSpec(sandbox.keyVault.primary().name(), null, EkmCredentialSpec.Type.ManagedIdentity),
        spec.azureCredentials(), false));
    ReconcileDriver driver = new ReconcileDriver(sandbox, policy);
    driver.reconcile();
    driver.rotateNow("1");

    TdeKeyPolicy refused = driver.reconcileUntil(p -> TdeRotationEndToEndTest.ready(p, "False"), MAX);

    Condition ready = TdeRotationEndToEndTest.condition(refused, "Ready");
    assertThat(ready.getReason()).isEqualTo("InvalidSpec");
    assertThat(ready.getMessage()).contains("login '" + TdeSandbox.OPERATOR_LOGIN + "' has no credential").contains("DBA");
    assertThat(sandbox.asymmetricKeys(0)).hasSize(1);
    assertThat(sandbox.credentialsOfLogin(0, TdeSandbox.OPERATOR_LOGIN)).isEmpty();
  }
}
