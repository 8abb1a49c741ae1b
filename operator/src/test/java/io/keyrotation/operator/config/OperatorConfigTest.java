package io.keyrotation.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorConfigTest {
  @Test
  void defaultsFitAPublicCloudDeployment() {
    OperatorConfig config = OperatorConfig.fromEnvironment(Map.of());
    assertThat(config.watchNamespaces()).isEmpty();
    assertThat(config.leaderElection()).isTrue();
    assertThat(config.leaderElectionNamespace()).isEqualTo("keyrotation-system");
    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.azureAuthorityHost()).isEqualTo(URI.create("https://login.microsoftonline.com/"));
    assertThat(config.graphEndpoint()).isEqualTo(URI.create("https://graph.microsoft.com"));
    assertThat(config.extraCaFile()).isNull();
    assertThat(config.disableChallengeResourceVerification()).isFalse();
    assertThat(config.maxReconciliationInterval()).isEqualTo(Duration.ofHours(6));
    assertThat(config.retryMaxDelay()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void readsEveryVariable() {
    OperatorConfig config = OperatorConfig.fromEnvironment(Map.of(
        "KEYROTATION_WATCH_NAMESPACES", " tde-a, tde-b ,",
        "KEYROTATION_LEADER_ELECTION", "FALSE",
        "POD_NAMESPACE", "ops",
        "KEYROTATION_HTTP_PORT", "9090",
        "AZURE_AUTHORITY_HOST", "https://login.microsoftonline.us/",
        "KEYROTATION_GRAPH_ENDPOINT", "https://graph.microsoft.us",
        "KEYROTATION_EXTRA_CA_FILE", "/etc/ca/extra.pem",
        "KEYROTATION_KEYVAULT_DISABLE_CHALLENGE_RESOURCE_VERIFICATION", "true",
        "KEYROTATION_AZURE_DISABLE_INSTANCE_DISCOVERY", "true"));
    assertThat(config.watchNamespaces()).containsExactlyInAnyOrder("tde-a", "tde-b");
    assertThat(config.leaderElection()).isFalse();
    assertThat(config.leaderElectionNamespace()).isEqualTo("ops");
    assertThat(config.httpPort()).isEqualTo(9090);
    assertThat(config.azureAuthorityHost().getHost()).isEqualTo("login.microsoftonline.us");
    assertThat(config.graphEndpoint().getHost()).isEqualTo("graph.microsoft.us");
    assertThat(config.extraCaFile()).isEqualTo(Path.of("/etc/ca/extra.pem"));
    assertThat(config.disableChallengeResourceVerification()).isTrue();
    assertThat(config.disableInstanceDiscovery()).isTrue();
  }

  @Test
  void readsTheSchedulingDurations() {
    OperatorConfig config = OperatorConfig.fromEnvironment(Map.of(
        "KEYROTATION_MAX_RECONCILIATION_INTERVAL", "PT12H",
        "KEYROTATION_RETRY_MAX_DELAY", "PT15M"));
    assertThat(config.maxReconciliationInterval()).isEqualTo(Duration.ofHours(12));
    assertThat(config.retryMaxDelay()).isEqualTo(Duration.ofMinutes(15));
    assertThat(config.retryBackoff().maxDelay()).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void explicitLeaseNamespaceWinsOverPodNamespace() {
    assertThat(OperatorConfig.fromEnvironment(Map.of("POD_NAMESPACE", "ops", "KEYROTATION_LEADER_ELECTION_NAMESPACE", "leases"))
        .leaderElectionNamespace()).isEqualTo("leases");
  }

  @Test
  void namesTheReplicaByItsPodElseByItsHostName() {
    assertThat(OperatorConfig.fromEnvironment(Map.of("POD_NAME", "keyrotation-operator-6f9c8d7b5-x2k9p",
        "HOSTNAME", "node-7")).instanceName()).isEqualTo("keyrotation-operator-6f9c8d7b5-x2k9p");
    assertThat(OperatorConfig.fromEnvironment(Map.of("HOSTNAME", "keyrotation-operator-6f9c8d7b5-q7w2z")).instanceName())
        .isEqualTo("keyrotation-operator-6f9c8d7b5-q7w2z");
    assertThat(OperatorConfig.fromEnvironment(Map.of()).instanceName()).as("outside a container: host name and process id")
        .endsWith("-" + ProcessHandle.current().pid());
    assertThat(OperatorConfig.fromEnvironment(Map.of("POD_NAME", "pod-a")).keyVaultSettings().instanceName()).contains("pod-a");
  }

  @Test
  void refusesAPodNameThatCannotNameAReplicaInAHeaderOrALogin() {
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("POD_NAME", "pod a\r\nX-Injected: 1")))
        .hasMessageContaining("POD_NAME");
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("POD_NAME", "p".repeat(129))))
        .hasMessageContaining("POD_NAME").hasMessageContaining("128");
  }

  @Test
  void refusesBadValuesNamingTheVariable() {
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("KEYROTATION_HTTP_PORT", "eighty")))
        .hasMessageContaining("KEYROTATION_HTTP_PORT").hasMessageContaining("eighty");
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("KEYROTATION_LEADER_ELECTION", "yes")))
        .hasMessageContaining("KEYROTATION_LEADER_ELECTION");
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("AZURE_AUTHORITY_HOST", "http://login.example")))
        .hasMessageContaining("AZURE_AUTHORITY_HOST").hasMessageContaining("https");
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("KEYROTATION_EXTRA_REGIONS", "westeurope=Japan")))
        .hasMessageContaining("KEYROTATION_EXTRA_REGIONS").hasMessageContaining("westeurope is already known in geography Europe");
  }

  @Test
  void addsRegionsNewerThanThisRelease() {
    OperatorConfig config = OperatorConfig.fromEnvironment(Map.of("KEYROTATION_EXTRA_REGIONS", "europenew=Europe,denmarkeast=Denmark"));
    assertThat(config.azureRegions().worldOf("europenew")).contains(io.keyrotation.operator.backup.AzureGeography.Europe.world());
    assertThat(config.azureRegions().worldOf("denmarkeast")).hasValueSatisfying(w -> assertThat(w.name()).isEqualTo("Denmark"));
    assertThat(OperatorConfig.fromEnvironment(Map.of()).azureRegions().extra()).isEmpty();
  }

  @Test
  void refusesDurationsThatAreNotIsoOrTooShort() {
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("KEYROTATION_MAX_RECONCILIATION_INTERVAL", "6h")))
        .hasMessageContaining("KEYROTATION_MAX_RECONCILIATION_INTERVAL").hasMessageContaining("'6h'").hasMessageContaining("ISO-8601");
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("KEYROTATION_MAX_RECONCILIATION_INTERVAL", "PT10S")))
        .hasMessageContaining("KEYROTATION_MAX_RECONCILIATION_INTERVAL").hasMessageContaining("PT1M");
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("KEYROTATION_RETRY_MAX_DELAY", "PT10S")))
        .hasMessageContaining("KEYROTATION_RETRY_MAX_DELAY").hasMessageContaining("PT30S");
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("KEYROTATION_RETRY_MAX_DELAY", "-PT1H")))
        .hasMessageContaining("KEYROTATION_RETRY_MAX_DELAY");
  }
}
