package io.keyrotation.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.keyrotation.operator.HealthServer;
import io.keyrotation.operator.api.backup.VaultBackupSchedule;
import io.keyrotation.operator.backup.BackupStandIns;
import io.keyrotation.operator.testing.OperatorHarness;
import io.keyrotation.operator.testing.Scrape;
import io.keyrotation.operator.testing.ShippedAlerts;
import io.keyrotation.sandbox.keyvault.KeyPermission;
import io.keyrotation.sandbox.keyvault.KeyVaultStandIn;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The backup gauges the shipped alerts read, in a real /metrics scrape after real scheduled runs: the
 * operator against Key Vault stand-ins and Azurite, one schedule whose standby receives every key and
 * one whose standby refuses the restores (the operator lacks the restore permission there).
 */
class BackupMetricsThroughARealRunTest {
  private static final String NS = "backup-metrics";
  private static final Duration PATIENCE = Duration.ofSeconds(150);
  private static BackupStandIns standIns;
  private static OperatorHarness harness;
  private static HealthServer server;
  private static Scrape scrape;

  @BeforeAll
  static void runBackups() throws Exception {
    standIns = new BackupStandIns();
    KeyVaultStandIn source = standIns.startVault("kv-weu-metrics", "westeurope");
    KeyVaultStandIn standby = standIns.startVault("kv-neu-metrics", "northeurope");
    KeyVaultStandIn refusing = standIns.startVault("kv-neu-refusing", "northeurope");
    refusing.revoke(BackupStandIns.OPERATOR_APP, KeyPermission.RESTORE);
    source.createKey("tde-sales", false, 2048, Map.of());
    source.createKey("tde-hr", false, 2048, Map.of());
    URI container = standIns.newContainer();
    harness = OperatorHarness.start(Map.of(
        "AZURE_AUTHORITY_HOST", standIns.aad.authorityHost().toString(),
        "KEYROTATION_EXTRA_CA_FILE", standIns.caFile.toString(),
        "KEYROTATION_KEYVAULT_DISABLE_CHALLENGE_RESOURCE_VERIFICATION", "true",
        "KEYROTATION_AZURE_DISABLE_INSTANCE_DISCOVERY", "true"));
    server = new HealthServer(0, () -> true, harness.metrics()::scrape, OperatorMetrics.CONTENT_TYPE);
    harness.user().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
    harness.user().secrets().inNamespace(NS).resource(new SecretBuilder()
        .withNewMetadata().withName("backup-operator").endMetadata()
        .withStringData(Map.of("tenantId", BackupStandIns.TENANT, "clientId", BackupStandIns.OPERATOR_APP,
            "clientSecret", standIns.operatorSecret))
        .build()).create();
    harness.user().resource(schedule("healthy", source, standby, container)).create();
    harness.user().resource(schedule("lacking", source, refusing, container)).create();
    // Scheduled (not manual) runs: lastScheduleTime, which the not-successful alert reads, is a schedule's time.
    for (String name : new String[] {"healthy", "lacking"}) {
      await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> get(name),
          s -> s.getStatus() != null && s.getStatus().lastRun() != null && s.getStatus().lastScheduleTime() != null);
    }
    scrape = Scrape.parse(metrics());
  }

  @AfterAll
  static void stop() {
    try {
      if (server != null) {
        server.close();
      }
      if (harness != null) {
        harness.close();
      }
    } finally {
      standIns.close();
    }
  }

  private static VaultBackupSchedule schedule(String name, KeyVaultStandIn source, KeyVaultStandIn standby, URI container) {
    return Serialization.unmarshal("""
        apiVersion: keyrotation.io/v1alpha1
        kind: VaultBackupSchedule
        metadata: {name: %s, namespace: %s}
        spec:
          schedule: "* * * * *"
          source:
            vault: {url: "%s", region: westeurope, subscriptionId: %s}
            keys: {namePrefix: tde-}
          archive:
            blob: {containerUrl: "%s", prefix: "%s"}
          standbyVaults:
            - {url: "%s", region: northeurope, subscriptionId: %s}
          azureCredentials:
            type: ClientSecret
            secretRef: {name: backup-operator}
        """.formatted(name, NS, source.vaultUrl(), BackupStandIns.SUBSCRIPTION, container, name, standby.vaultUrl(),
        BackupStandIns.SUBSCRIPTION), VaultBackupSchedule.class);
  }

  private static VaultBackupSchedule get(String name) {
    return harness.user().resources(VaultBackupSchedule.class).inNamespace(NS).withName(name).get();
  }

  private static Map<String, String> labels(String name) {
    return Map.of("kind", "VaultBackupSchedule", "namespace", NS, "name", name);
  }

  @Test
  void everyBackupMetricTheShippedAlertsReadIsExportedForAScheduleThatRan() {
    Set<String> backupNames = ShippedAlerts.rules().stream().flatMap(r -> ShippedAlerts.metricNames(r.expr()).stream())
        .filter(n -> n.startsWith("keyrotation_backup_")).collect(Collectors.toSet());
    assertThat(backupNames).contains(StatusSeries.STANDBY_READY, StatusSeries.BACKUP_LAST_SUCCESS,
        StatusSeries.BACKUP_NEXT_SCHEDULE, StatusSeries.BACKUP_LAST_SCHEDULE);
    for (String name : backupNames) {
      assertThat(scrape.value(name, labels("healthy"))).as(name).isPresent();
    }
  }

  @Test
  void standbyReadyIsOneWhenTheStandbyHoldsEveryKeyAndZeroWhenItLacksThem() {
    assertThat(scrape.value(StatusSeries.STANDBY_READY, labels("healthy"))).contains(1.0);
    assertThat(scrape.value(StatusSeries.STANDBY_KEYS_MISSING, labels("healthy"))).contains(0.0);
    assertThat(scrape.value(StatusSeries.STANDBY_READY, labels("lacking"))).contains(0.0);
    assertThat(scrape.value(StatusSeries.STANDBY_KEYS_MISSING, labels("lacking"))).contains(2.0);
  }

  @Test
  void theBackupTimestampsAreTheOnesStatusRecords() {
    var status = get("healthy").getStatus();
    Scrape now = Scrape.parse(metrics());
    // A run a minute later may have moved them: compare a scrape with the status read just before it.
    assertThat(now.value(StatusSeries.BACKUP_LAST_SCHEDULE, labels("healthy")))
        .hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(seconds(status.lastScheduleTime())));
    assertThat(now.value(StatusSeries.BACKUP_LAST_SUCCESS, labels("healthy")))
        .hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(seconds(status.lastSuccessfulTime())));
    assertThat(now.value(StatusSeries.BACKUP_NEXT_SCHEDULE, labels("healthy")))
        .hasValueSatisfying(v -> assertThat(v).isGreaterThan(now.value(StatusSeries.BACKUP_LAST_SCHEDULE, labels("healthy")).orElseThrow()));
    assertThat(scrape.value(StatusSeries.BACKUP_LAST_RUN_KEYS, Map.of("kind", "VaultBackupSchedule", "namespace", NS,
        "name", "lacking", "result", "failed"))).contains(2.0);
    assertThat(scrape.value(StatusSeries.BACKUP_LAST_SUCCESS, labels("lacking"))).as("never successful").isEmpty();
  }

  private static double seconds(String instant) {
    return Instant.parse(instant).getEpochSecond();
  }

  private static String metrics() {
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://localhost:" + server.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      return response.body();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
