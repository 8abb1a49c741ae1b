package io.keyrotation.operator.tde;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.keyrotation.operator.api.tde.TdeKeyPolicySpec;
import io.keyrotation.operator.api.tde.VaultKeySpec;
import io.keyrotation.sandbox.keyvault.KeyVaultDemo;
import io.keyrotation.sandbox.sqlserver.SqlServerDemo;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The first reconcile over an existing setup: what it records, and what it reports, without rotating. */
class TdeAdoptionTest {
  TdeSandbox sandbox;

  @BeforeEach
  void start() {
    sandbox = new TdeSandbox(1);
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
  void withoutADeclaredVaultKeyTheAgeIsUnknownAndTheFirstRotationIsOneIntervalAfterAdoption() {
    ReconcileDriver driver = new ReconcileDriver(sandbox, withCurrentKey(sandbox.policy("unknown-age"), null));
    String before = sandbox.externalState();

    TdeKeyPolicy adopted = driver.reconcile();
    TdeKeyPolicy idle = driver.reconcile();

    assertThat(adopted.getStatus().activeKey().asymmetricKeyName()).isEqualTo(SqlServerDemo.ASYMMETRIC_KEY);
    assertThat(adopted.getStatus().activeKey().keyName()).isNull();
    Condition ageUnknown = TdeRotationEndToEndTest.condition(adopted, TdeConditions.KEY_AGE_UNKNOWN);
    assertThat(ageUnknown.getStatus()).isEqualTo("True");
    assertThat(ageUnknown.getMessage()).contains("keyrotation.io/rotate-now").contains("spec.key.currentKeyName");
    assertThat(Instant.parse(idle.getStatus().nextRotationTime()))
        .isEqualTo(Instant.parse(adopted.getStatus().adoptedTime()).plus(365, ChronoUnit.DAYS));
    assertThat(sandbox.externalState()).isEqualTo(before);
  }

  @Test
  void databasesOnDifferentKeysAreReportedByNameAndTheNextRotationBringsThemOntoOne() throws Exception {
    var sql = sandbox.sql.get(0).instance();
    sandbox.keyVault.primary().createKey("other-key", false, 2048, Map.of());
    String secret = KeyVaultDemo.EKM_CLIENT_ID.replace("-", "") + sandbox.keyVault.ekmClientSecret();
    // As a DBA would (the operator's login has no EKM credential of its own yet):
    sql.execute(SqlServerDemo.DBA_LOGIN, "CREATE ASYMMETRIC KEY [TDE_KEY2] FROM PROVIDER [EKM] WITH PROVIDER_KEY_NAME = "
        + "N'other-key', CREATION_DISPOSITION = OPEN_EXISTING");
    sql.execute(SqlServerDemo.DBA_LOGIN, "GRANT VIEW DEFINITION ON ASYMMETRIC KEY::[TDE_KEY2] TO [" + TdeSandbox.OPERATOR_LOGIN + "]");
    sql.execute(SqlServerDemo.DBA_LOGIN, "CREATE LOGIN [TDE_Login2] FROM ASYMMETRIC KEY [TDE_KEY2]; CREATE CREDENTIAL "
        + "[cred2] WITH IDENTITY = N'" + sandbox.keyVault.primary().name() + "', SECRET = N'" + secret
        + "' FOR CRYPTOGRAPHIC PROVIDER [EKM]; ALTER LOGIN [TDE_Login2] ADD CREDENTIAL [cred2]");
    sql.execute(TdeSandbox.OPERATOR_LOGIN, "USE [Inventory]; ALTER DATABASE ENCRYPTION KEY ENCRYPTION BY SERVER ASYMMETRIC KEY [TDE_KEY2]");
    ReconcileDriver driver = new ReconcileDriver(sandbox, sandbox.policy("two-keys"));

    TdeKeyPolicy adopted = driver.reconcile();

    Condition disagree = TdeRotationEndToEndTest.condition(adopted, TdeConditions.PROTECTORS_DISAGREE);
    assertThat(disagree.getStatus()).isEqualTo("True");
    assertThat(disagree.getMessage()).contains("sql-0/Inventory (TDE_KEY2)");
    assertThat(adopted.getStatus().activeKey().asymmetricKeyName()).isEqualTo(SqlServerDemo.ASYMMETRIC_KEY);

    driver.rotateNow("1");
    TdeKeyPolicy done = driver.reconcileUntil(ReconcileDriver::rotated, 40);
    assertThat(sandbox.encryptorThumbprints(0)).allSatisfy((db, t) -> assertThat(t).isEqualTo(done.getStatus().activeKey().thumbprint()));
  }

  @Test
  void aDeclaredVaultKeyThatDoesNotExistIsReportedAndNothingIsAdopted() {
    ReconcileDriver driver = new ReconcileDriver(sandbox, withCurrentKey(sandbox.policy("missing"), "no-such-key"));

    TdeKeyPolicy refused = driver.reconcile();

    Condition ready = TdeRotationEndToEndTest.condition(refused, "Ready");
    assertThat(ready.getReason()).isEqualTo("NotFound");
    assertThat(ready.getMessage()).contains("spec.key.currentKeyName").contains("no-such-key");
    assertThat(refused.getStatus().activeKey()).isNull();
    assertThat(refused.getStatus().adoptedTime()).isNull();
  }

  private static TdeKeyPolicy withCurrentKey(TdeKeyPolicy policy, String currentKey) {
    TdeKeyPolicySpec spec = policy.getSpec();
    VaultKeySpec key = spec.key();
    policy.setSpec(new TdeKeyPolicySpec(spec.vault(), new VaultKeySpec(key.namingStrategy(), key.namePrefix(), key.name(),
        key.type(), key.size(), key.expiresAfter(), currentKey), spec.rotation(), spec.sqlServer(), spec.ekmCredential(),
        spec.azureCredentials(), spec.suspend()));
    return policy;
  }
}
