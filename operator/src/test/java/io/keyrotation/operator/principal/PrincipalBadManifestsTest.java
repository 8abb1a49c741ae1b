package io.keyrotation.operator.principal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.keyrotation.operator.api.principal.ServicePrincipalRotation;
import io.keyrotation.operator.testing.BadManifests;
import io.keyrotation.sandbox.sqlserver.SqlServerDemo;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad ServicePrincipalRotation manifests, one field wrong each: refused by the schema (422) or reported
 * InvalidSpec with a message naming what to fix, and with zero calls to Graph, the token endpoint, Key
 * Vault or SQL Server (the stand-ins' counters do not move). A Secret or ConfigMap that is missing (or
 * lacks the key) is NotFound, not InvalidSpec, as for the other two kinds: the manifest may be right and
 * the Secret not created yet.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrincipalBadManifestsTest {
  static final String CREDENTIAL_NAMES = "spec.targets.sqlServerCredentials[0].credentialNames";
  SecretRotationWorld world;

  @BeforeAll
  void start() throws Exception {
    world = new SecretRotationWorld(Duration.ofDays(10));
    world.startOperator();
  }

  @AfterAll
  void stop() {
    world.close();
  }

  static Stream<Arguments> badManifests() {
    return Stream.of(
        Arguments.of("tenant-domain", "tenantId", "\"contoso.onmicrosoft.com\"", "spec.tenantId"),
        Arguments.of("client-id-name", "application.clientId", "\"sqlserver-ekm\"", "spec.application.clientId"),
        Arguments.of("client-id-braces", "application.clientId", "\"{e5f6a7b8-0000-4000-8000-000000000002}\"", "spec.application.clientId"),
        Arguments.of("object-id-only", "application", "{\"objectId\":\"e5f6a7b8-0000-4000-8000-0000000000ff\"}", "spec.application.clientId"),
        Arguments.of("rotate-before-words", "rotateBefore", "\"30 days\"", "spec.rotateBefore"),
        Arguments.of("lifetime-negative", "secretLifetime", "\"-P365D\"", "spec.secretLifetime"),
        Arguments.of("lifetime-an-hour", "secretLifetime", "\"PT1H\"", "spec.secretLifetime"),
        Arguments.of("rotate-before-lifetime", "rotateBefore", "\"P400D\"", "shorter than spec.secretLifetime"),
        Arguments.of("grace-past-next-rotation", "gracePeriod", "\"P340D\"", "spec.gracePeriod"),
        Arguments.of("lifetime-centuries", "secretLifetime", "\"P1000Y\"", "spec.secretLifetime"),
        Arguments.of("staging-name-uppercase", "stagingSecretName", "\"Staging_Secret\"", "spec.stagingSecretName"),
        Arguments.of("target-secret-path", "targets.kubernetesSecrets.0.name", "\"../kube-system/token\"", "spec.targets.kubernetesSecrets[0].name"),
        Arguments.of("target-key-space", "targets.kubernetesSecrets.0.key", "\"client secret\"", "spec.targets.kubernetesSecrets[0].key"),
        Arguments.of("target-duplicated", "targets.kubernetesSecrets",
            "[{\"name\":\"ekm-service-principal\",\"key\":\"clientSecret\"},{\"name\":\"ekm-service-principal\",\"key\":\"clientSecret\"}]",
            "Secret name and key pairs"),
        Arguments.of("no-targets", "targets", "{}", "spec.targets"),
        Arguments.of("credential-control-char", "targets.sqlServerCredentials.0.credentialNames",
            "[\"EKM_Cred\\u0000]; DROP CREDENTIAL [x\"]", CREDENTIAL_NAMES),
        Arguments.of("credential-blank-end", "targets.sqlServerCredentials.0.credentialNames", "[\"EKM_Cred \"]",
            CREDENTIAL_NAMES),
        Arguments.of("credential-too-long", "targets.sqlServerCredentials.0.credentialNames", "[\"" + "c".repeat(129) + "\"]",
            CREDENTIAL_NAMES),
        Arguments.of("credential-twice", "targets.sqlServerCredentials.0.credentialNames", "[\"EKM_Cred\",\"EKM_Cred\"]",
            "credential names"),
        Arguments.of("instance-host-hostile", "targets.sqlServerCredentials.0.instance.host", "\"sql-0;DROP\"", "spec.targets.sqlServerCredentials[0].instance.host"),
        Arguments.of("instance-name-upper", "targets.sqlServerCredentials.0.instance.name", "\"SQL-0\"", "spec.targets.sqlServerCredentials[0].instance.name"),
        Arguments.of("instance-port-zero", "targets.sqlServerCredentials.0.instance.port", "0", "spec.targets.sqlServerCredentials[0].instance.port"),
        Arguments.of("instance-twice", "targets.sqlServerCredentials.1.instance.name", "\"sql-0\"", "instance names"),
        Arguments.of("verify-url-path", "verification.vaultUrl", "\"https://contoso-tde.vault.azure.net/keys/tde\"", "spec.verification.vaultUrl"),
        Arguments.of("verify-url-http", "verification.vaultUrl", "\"http://contoso-tde.vault.azure.net\"", "spec.verification.vaultUrl"),
        Arguments.of("verify-key-past-connector-limit", "verification.keyName", "\"tde-protector-key-2026-0001\"",
            "spec.verification.keyName"),
        Arguments.of("verify-key-underscore", "verification.keyName", "\"tde_key\"", "spec.verification.keyName"),
        Arguments.of("target-secret-missing", "targets.kubernetesSecrets.0.name", "\"no-such-secret\"", "no-such-secret"),
        Arguments.of("graph-secret-missing", "graphCredentials.secretRef.name", "\"absent-graph-identity\"",
            "absent-graph-identity"),
        Arguments.of("graph-secret-wrong-key", "graphCredentials.secretRef.clientSecretKey", "\"notThere\"", "notThere"),
        Arguments.of("login-secret-missing", "targets.sqlServerCredentials.0.instance.loginSecretRef.name", "\"absent-login\"",
            "absent-login"),
        Arguments.of("ca-configmap-missing", "targets.sqlServerCredentials.0.instance.tls.caCertificateRef.configMapName",
            "\"absent-ca\"", "absent-ca"));
  }

  @ParameterizedTest(name = "{0}: spec.{1} = {2}")
  @MethodSource("badManifests")
  void refusedOrInvalidSpecWithoutAnyExternalCall(String name, String field, String value, String named) {
    long before = externalCalls();
    ServicePrincipalRotation bad = BadManifests.edited(world.manifest("", SqlServerDemo.TDE_CREDENTIAL), name, field, value);
    Optional<String> schemaRefusal = BadManifests.schemaRefusal(world.user(), bad);
    String reason = name.endsWith("-missing") || name.endsWith("-wrong-key") ? "NotFound" : "InvalidSpec";
    String message = schemaRefusal.orElseGet(() -> refusalMessage(name, reason));
    assertThat(message).as("what %s says", name).contains(named);
    assertThat(externalCalls() - before).as("calls to Graph, Azure AD, Key Vault and SQL Server").isZero();
  }

  private long externalCalls() {
    return world.graph.requests().size() + world.aad.tokensIssued() + world.aad.instanceDiscoveries()
        + world.vault.requests().size() + world.sql.stream().mapToLong(s -> s.instance().faults().requestCount()).sum();
  }

  private String refusalMessage(String name, String reason) {
    Condition ready = await().atMost(Duration.ofSeconds(30)).until(() -> notReady(name), Optional::isPresent).orElseThrow();
    assertThat(ready.getReason()).as("reason of %s (%s)", name, ready.getMessage()).isEqualTo(reason);
    return ready.getMessage();
  }

  private Optional<Condition> notReady(String name) {
    ServicePrincipalRotation current = world.user().resources(ServicePrincipalRotation.class)
        .inNamespace(SecretRotationWorld.NAMESPACE).withName(name).get();
    return current == null || current.getStatus() == null ? Optional.empty() : BadManifests.notReady(current.getStatus().conditions());
  }
}
