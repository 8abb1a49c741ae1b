package io.keyrotation.operator.keyvault;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyrotation.sandbox.aad.AzureAdStandIn.TokenRequest;
import io.keyrotation.sandbox.keyvault.KeyVaultStandIn;
import io.keyrotation.sandbox.keyvault.RecordedRequest;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two replicas signed in as one application are told apart at the Key Vault and Azure AD stand-ins by their
 * User-Agent, as Key Vault's logs tell them apart: each request names the replica that sent it, in front of the SDK's
 * own product tokens.
 */
class ReplicaUserAgentTest {
  static final String POD_A = "keyrotation-operator-6f9c8d7b5-x2k9p";
  static final String POD_B = "keyrotation-operator-6f9c8d7b5-q7w2z";
  static StandInFixture sandbox;
  static KeyVaultStandIn vault;

  @BeforeAll
  static void start() {
    sandbox = new StandInFixture();
    vault = sandbox.startVault("kv-replicas-weu", "westeurope");
    vault.createKey("tde-replicas", false, 2048, Map.of());
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @Test
  void everyVaultAndTokenRequestNamesTheReplicaThatSentIt() {
    for (String pod : new String[] {POD_A, POD_B}) {
      vault.clearRequests();
      sandbox.aad.clearTokenRequests();
      KeyVaultGateways replica = new KeyVaultGateways(sandbox.settings().withInstanceName(pod));

      assertThat(replica.gatewayFor(vault.vaultUrl(), sandbox.operator()).getKey("tde-replicas")).isPresent();

      String expected = "keyrotation-operator (instance " + pod + ") ";
      assertThat(vault.requests()).isNotEmpty().extracting(RecordedRequest::userAgent)
          .allSatisfy(agent -> assertThat(agent).startsWith(expected).contains("azsdk-java-azure-security-keyvault-keys"));
      assertThat(sandbox.aad.tokenRequests()).isNotEmpty().extracting(TokenRequest::userAgent)
          .allSatisfy(agent -> assertThat(agent).startsWith(expected));
    }
  }

  @Test
  void withoutAReplicaNameTheRequestsStillNameTheOperator() {
    vault.clearRequests();
    KeyVaultGateways unnamed = new KeyVaultGateways(sandbox.settings());

    assertThat(unnamed.gatewayFor(vault.vaultUrl(), sandbox.operator()).getKey("tde-replicas")).isPresent();

    assertThat(vault.requests()).isNotEmpty().extracting(RecordedRequest::userAgent)
        .allSatisfy(agent -> assertThat(agent).startsWith("keyrotation-operator azsdk-java-"));
  }
}
