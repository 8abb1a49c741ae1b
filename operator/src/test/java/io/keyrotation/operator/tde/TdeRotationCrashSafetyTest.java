package io.keyrotation.operator.tde;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.keyrotation.operator.config.CredentialsResolver;
import io.keyrotation.operator.config.SecretReader;
import io.keyrotation.operator.keyvault.KeyVaultGateways;
import io.keyrotation.operator.sqlserver.SqlServerGatewayFactory;
import io.keyrotation.operator.status.EventRecorder;
import io.keyrotation.operator.status.StatusWriter;
import io.keyrotation.sandbox.keyvault.KeyVaultDemo;
import io.keyrotation.sandbox.sqlserver.SqlServerDemo;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The operator is stopped after every external change of a rotation (all of them: each reconcile
 * makes at most one, which this test also checks) and a new one, with new gateways and no memory,
 * continues from what status recorded. Two ways to die: before the change was recorded in status
 * (the write is lost), and right after it was. Either way the rotation ends with exactly one new
 * key, every database on it, and nothing created twice.
 */
class TdeRotationCrashSafetyTest {
  /** A rotation over one instance with two databases: vault key, 4 registration statements, 2 re-encryptions. */
  static final int CHANGES_IN_A_ROTATION = 7;
  static final int MAX_RECONCILES = 60;

  enum Crash { BeforeStatusWrite, AfterStatusWrite }

  static Stream<Arguments> crashPoints() {
    return IntStream.rangeClosed(1, CHANGES_IN_A_ROTATION).boxed()
        .flatMap(k -> Arrays.stream(Crash.values()).map(mode -> Arguments.of(k, mode)));
  }

  @ParameterizedTest(name = "operator dies after change {0}, {1}")
  @MethodSource("crashPoints")
  void aNewOperatorFinishesTheRotationWithNothingLostOrDuplicated(int crashAfter, Crash mode) {
    try (TdeSandbox sandbox = new TdeSandbox(1)) {
      TdeKeyPolicy policy = sandbox.policy("crash");
      policy.getMetadata().setUid(UUID.randomUUID().toString());
      policy.getMetadata().setGeneration(1L);
      policy.getMetadata().setAnnotations(new HashMap<>(Map.of(TdeKeyPolicyPlanner.ROTATE_NOW, "now")));
      KubernetesClient kube = sandbox.harness.operatorClient().client();

      TdeKeyPolicyReconciler operator = newOperator(sandbox, kube);
      int changes = 0;
      boolean crashed = false;
      String before = sandbox.externalState();
      for (int i = 0; i < MAX_RECONCILES && !rotated(policy); i++) {
        TdeKeyPolicy working = kube.getKubernetesSerialization().clone(policy);
        operator.reconcile(working, List.of(working));
        String after = sandbox.externalState();
        int changed = changedLines(before, after);
        assertThat(changed).as("external changes in one reconcile").isLessThanOrEqualTo(1);
        changes += changed;
        before = after;
        boolean dieNow = !crashed && changes == crashAfter && changed == 1;
        if (!(dieNow && mode == Crash.BeforeStatusWrite)) {
          policy = working;
        }
        if (dieNow) {
          crashed = true;
          operator = newOperator(sandbox, kube);
        }
      }

      assertThat(crashed).as("the operator was stopped after change %d", crashAfter).isTrue();
      assertThat(rotated(policy)).as("rotation finished").isTrue();
      var active = policy.getStatus().activeKey();
      String newKey = active.keyName();
      String newAsymmetricKey = policy.getStatus().activeKey().asymmetricKeyName();
      assertThat(sandbox.keyVault.primary().keyNames()).containsExactlyInAnyOrder(KeyVaultDemo.FIRST_KEY, newKey);
      assertThat(sandbox.keyVault.primary().versionsOf(newKey)).hasSize(1);
      assertThat(sandbox.asymmetricKeys(0)).containsOnlyKeys(SqlServerDemo.ASYMMETRIC_KEY, newAsymmetricKey);
      assertThat(sandbox.encryptorThumbprints(0)).containsOnlyKeys(SqlServerDemo.DATABASES.toArray(String[]::new))
          .allSatisfy((db, thumbprint) -> assertThat(thumbprint).isEqualTo(active.thumbprint()));
      assertThat(sandbox.externalState().lines().filter(l -> l.contains(" credentials ")).findFirst().orElseThrow())
          .contains(SqlServerDemo.TDE_CREDENTIAL, SqlServerDemo.OPERATOR_CREDENTIAL, active.credentialName());
      assertThat(changes).as("external changes in the whole rotation").isEqualTo(CHANGES_IN_A_ROTATION);
    }
  }

  /** A new operator: new gateways, caches and clients' state; only status survives. */
  private static TdeKeyPolicyReconciler newOperator(TdeSandbox sandbox, KubernetesClient kube) {
    Clock clock = Clock.systemUTC();
    PolicyGatewayResolver gateways = new PolicyGatewayResolver(new CredentialsResolver(new SecretReader(kube)),
        new KeyVaultGateways(sandbox.operatorConfig().keyVaultSettings()), SqlServerGatewayFactory.mssqlJdbc());
    return new TdeKeyPolicyReconciler(new StatusWriter(new EventRecorder(kube, clock)), new EventRecorder(kube, clock),
        gateways, null, Duration.ofHours(1), clock);
  }

  private static boolean rotated(TdeKeyPolicy policy) {
    return policy.getStatus() != null && policy.getStatus().lastRotationTime() != null && policy.getStatus().rotation() == null;
  }

  private static int changedLines(String before, String after) {
    Set<String> old = Set.copyOf(before.lines().toList());
    Set<String> now = Set.copyOf(after.lines().toList());
    return (int) Math.max(now.stream().filter(l -> !old.contains(l)).count(), old.stream().filter(l -> !now.contains(l)).count());
  }
}
