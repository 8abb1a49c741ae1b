package io.keyrotation.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.keyrotation.operator.api.tde.ProtectorKey;
import io.keyrotation.operator.api.tde.RotationSpec;
import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import java.net.URI;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The schedules' cache of TdeKeyPolicies keeps what {@link PolicyKeys} reads, and the keys, the
 * fingerprint and the store's key come out the same from the kept copy as from the policy itself.
 */
class PolicyKeysStoreTest {
  static final String VAULT = "https://contoso-tde.vault.azure.net";
  static final String DR_VAULT = "https://contoso-dr.vault.azure.net";

  /** Every field filled; the keys' vaults differ, one previous key has no id. */
  static final String ROTATED = """
      status:
        observedGeneration: 3
        conditions:
          - {type: Ready, status: "True", reason: Rotated, message: "Key sales-tde-20261201 protects every database.", lastTransitionTime: "2026-12-01T02:00:00Z"}
          - {type: Degraded, status: "False", reason: AsExpected, message: "Nothing failed.", lastTransitionTime: "2026-12-01T02:00:00Z"}
        activeKey:
          keyName: sales-tde-20261201
          keyId: https://contoso-tde.vault.azure.net/keys/sales-tde-20261201/0123456789abcdef0123456789abcdef
          asymmetricKeyName: tde_sales_20261201
          loginName: tde_login_20261201
          credentialName: tde_cred_20261201
          thumbprint: 0A1B2C
          createdTime: "2026-12-01T01:00:00Z"
          expiresTime: "2028-12-01T01:00:00Z"
          neededByLog: "No"
          publicKeySha256: abcdef
          providerKeyName: sales-tde-20261201
        previousKeys:
          - {keyName: sales-tde-initial, asymmetricKeyName: tde_initial, loginName: l0, credentialName: c0, thumbprint: FF00, createdTime: "2025-01-01T00:00:00Z", retiredTime: "2026-12-01T02:00:00Z", neededByLog: "Yes", publicKeySha256: "0123", providerKeyName: sales-tde-initial}
          - {keyName: sales-tde-restored, keyId: "https://contoso-dr.vault.azure.net/keys/sales-tde-restored/fedcba9876543210fedcba9876543210", retiredTime: "2025-06-01T00:00:00Z"}
        lastRotationTime: "2026-12-01T02:00:00Z"
        nextRotationTime: "2027-12-01T02:00:00Z"
        rotation: {targetKeyName: sales-tde-20271201, step: AwaitBackup, trigger: Schedule, startedTime: "2026-12-01T01:00:00Z"}
        lastManualTrigger: "2026-11-30"
        adoptedTime: "2025-01-01T00:00:00Z"
        vaultUrl: https://contoso-tde.vault.azure.net/
        vaultFailover: {fromVaultUrl: "https://contoso-dr.vault.azure.net", toVaultUrl: "https://contoso-tde.vault.azure.net", identity: contoso-tde, startedTime: "2026-11-01T00:00:00Z"}
      """;
  static final String ADOPTING = """
      status:
        observedGeneration: 1
        conditions: [{type: Ready, status: "False", reason: Adopting, message: "Adopting the protector."}]
        adoptedTime: "2025-01-01T00:00:00Z"
      """;
  static final String FAILED_OVER = """
      status:
        vaultUrl: https://contoso-dr.vault.azure.net
        activeKey: {keyName: sales-tde-dr, thumbprint: 0A}
        previousKeys: [{keyName: sales-tde-initial, keyId: "https://contoso-tde.vault.azure.net/keys/sales-tde-initial/00"}]
      """;

  static Stream<TdeKeyPolicy> policies() {
    return Stream.of(policy(ROTATED), policy(ADOPTING), policy(FAILED_OVER), policy(""));
  }

  @Test
  void keepsTheIdentityAndTheKeysOfAPolicyAndNothingElse() {
    TdeKeyPolicy full = policy(ROTATED);

    TdeKeyPolicy kept = PolicyKeysStore.whatSchedulesRead(full);

    assertThat(kept.getMetadata()).usingRecursiveComparison()
        .comparingOnlyFields("name", "namespace", "uid", "resourceVersion", "generation").isEqualTo(full.getMetadata());
    assertThat(kept.getSpec().vault().url()).isEqualTo(full.getSpec().vault().url());
    assertThat(kept.getSpec().key().currentKeyName()).isEqualTo(full.getSpec().key().currentKeyName());
    assertThat(kept.getStatus().vaultUrl()).isEqualTo(full.getStatus().vaultUrl());
    assertThat(nameAndId(kept.getStatus().activeKey())).isEqualTo(nameAndId(full.getStatus().activeKey()));
    assertThat(kept.getStatus().previousKeys().stream().map(PolicyKeysStoreTest::nameAndId))
        .containsExactlyElementsOf(full.getStatus().previousKeys().stream().map(PolicyKeysStoreTest::nameAndId).toList());

    assertThat(kept.getMetadata().getAnnotations()).isEmpty();
    assertThat(kept.getMetadata().getLabels()).isNullOrEmpty();
    assertThat(kept.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(kept.getMetadata().getFinalizers()).isNullOrEmpty();
    assertThat(kept.getMetadata().getCreationTimestamp()).isNull();
    assertThat(kept.getSpec().vault().region()).isNull();
    assertThat(kept.getSpec().key().namePrefix()).isNull();
    assertThat(kept.getSpec().sqlServer()).isNull();
    assertThat(kept.getSpec().ekmCredential()).isNull();
    assertThat(kept.getSpec().backup()).isNull();
    assertThat(kept.getSpec().rotation()).isEqualTo(RotationSpec.defaults());
    assertThat(kept.getStatus().conditions()).isEmpty();
    assertThat(kept.getStatus().rotation()).isNull();
    assertThat(kept.getStatus().vaultFailover()).isNull();
    assertThat(kept.getStatus().lastRotationTime()).isNull();
    assertThat(kept.getStatus().activeKey().thumbprint()).isNull();
    assertThat(kept.getStatus().previousKeys().get(0).retiredTime()).isNull();
    assertThat(full.getStatus().conditions()).as("the informer's own object is left as it came").hasSize(2);
  }

  @ParameterizedTest
  @MethodSource("policies")
  void theSchedulesReadTheSameOfTheKeptCopyAsOfThePolicy(TdeKeyPolicy full) {
    TdeKeyPolicy kept = PolicyKeysStore.whatSchedulesRead(full);

    assertThat(PolicyKeys.fingerprint(kept)).isEqualTo(PolicyKeys.fingerprint(full));
    for (String vault : List.of(VAULT, DR_VAULT, "https://contoso-tde.vault.azure.net:8443")) {
      assertThat(PolicyKeys.in(URI.create(vault), List.of(kept))).isEqualTo(PolicyKeys.in(URI.create(vault), List.of(full)));
    }
    assertThat(new PolicyKeysStore().getKey(kept)).isEqualTo(new PolicyKeysStore().getKey(full));
  }

  @Test
  void theStoreHoldsTheKeptCopy() {
    PolicyKeysStore store = new PolicyKeysStore();
    TdeKeyPolicy full = policy(ROTATED);

    store.put(store.getKey(full), full);

    TdeKeyPolicy cached = store.get("tde-demo/sales-db");
    assertThat(cached.getStatus().conditions()).isEmpty();
    assertThat(PolicyKeys.fingerprint(cached)).isEqualTo(PolicyKeys.fingerprint(full));
  }

  private static String nameAndId(ProtectorKey key) {
    return key.keyName() + "@" + key.keyId();
  }

  static TdeKeyPolicy policy(String status) {
    return Serialization.unmarshal("""
        apiVersion: keyrotation.io/v1alpha1
        kind: TdeKeyPolicy
        metadata:
          name: sales-db
          namespace: tde-demo
          uid: 6b1f0c3e-0000-4000-8000-000000000001
          resourceVersion: "4711"
          generation: 3
          creationTimestamp: "2025-01-01T00:00:00Z"
          labels: {app.kubernetes.io/part-of: sales}
          annotations:
            keyrotation.io/rotate-now: "2026-11-30"
            kubectl.kubernetes.io/last-applied-configuration: '{"apiVersion":"keyrotation.io/v1alpha1","kind":"TdeKeyPolicy"}'
          finalizers: [example.com/keep]
          managedFields:
            - {manager: kubectl, operation: Apply, apiVersion: keyrotation.io/v1alpha1, fieldsType: FieldsV1, fieldsV1: {"f:spec": {}}}
            - {manager: keyrotation-operator, operation: Update, subresource: status, fieldsType: FieldsV1, fieldsV1: {"f:status": {}}}
        spec:
          vault: {url: "https://contoso-tde.vault.azure.net", region: westeurope, subscriptionId: 6f1c3e2a-5b7d-4c9e-8a10-2d3f4b5c6d7e}
          key: {namePrefix: sales-tde, type: RSA, size: 2048, expiresAfter: P2Y, currentKeyName: sales-tde-initial}
          rotation: {interval: P90D, maintenanceWindow: {schedule: "0 1 * * 0", duration: PT4H, timeZone: Europe/Paris}}
          sqlServer:
            providerName: EKM
            instances: [{name: sql-0, host: sql-0.sql.tde-demo.svc, port: 1433, loginSecretRef: {name: sql-operator-login}}]
            databases: {selection: AllEncrypted}
          ekmCredential: {identity: contoso-tde, servicePrincipalSecretRef: {name: ekm-service-principal}}
          azureCredentials: {type: ClientSecret, secretRef: {name: operator-sp}}
          suspend: true
          backup: {scheduleRef: {name: tde-keys-nightly}}
        """ + status, TdeKeyPolicy.class);
  }
}
