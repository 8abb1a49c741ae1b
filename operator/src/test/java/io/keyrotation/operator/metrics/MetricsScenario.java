package io.keyrotation.operator.metrics;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.keyrotation.operator.HealthServer;
import io.keyrotation.operator.api.backup.VaultBackupSchedule;
import io.keyrotation.operator.api.backup.VaultBackupScheduleStatus;
import io.keyrotation.operator.api.common.ResourceStatus;
import io.keyrotation.operator.api.principal.ServicePrincipalRotation;
import io.keyrotation.operator.api.principal.ServicePrincipalRotationStatus;
import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.keyrotation.operator.api.tde.TdeKeyPolicyStatus;
import io.keyrotation.operator.keyvault.AzureIdentity;
import io.keyrotation.operator.keyvault.KeyVaultGateway;
import io.keyrotation.operator.keyvault.KeyVaultGateways;
import io.keyrotation.operator.keyvault.KeyVaultRetry;
import io.keyrotation.operator.keyvault.KeyVaultSettings;
import io.keyrotation.operator.status.EventRecorder;
import io.keyrotation.operator.status.StatusWriter;
import io.keyrotation.operator.testing.OperatorHarness;
import io.keyrotation.operator.testing.Scrape;
import io.keyrotation.sandbox.aad.AppRegistry;
import io.keyrotation.sandbox.aad.AzureAdStandIn;
import io.keyrotation.sandbox.aad.SandboxTls;
import io.keyrotation.sandbox.keyvault.KeyPermission;
import io.keyrotation.sandbox.keyvault.KeyVaultStandIn;
import io.keyrotation.sandbox.keyvault.SandboxVaults;
import io.keyrotation.sandbox.keyvault.VaultDefinition;
import io.keyrotation.sandbox.keyvault.VaultOperation;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * A demo-like run whose metrics the tests read over /metrics: the operator reconciles the examples,
 * a Key Vault gateway reads and creates keys (one answer throttled and retried), and statuses like
 * the workflows write (a TDE rotation done, a client secret waiting for a SQL Server restart, a
 * backup run with standbys) pass through the operator's status writer.
 */
final class MetricsScenario implements AutoCloseable {
  static final String NS = "tde-demo";
  static final String WORKFLOW_NS = "metrics-scenario";
  static final String TENANT = "7a1b2c3d-0000-4000-8000-0000000000aa";
  static final String APP = "0c0ffee0-0000-4000-8000-0000000000aa";
  static final String KEY = "SalesTdeKey20261201";

  final OperatorHarness harness = OperatorHarness.start();
  final HealthServer server;
  final SandboxTls tls = SandboxTls.generate();
  final AppRegistry apps = new AppRegistry();
  final AzureAdStandIn aad;
  final SandboxVaults vaults;
  final KeyVaultStandIn vault;
  final StatusWriter workflowWriter;
  /** The operator's client secret, as Azure AD generated it. */
  final String secret;

  MetricsScenario() throws IOException {
    server = new HealthServer(0, () -> true, harness.metrics()::scrape, OperatorMetrics.CONTENT_TYPE);
    secret = apps.registerApp(TENANT, APP, "keyrotation-operator", Instant.now().plus(365, ChronoUnit.DAYS)).secretText();
    aad = AzureAdStandIn.start(tls, apps);
    vaults = new SandboxVaults(aad, tls);
    vault = vaults.start(VaultDefinition.of("metrics-kv", "westeurope", "5e6f7a8b-0000-4000-8000-0000000000aa", TENANT));
    vault.grant(APP, KeyPermission.GET, KeyPermission.LIST, KeyPermission.CREATE);
    workflowWriter = new StatusWriter(new EventRecorder(harness.user(), Clock.systemUTC()), harness.metrics().statusListener());
  }

  MetricsScenario run() throws IOException {
    harness.applyExamples();
    keyVaultCalls();
    workflowStatuses();
    await().atMost(Duration.ofSeconds(30)).until(() -> scrape().named(StatusSeries.CONDITION).stream()
        .filter(s -> s.labels().get("namespace").equals(NS)).map(s -> s.labels().get("kind")).distinct().count() == 3);
    return this;
  }

  private void keyVaultCalls() throws IOException {
    Path ca = tls.writeCertificatePem(Files.createTempDirectory("metrics-ca").resolve("ca.pem"));
    KeyVaultSettings settings = KeyVaultSettings.defaults().withAuthorityHost(aad.authorityHost()).withExtraTrustedCaFile(ca)
        .withDisableChallengeResourceVerification(true).withDisableInstanceDiscovery(true)
        .withRetry(new KeyVaultRetry(2, Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(30)));
    KeyVaultGateway gateway = new KeyVaultGateways(settings).gatewayFor(vault.vaultUrl(), AzureIdentity.clientSecret(TENANT, APP, secret));
    vault.createKey(KEY, false, 2048, Map.of());
    gateway.getKey(KEY);
    gateway.getKey("NoSuchKey");
    gateway.listVersions(KEY);
    vault.faults().failNext(VaultOperation.GET_KEY, 1, 429);
    gateway.getKey(KEY);
  }

  /** Statuses as the three workflows write them, through the same writer and listener the operator uses. */
  private void workflowStatuses() throws IOException {
    write(new TdeKeyPolicy(), "rotated", TdeKeyPolicyStatus.class, """
        {"observedGeneration": 3,
         "conditions": [{"type": "Ready", "status": "True", "reason": "Rotated", "message": "ok", "lastTransitionTime": "2026-12-01T02:00:00Z"}],
         "activeKey": {"keyName": "%s", "keyId": "https://metrics-kv.vault.azure.net/keys/%s/0123456789abcdef0123456789abcdef",
                       "thumbprint": "0xA1B2C3D4E5F60718293A4B5C6D7E8F9012345678", "createdTime": "2026-12-01T01:00:00Z"},
         "previousKeys": [{"keyName": "SalesTdeKey20251201", "createdTime": "2025-12-01T01:00:00Z", "retiredTime": "2026-12-01T02:00:00Z"}],
         "lastRotationTime": "2026-12-01T02:00:00Z", "nextRotationTime": "2027-03-01T02:00:00Z"}
        """.formatted(KEY, KEY));
    TdeKeyPolicy rotating = new TdeKeyPolicy();
    write(rotating, "rotating", TdeKeyPolicyStatus.class, """
        {"conditions": [{"type": "Ready", "status": "False", "reason": "Forbidden", "message": "wrap key refused", "lastTransitionTime": "2026-12-01T02:00:00Z"}],
         "rotation": {"targetKeyName": "%s", "step": "RegisterOnInstances", "trigger": "Schedule", "startedTime": "2026-12-01T02:30:00Z", "failedAttempts": 1}}
        """.formatted(KEY));
    write(rotating, "rotating", TdeKeyPolicyStatus.class, """
        {"conditions": [{"type": "Ready", "status": "Unknown", "reason": "Rotating", "message": "re-encrypting", "lastTransitionTime": "2026-12-01T02:40:00Z"}],
         "rotation": {"targetKeyName": "%s", "step": "ReencryptDatabases", "trigger": "Schedule", "startedTime": "2026-12-01T02:30:00Z", "failedAttempts": 0}}
        """.formatted(KEY));
    write(new ServicePrincipalRotation(), "ekm-app", ServicePrincipalRotationStatus.class, """
        {"conditions": [{"type": "Ready", "status": "True", "reason": "AwaitingRestart", "message": "restart sql-0", "lastTransitionTime": "2026-12-01T02:00:00Z"}],
         "currentSecret": {"keyId": "3f2504e0-4f89-41d3-9a0c-0305e82c3301", "hint": "abc", "endDateTime": "2027-06-01T00:00:00Z"},
         "nextRotationTime": "2027-05-01T00:00:00Z",
         "rotation": {"step": "AwaitRestart", "startedTime": "2026-12-01T01:00:00Z", "newKeyId": "3f2504e0-4f89-41d3-9a0c-0305e82c3302",
                      "targets": [{"kind": "SqlServerCredential", "instance": "sql-0", "name": "EkmCredential", "state": "Updated"},
                                  {"kind": "KubernetesSecret", "name": "ekm-service-principal", "state": "Updated"}]}}
        """);
    write(new VaultBackupSchedule(), "nightly", VaultBackupScheduleStatus.class, """
        {"conditions": [{"type": "Ready", "status": "True", "reason": "BackedUp", "message": "ok", "lastTransitionTime": "2026-12-01T02:00:00Z"}],
         "lastScheduleTime": "2026-12-01T01:00:00Z", "lastSuccessfulTime": "2026-12-01T01:05:00Z", "nextScheduleTime": "2026-12-02T01:00:00Z",
         "lastRun": {"scheduledTime": "2026-12-01T01:00:00Z", "result": "PartiallyFailed", "keysBackedUp": 3, "keysUnchanged": 1, "keysFailed": 1},
         "missedSchedules": 0,
         "standbyReadiness": [{"standbyVault": "https://standby.vault.azure.net/", "key": "%s", "restorable": true, "presentInStandby": false}]}
        """.formatted(KEY));
  }

  private <S extends ResourceStatus, R extends CustomResource<?, S>> void write(R resource, String name, Class<S> type, String json)
      throws IOException {
    ObjectMapper mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    resource.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(WORKFLOW_NS).withGeneration(3L).build());
    workflowWriter.write(resource, mapper.readValue(json, type));
  }

  Scrape scrape() {
    return Scrape.parse(get("/metrics"));
  }

  String get(String path) {
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path)).build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(path + " answered " + response.statusCode());
      }
      return response.body();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.close();
    vaults.close();
    aad.close();
    harness.close();
  }
}
