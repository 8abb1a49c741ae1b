package io.keyrotation.operator.tde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.keyrotation.operator.api.tde.ProtectorKey;
import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.keyrotation.sandbox.keyvault.KeyVaultDemo;
import io.keyrotation.sandbox.sqlserver.SqlServerDemo;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator in-process over the sandbox's SQL Server (Sales and Inventory protected by
 * TDE_KEY1 from vault key sqltde-initial), its Key Vault and Azure AD: adoption, then rotations on demand.
 */
class TdeRotationEndToEndTest {
  static final Duration PATIENCE = Duration.ofSeconds(60);
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
  void adoptsTheExistingProtectorWithoutRotatingThenRotatesOnDemandTwiceKeepingOldKeys() {
    Map<String, String> before = sandbox.encryptorThumbprints(0);
    String initialThumbprint = sandbox.asymmetricKeys(0).get(SqlServerDemo.ASYMMETRIC_KEY);
    sandbox.apply(sandbox.policy("sales"));

    TdeKeyPolicy adopted = awaitPolicy("sales", p -> ready(p, "True") && p.getStatus().nextRotationTime() != null);
    ProtectorKey active = adopted.getStatus().activeKey();
    assertThat(active.asymmetricKeyName()).isEqualTo(SqlServerDemo.ASYMMETRIC_KEY);
    assertThat(active.keyName()).isEqualTo(KeyVaultDemo.FIRST_KEY);
    assertThat(active.thumbprint()).isEqualTo(initialThumbprint);
    assertThat(active.loginName()).isEqualTo(SqlServerDemo.TDE_LOGIN);
    assertThat(adopted.getStatus().rotation()).isNull();
    assertThat(adopted.getStatus().lastRotationTime()).isNull();
    assertThat(sandbox.keyVault.primary().keyNames()).containsExactly(KeyVaultDemo.FIRST_KEY);
    assertThat(sandbox.encryptorThumbprints(0)).isEqualTo(before);
    assertThat(condition(adopted, TdeConditions.KEY_AGE_UNKNOWN).getStatus()).isEqualTo("False");

    sandbox.rotateNow("sales", "first");
    TdeKeyPolicy rotated = awaitPolicy("sales", p -> p.getStatus().lastRotationTime() != null && p.getStatus().rotation() == null);
    ProtectorKey first = rotated.getStatus().activeKey();
    assertThat(first.keyName()).startsWith("sqltde-");
    assertThat(sandbox.keyVault.primary().keyNames()).containsExactlyInAnyOrder(KeyVaultDemo.FIRST_KEY, first.keyName());
    assertThat(sandbox.asymmetricKeys(0)).containsEntry(first.asymmetricKeyName(), first.thumbprint())
        .containsEntry(SqlServerDemo.ASYMMETRIC_KEY, initialThumbprint);
    assertThat(sandbox.encryptorThumbprints(0)).containsOnlyKeys(SqlServerDemo.DATABASES.toArray(String[]::new))
        .allSatisfy((db, thumbprint) -> assertThat(thumbprint).isEqualTo(first.thumbprint()));
    assertThat(rotated.getStatus().previousKeys()).singleElement().satisfies(k -> {
      assertThat(k.asymmetricKeyName()).isEqualTo(SqlServerDemo.ASYMMETRIC_KEY);
      assertThat(k.retiredTime()).isNotNull();
      assertThat(k.neededByLog()).isEqualTo("Yes");
    });
    assertThat(rotated.getStatus().lastManualTrigger()).isEqualTo("first");
    assertThat(ready(rotated, "True")).isTrue();
    await().atMost(PATIENCE).untilAsserted(() -> assertThat(sandbox.events("sales")).extracting(Event::getReason)
        .contains("Adopted", "RotationStarted", "VaultKeyCreated", "KeyRegistered", "EkmAccessProven", "DatabaseReencrypted",
            "ThumbprintsVerified", "Rotated"));

    sandbox.rotateNow("sales", "second");
    TdeKeyPolicy again = awaitPolicy("sales", p -> "second".equals(p.getStatus().lastManualTrigger())
        && p.getStatus().rotation() == null && !first.keyName().equals(p.getStatus().activeKey().keyName()));
    ProtectorKey second = again.getStatus().activeKey();
    assertThat(sandbox.keyVault.primary().keyNames())
        .containsExactlyInAnyOrder(KeyVaultDemo.FIRST_KEY, first.keyName(), second.keyName());
    assertThat(sandbox.asymmetricKeys(0)).containsKeys(SqlServerDemo.ASYMMETRIC_KEY, first.asymmetricKeyName(),
        second.asymmetricKeyName());
    assertThat(sandbox.encryptorThumbprints(0)).allSatisfy((db, thumbprint) -> assertThat(thumbprint).isEqualTo(second.thumbprint()));
    assertThat(again.getStatus().previousKeys()).extracting(ProtectorKey::asymmetricKeyName)
        .containsExactly(first.asymmetricKeyName(), SqlServerDemo.ASYMMETRIC_KEY);
  }

  @Test
  void aSecondPolicyOnTheSameDatabasesIsRefusedNamingTheFirstAndTouchesNothing() {
    sandbox.apply(sandbox.policy("first"));
    awaitPolicy("first", p -> ready(p, "True"));
    String before = sandbox.externalState();

    sandbox.apply(sandbox.policy("second"));
    TdeKeyPolicy refused = awaitPolicy("second", p -> ready(p, "False"));

    assertThat(condition(refused, "Ready").getReason()).isEqualTo("Overlap");
    assertThat(condition(refused, "Ready").getMessage()).contains("tde/first");
    assertThat(refused.getStatus().activeKey()).isNull();
    assertThat(sandbox.externalState()).isEqualTo(before);
  }

  private TdeKeyPolicy awaitPolicy(String name, Predicate<TdeKeyPolicy> done) {
    return await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> sandbox.get(name),
        p -> p != null && p.getStatus() != null && done.test(p));
  }

  static boolean ready(TdeKeyPolicy policy, String status) {
    Condition ready = condition(policy, "Ready");
    return ready != null && status.equals(ready.getStatus());
  }

  static Condition condition(TdeKeyPolicy policy, String type) {
    return policy.getStatus().conditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }
}
