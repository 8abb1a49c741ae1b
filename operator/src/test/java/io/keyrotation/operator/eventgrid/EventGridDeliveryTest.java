package io.keyrotation.operator.eventgrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading deliveries, matching them to resources, and the endpoint's settings. */
class EventGridDeliveryTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void readsABatchOfCloudEventsWithTheVaultHostAndKeyName() {
    Delivery delivery = Delivery.parse("application/cloudevents-batch+json", bytes("""
        [{"specversion": "1.0", "type": "Microsoft.KeyVault.SecretNearExpiry", "source": "/subscriptions/x", "id": "1",
          "data": {"Id": "https://Contoso-TDE.vault.azure.net/secrets/ekm-sp/abc", "VaultName": "contoso-tde",
                   "ObjectType": "Secret", "ObjectName": "ekm-sp", "Version": "abc"}}]"""));

    assertThat(delivery.validationCode()).isEmpty();
    assertThat(delivery.events()).containsExactly(new KeyVaultEvent("Microsoft.KeyVault.SecretNearExpiry",
        KeyVaultEvent.ObjectType.Secret, "contoso-tde.vault.azure.net", "ekm-sp"));
  }

  @Test
  void refusesAnEventWhoseIdIsNotTheNamedObjectsUrl() {
    assertThatThrownBy(() -> Delivery.parse("application/json", bytes("""
        [{"eventType": "Microsoft.KeyVault.KeyExpired", "data": {"Id": "http://contoso.vault.azure.net/keys/k/1",
          "ObjectType": "Key", "ObjectName": "k"}}]"""))).isInstanceOf(RefusedDelivery.class);
    assertThatThrownBy(() -> Delivery.parse("application/json", bytes("""
        [{"eventType": "Microsoft.KeyVault.KeyExpired", "data": {"Id": "https://contoso.vault.azure.net/secrets/k/1",
          "ObjectType": "Key", "ObjectName": "k"}}]"""))).isInstanceOf(RefusedDelivery.class);
  }

  @Test
  void refusesAValidationEventBatchedWithOthersAndAnEmptyBatch() {
    assertThatThrownBy(() -> Delivery.parse("application/json", bytes("[]"))).isInstanceOf(RefusedDelivery.class);
    assertThatThrownBy(() -> Delivery.parse("application/json", bytes("""
        [{"eventType": "Microsoft.EventGrid.SubscriptionValidationEvent", "data": {"validationCode": "abc"}},
         {"eventType": "Microsoft.EventGrid.SubscriptionValidationEvent", "data": {"validationCode": "def"}}]""")))
        .isInstanceOf(RefusedDelivery.class);
  }

  @Test
  void aPolicyRefersToItsActivePreviousAndPrefixedKeysInItsOwnVaultOnly() throws Exception {
    JsonNode policy = JSON.readTree("""
        {"spec": {"vault": {"url": "https://contoso-tde.vault.azure.net/"}, "key": {"namePrefix": "sales-tde"}},
         "status": {"activeKey": {"keyName": "legacy-key"}, "previousKeys": [{"keyName": "older-key"}]}}""");

    assertThat(References.tdeKeyPolicy(policy, key("contoso-tde.vault.azure.net", "SALES-TDE-20261201"))).isTrue();
    assertThat(References.tdeKeyPolicy(policy, key("contoso-tde.vault.azure.net", "legacy-key"))).isTrue();
    assertThat(References.tdeKeyPolicy(policy, key("contoso-tde.vault.azure.net", "older-key"))).isTrue();
    assertThat(References.tdeKeyPolicy(policy, key("contoso-tde.vault.azure.net", "payroll-key"))).isFalse();
    assertThat(References.tdeKeyPolicy(policy, key("fabrikam.vault.azure.net", "sales-tde-20261201"))).isFalse();
    assertThat(References.tdeKeyPolicy(policy, new KeyVaultEvent("Microsoft.KeyVault.SecretExpired",
        KeyVaultEvent.ObjectType.Secret, "contoso-tde.vault.azure.net", "sales-tde-1"))).isFalse();
  }

  @Test
  void aBackupScheduleRefersToTheKeysItSelects() throws Exception {
    JsonNode byName = JSON.readTree("""
        {"spec": {"source": {"vault": {"url": "https://contoso-tde.vault.azure.net"}, "keys": {"names": ["a", "b"]}}}}""");
    JsonNode all = JSON.readTree("""
        {"spec": {"source": {"vault": {"url": "https://contoso-tde.vault.azure.net"}, "keys": {}}}}""");

    assertThat(References.vaultBackupSchedule(byName, key("contoso-tde.vault.azure.net", "B"))).isTrue();
    assertThat(References.vaultBackupSchedule(byName, key("contoso-tde.vault.azure.net", "c"))).isFalse();
    assertThat(References.vaultBackupSchedule(all, key("contoso-tde.vault.azure.net", "anything"))).isTrue();
  }

  @Test
  void isOffByDefaultAndNamesTheMissingVariableWhenHalfConfigured() throws Exception {
    assertThat(EventGridConfig.fromEnvironment(Map.of())).isEmpty();
    assertThatThrownBy(() -> EventGridConfig.fromEnvironment(Map.of(EventGridConfig.PORT, "8443")))
        .hasMessageContaining(EventGridConfig.CERT);
    assertThatThrownBy(() -> EventGridConfig.fromEnvironment(Map.of(EventGridConfig.PORT, "https")))
        .hasMessageContaining(EventGridConfig.PORT);
    Path file = Files.createTempFile("eventgrid", ".pem");
    assertThat(EventGridConfig.fromEnvironment(Map.of(EventGridConfig.PORT, "8443", EventGridConfig.CERT, file.toString(),
        EventGridConfig.KEY, file.toString(), EventGridConfig.SECRET, file.toString()))).map(EventGridConfig::port).contains(8443);
  }

  static KeyVaultEvent key(String host, String name) {
    return new KeyVaultEvent("Microsoft.KeyVault.KeyNearExpiry", KeyVaultEvent.ObjectType.Key, host, name);
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
