package io.keyrotation.operator.principal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.keyrotation.operator.api.principal.SecretRotationStep;
import io.keyrotation.operator.api.principal.ServicePrincipalRotation;
import io.keyrotation.operator.api.tde.KeyRotationProgress;
import io.keyrotation.operator.api.tde.ProtectorKey;
import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.keyrotation.operator.api.tde.TdeKeyPolicyStatus;
import io.keyrotation.sandbox.sqlserver.SqlServerDemo;
import io.keyrotation.sandbox.sqlserver.SqlServerStandIn;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A TdeKeyPolicy built its credential from the Secret a secret rotation updates: the rotation
 * switches that credential too, though its own spec does not name it, so the databases the TDE key
 * protects stay readable once the old secret is gone.
 */
class TdeCredentialRotationTest {
  static final Duration PATIENCE = Duration.ofSeconds(60);

  SecretRotationWorld world;

  @BeforeEach
  void start() throws Exception {
    world = new SecretRotationWorld(Duration.ofDays(10));
  }

  @AfterEach
  void stop() {
    try {
      world.invariants().assertHold();
    } finally {
      world.close();
    }
  }

  @Test
  void switchesTheCredentialATdeKeyPolicyCreatedAndKeepsItsDatabasesOnline() {
    createTdeKeyPolicyWithCredential(SqlServerDemo.TDE_CREDENTIAL);
    Map<String, LocalDateTime> before = world.credentialsModified(0);
    world.startOperator();
    world.apply("", SqlServerDemo.OPERATOR_CREDENTIAL);

    ServicePrincipalRotation awaiting = await().atMost(PATIENCE).until(world::current,
        r -> SecretRotationEndToEndTest.inStep(r, SecretRotationStep.AwaitRestart));
    assertThat(awaiting.getStatus().rotation().targets())
        .filteredOn(t -> t.kind().name().equals("SqlServerCredential"))
        .extracting(t -> t.instance() + "/" + t.name())
        .contains("sql-0/" + SqlServerDemo.TDE_CREDENTIAL, "sql-1/" + SqlServerDemo.TDE_CREDENTIAL);
    assertThat(world.credentialsModified(0).get(SqlServerDemo.TDE_CREDENTIAL)).as("ALTER CREDENTIAL moved modify_date")
        .isAfter(before.get(SqlServerDemo.TDE_CREDENTIAL));

    world.sql.forEach(s -> s.instance().restart());
    await().atMost(PATIENCE).until(world::current, SecretRotationEndToEndTest::finished);
    assertThat(world.registry.isValidCredential(SecretRotationWorld.TENANT, SecretRotationWorld.EKM_APP, world.firstEkmSecret))
        .as("the old secret was removed").isFalse();
    for (SqlServerStandIn server : world.sql) {
      server.instance().reopenAllDatabases();
      for (String database : SqlServerDemo.DATABASES) {
        assertThat(server.instance().databaseState(database)).as(server.instance().name() + "/" + database).isEqualTo("ONLINE");
      }
    }
  }

  @Test
  void alsoSwitchesTheCredentialOfATdeRotationStillInFlight() throws Exception {
    // The policy's rotation recorded its credential's name, then created it from the Secret (still the old secret).
    createTdeKeyPolicyWithCredential(SqlServerDemo.TDE_CREDENTIAL,
        new KeyRotationProgress.SqlObjects("TDE_KEY_inflight", "TDE_LOGIN_inflight", IN_FLIGHT_CREDENTIAL));
    for (SqlServerStandIn server : world.sql) {
      server.instance().execute(SqlServerDemo.DBA_LOGIN, "CREATE CREDENTIAL [" + IN_FLIGHT_CREDENTIAL + "] WITH IDENTITY = N'"
          + SecretRotationWorld.VAULT + "', SECRET = N'" + SecretRotationWorld.EKM_APP.replace("-", "") + world.firstEkmSecret
          + "' FOR CRYPTOGRAPHIC PROVIDER [" + SqlServerDemo.PROVIDER + "]");
    }
    Map<String, LocalDateTime> before = world.credentialsModified(0);
    world.startOperator();
    world.apply("", SqlServerDemo.OPERATOR_CREDENTIAL);

    ServicePrincipalRotation awaiting = await().atMost(PATIENCE).until(world::current,
        r -> SecretRotationEndToEndTest.inStep(r, SecretRotationStep.AwaitRestart));
    assertThat(awaiting.getStatus().rotation().targets())
        .filteredOn(t -> t.kind().name().equals("SqlServerCredential"))
        .extracting(t -> t.instance() + "/" + t.name())
        .contains("sql-0/" + IN_FLIGHT_CREDENTIAL, "sql-1/" + IN_FLIGHT_CREDENTIAL);
    assertThat(world.credentialsModified(0).get(IN_FLIGHT_CREDENTIAL)).as("ALTER CREDENTIAL moved modify_date")
        .isAfter(before.get(IN_FLIGHT_CREDENTIAL));
  }

  private static final String IN_FLIGHT_CREDENTIAL = "TDE_CRED_inflight";

  private void createTdeKeyPolicyWithCredential(String credentialName) {
    createTdeKeyPolicyWithCredential(credentialName, null);
  }

  /**
   * A policy whose EKM credential comes from the rotated Secret, with the status its TDE rotation
   * recorded; with {@code inFlight}, a rotation to a new key whose SQL objects are named but not yet active.
   */
  private void createTdeKeyPolicyWithCredential(String credentialName, KeyRotationProgress.SqlObjects inFlight) {
    StringBuilder yaml = new StringBuilder("""
        apiVersion: keyrotation.io/v1alpha1
        kind: TdeKeyPolicy
        metadata:
          name: sales-db
          namespace: tde-demo
        spec:
          suspend: true
          vault:
            url: %s
          key:
            namePrefix: tde-key
            currentKeyName: %s
          sqlServer:
            instances:
        """.formatted(world.vault.vaultUrl().toString().replaceAll("/$", ""), SecretRotationWorld.KEY));
    for (SqlServerStandIn server : world.sql) {
      yaml.append("""
                  - name: %s
                    host: %s
                    port: %d
                    tls:
                      hostNameInCertificate: localhost
                      caCertificateRef:
                        configMapName: sql-server-ca
                    loginSecretRef:
                      name: sql-operator-login
            """.formatted(server.instance().name(), server.host(), server.port()));
    }
    yaml.append("""
          ekmCredential:
            identity: %s
            servicePrincipalSecretRef:
              name: ekm-service-principal
        """.formatted(SecretRotationWorld.VAULT));
    TdeKeyPolicy policy = world.user().resource(Serialization.unmarshal(yaml.toString(), TdeKeyPolicy.class)).create();
    ProtectorKey active = new ProtectorKey(SecretRotationWorld.KEY, null, SqlServerDemo.ASYMMETRIC_KEY, SqlServerDemo.TDE_LOGIN,
        credentialName, null, null, null, null, null, null, null);
    Map<String, Object> status = new java.util.HashMap<>(Map.of("activeKey", active, "previousKeys", List.of()));
    if (inFlight != null) {
      status.put("rotation", Map.of("targetKeyName", "inflight", "step", "RegisterOnInstances", "sqlObjects", inFlight));
    }
    policy.setStatus(Serialization.unmarshal(Serialization.asJson(status), TdeKeyPolicyStatus.class));
    world.user().resource(policy).updateStatus();
  }
}
