package io.keyrotation.operator.keyvault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import io.keyrotation.sandbox.keyvault.KeyPermission;
import io.keyrotation.sandbox.keyvault.KeyVaultStandIn;
import io.keyrotation.sandbox.keyvault.VaultOperation;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each way a Key Vault call fails, classified with a message that says what to check and no secret. */
class KeyVaultGatewayErrorsTest {
  static StandInFixture sandbox;
  static KeyVaultStandIn vault;
  static KeyVaultGateways gateways;
  static final List<String> messages = new ArrayList<>();

  @BeforeAll
  static void start() {
    sandbox = new StandInFixture();
    vault = sandbox.startVault("tde-errors-weu", "westeurope");
    vault.createKey("existing", false, 2048, Map.of());
    gateways = new KeyVaultGateways(sandbox.settings());
  }

  @AfterEach
  void clearFaults() {
    vault.faults().clear();
  }

  @AfterAll
  static void stop() {
    sandbox.close();
    assertThat(messages).isNotEmpty().allSatisfy(message -> assertThat(message)
        .doesNotContain(sandbox.operatorSecret, sandbox.readerSecret, sandbox.expiredSecret,
            sandbox.foreignSecret, "wrong-secret-value-1234", "eyJ"));
  }

  static KeyVaultGateway as(String tenant, String clientId, String secret) {
    return gateways.gatewayFor(vault.vaultUrl(), AzureIdentity.clientSecret(tenant, clientId, secret));
  }

  static KeyVaultGateway operator() {
    return gateways.gatewayFor(vault.vaultUrl(), sandbox.operator());
  }

  static GatewayException failure(ThrowingCallable call, FailureReason reason) {
    GatewayException[] caught = new GatewayException[1];
    assertThatThrownBy(call).isInstanceOfSatisfying(GatewayException.class, e -> {
      assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
      caught[0] = e;
    });
    messages.add(caught[0].getMessage());
    return caught[0];
  }

  @Test
  void classifiesAWrongClientSecretAsUnauthenticated() {
    GatewayException e = failure(() -> as(StandInFixture.TENANT, StandInFixture.OPERATOR_APP, "wrong-secret-value-1234").getKey("existing"),
        FailureReason.Unauthenticated);

    assertThat(e.getMessage()).contains("failed: AADSTS7000215").contains("client secret").contains(StandInFixture.OPERATOR_APP)
        .contains("replicated");
    assertThat(e.retryable()).isFalse();
  }

  @Test
  void classifiesAnExpiredClientSecretAsUnauthenticated() {
    GatewayException e = failure(() -> as(StandInFixture.TENANT, StandInFixture.EXPIRED_APP, sandbox.expiredSecret).getKey("existing"),
        FailureReason.Unauthenticated);

    assertThat(e.getMessage()).contains("AADSTS7000222").contains("expired");
  }

  @Test
  void classifiesAnIdentityFromAnotherTenantAsUnauthenticated() {
    GatewayException e = failure(() -> as(StandInFixture.OTHER_TENANT, StandInFixture.FOREIGN_APP, sandbox.foreignSecret).getKey("existing"),
        FailureReason.Unauthenticated);

    assertThat(e.getMessage()).contains("tenant");
  }

  @Test
  void classifiesATokenTheVaultRejectsAsUnauthenticated() {
    vault.faults().forceStatus(401);

    GatewayException e = failure(() -> operator().getKey("existing"), FailureReason.Unauthenticated);

    assertThat(e.getMessage()).contains("HTTP 401").contains("https://vault.azure.net");
  }

  @Test
  void namesTheMissingPermissionWhenForbidden() {
    GatewayException e = failure(() -> as(StandInFixture.TENANT, StandInFixture.READER_APP, sandbox.readerSecret)
        .backupKey("existing"), FailureReason.Forbidden);

    assertThat(e.getMessage()).contains("HTTP 403").contains("'backup'").contains("Microsoft.KeyVault/vaults/keys/backup/action")
        .contains(StandInFixture.READER_APP).doesNotContain("firewall");
    assertThat(e.retryable()).isFalse();
  }

  @Test
  void pointsAtTheFirewallWhenTheVaultBlocksTheCallersAddress() {
    vault.faults().failNext(VaultOperation.GET_KEY, 1, 403);

    GatewayException e = failure(() -> operator().getKey("existing"), FailureReason.Forbidden);

    assertThat(e.getMessage()).contains("Client address is not authorized").contains("firewall").doesNotContain("access policy");
  }

  @Test
  void classifiesAMissingKeyAsNotFound() {
    GatewayException e = failure(() -> operator().backupKey("no-such-key"), FailureReason.NotFound);

    assertThat(e.getMessage()).contains("HTTP 404").contains("no-such-key");
  }

  @Test
  void classifiesAConflictFromTheVault() {
    vault.createKey("soft-deleted-name", false, 2048, Map.of());
    vault.softDelete("soft-deleted-name");

    GatewayException e = failure(() -> operator().createKey(NewKey.rsa("soft-deleted-name", KeyProtection.SOFTWARE, 2048)),
        FailureReason.Conflict);

    assertThat(e.getMessage()).contains("HTTP 409").contains("deleted but recoverable");
  }

  @Test
  void classifiesThrottlingThatOutlastsTheRetriesAsRetryable() {
    vault.faults().forceStatus(429);

    GatewayException e = failure(() -> operator().getKey("existing"), FailureReason.Throttled);

    assertThat(e.getMessage()).contains("HTTP 429").contains("Retry-After 1");
    assertThat(e.retryable()).isTrue();
  }

  @Test
  void classifiesServerErrorsAsUnavailable() {
    vault.faults().forceStatus(503);

    GatewayException e = failure(() -> operator().getKey("existing"), FailureReason.Unavailable);

    assertThat(e.getMessage()).contains("HTTP 503");
    assertThat(e.retryable()).isTrue();
  }

  @Test
  void classifiesAnUnreachableVaultAsUnavailable() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    KeyVaultGateway nobodyListens = gateways.gatewayFor(URI.create("https://localhost:" + closedPort + "/"), sandbox.operator());

    GatewayException e = failure(() -> nobodyListens.getKey("existing"), FailureReason.Unavailable);

    assertThat(e.getMessage()).contains("could not be reached").contains("Connection refused");
    assertThat(e.retryable()).isTrue();
  }

  @Test
  void givesUpOnAVaultThatStopsAnsweringAsUnavailable() {
    KeyVaultGateway impatient = new KeyVaultGateways(sandbox.settings().withRetry(KeyVaultRetry.none().withAttemptTimeout(Duration.ofMillis(500))))
        .gatewayFor(vault.vaultUrl(), sandbox.operator());
    impatient.getKey("existing");
    vault.faults().latency(Duration.ofSeconds(3));

    GatewayException e = failure(() -> impatient.getKey("existing"), FailureReason.Unavailable);

    assertThat(e.getMessage()).contains("did not answer");
    assertThat(e.retryable()).isTrue();
  }

  @Test
  void classifiesAVaultWhoseNameDoesNotResolveAsNotFound() {
    KeyVaultGateway deletedVault = gateways.gatewayFor(URI.create("https://deleted-vault.invalid/"), sandbox.operator());

    GatewayException e = failure(() -> deletedVault.getKey("existing"), FailureReason.NotFound);

    assertThat(e.getMessage()).contains("does not resolve").contains("3900");
  }

  @Test
  void classifiesAFailingDefaultCredentialAsUnauthenticatedDespiteTheSdksNullPointerException() {
    KeyVaultGateway noIdentity = gateways.gatewayFor(vault.vaultUrl(), AzureIdentity.defaultChain());

    GatewayException e = failure(() -> noIdentity.getKey("existing"), FailureReason.Unauthenticated);

    assertThat(e.getMessage()).contains("default Azure credential");
  }

  @Test
  void refusesAnInvalidKeyNameBeforeAnyCall() {
    vault.clearRequests();

    GatewayException e = failure(() -> operator().createKey(NewKey.rsa("not_valid!", KeyProtection.SOFTWARE, 2048)),
        FailureReason.InvalidRequest);

    assertThat(e.getMessage()).contains("not_valid!");
    assertThat(vault.requests()).isEmpty();
  }

  @Test
  void refusesAVaultUrlWithAPathAsInvalidSpec() {
    failure(() -> gateways.gatewayFor(URI.create("https://contoso.vault.azure.net/keys/x"), sandbox.operator()),
        FailureReason.InvalidSpec);
  }

  @Test
  void keepsTheOperatorsPermissionsIndependentOfOtherIdentities() {
    assertThat(vault.permits(StandInFixture.READER_APP, KeyPermission.BACKUP)).isFalse();
    assertThat(operator().backupKey("existing").blob()).isNotEmpty();
  }
}
