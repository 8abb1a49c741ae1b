package io.keyrotation.operator.keyvault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import io.keyrotation.sandbox.keyvault.KeyVaultStandIn;
import io.keyrotation.sandbox.keyvault.KeyView;
import io.keyrotation.sandbox.keyvault.RecordedRequest;
import io.keyrotation.sandbox.keyvault.VaultOperation;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Creating a key never adds a version by accident: the create is sent once (no SDK retry), and
 * after a failure that leaves it unclear whether the vault did the work, the gateway looks at the
 * key's versions and adopts the one this attempt created.
 */
class KeyVaultCreateOnceTest {
  static StandInFixture sandbox;
  static KeyVaultStandIn vault;
  static KeyVaultGateway gateway;

  @BeforeAll
  static void start() {
    sandbox = new StandInFixture();
    vault = sandbox.startVault("tde-create-once", "westeurope");
    // Retries on, as in production, and a short attempt timeout so that a late answer times out.
    KeyVaultRetry retries = new KeyVaultRetry(3, Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(30),
        Duration.ofSeconds(2));
    gateway = new KeyVaultGateways(sandbox.settings().withRetry(retries)).gatewayFor(vault.vaultUrl(), sandbox.operator());
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @BeforeEach
  void reset() {
    vault.faults().clear();
    vault.clearRequests();
  }

  @Test
  void adoptsTheKeyWhenTheVaultAnswers503AfterCreatingIt() {
    vault.faults().answer503AfterServing(VaultOperation.CREATE_KEY);

    VaultKey created = gateway.createKey(NewKey.rsa("created-then-503", KeyProtection.SOFTWARE, 2048));

    assertOneVersionReturned("created-then-503", created);
  }

  @Test
  void adoptsTheKeyWhenTheConnectionDropsAfterCreatingIt() {
    vault.faults().dropConnectionAfterServing(VaultOperation.CREATE_KEY);

    VaultKey created = gateway.createKey(NewKey.rsa("created-then-dropped", KeyProtection.SOFTWARE, 2048));

    assertOneVersionReturned("created-then-dropped", created);
  }

  @Test
  void adoptsTheKeyWhenTheAnswerComesAfterTheTimeout() {
    vault.faults().answerLateAfterServing(VaultOperation.CREATE_KEY, Duration.ofSeconds(4));

    VaultKey created = gateway.createKey(NewKey.rsa("created-then-timeout", KeyProtection.SOFTWARE, 2048));

    assertOneVersionReturned("created-then-timeout", created);
  }

  @Test
  void adoptsTheNewVersionWhenAddingAVersionFailsAfterTheVaultAddedIt() {
    vault.createKey("versioned-then-503", false, 2048, java.util.Map.of());
    vault.faults().answer503AfterServing(VaultOperation.CREATE_KEY);

    VaultKey added = gateway.addKeyVersion(NewKey.rsa("versioned-then-503", KeyProtection.SOFTWARE, 2048));

    List<KeyView> versions = vault.versionsOf("versioned-then-503");
    assertThat(versions).hasSize(2);
    assertThat(added.version()).isEqualTo(versions.get(1).version());
    assertThat(authenticatedCreates()).hasSize(1);
  }

  @Test
  void saysCreatingAgainIsSafeWhenTheVaultRefusedBeforeCreating() {
    vault.faults().failNext(VaultOperation.CREATE_KEY, 1, 503);

    assertThatThrownBy(() -> gateway.createKey(NewKey.rsa("refused-with-503", KeyProtection.SOFTWARE, 2048)))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.reason()).isEqualTo(FailureReason.Unavailable);
          assertThat(e.getMessage()).contains("creating again is safe");
        });
    assertThat(vault.findKey("refused-with-503")).isEmpty();
    assertThat(authenticatedCreates()).as("the create is not retried").hasSize(1);
  }

  @Test
  void reRunOfTheSameAttemptAdoptsTheKeyItCreatedBefore() {
    NewKey key = NewKey.rsa("same-attempt", KeyProtection.SOFTWARE, 2048).withAttemptId("attempt-42");
    VaultKey first = gateway.createKey(key);

    VaultKey again = gateway.createKey(key);

    assertThat(again.version()).isEqualTo(first.version());
    assertThat(vault.versionsOf("same-attempt")).hasSize(1);
  }

  private static void assertOneVersionReturned(String name, VaultKey returned) {
    List<KeyView> versions = vault.versionsOf(name);
    assertThat(versions).as("versions of %s", name).hasSize(1);
    assertThat(returned.version()).isEqualTo(versions.get(0).version());
    assertThat(returned.info().tags()).containsKey(NewKey.ATTEMPT_TAG);
    assertThat(authenticatedCreates()).as("the create is sent once").hasSize(1);
  }

  private static List<RecordedRequest> authenticatedCreates() {
    return vault.requests().stream().filter(r -> r.operation() == VaultOperation.CREATE_KEY && r.clientId() != null).toList();
  }
}
