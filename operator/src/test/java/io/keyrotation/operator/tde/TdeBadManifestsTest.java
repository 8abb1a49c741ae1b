package io.keyrotation.operator.tde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.keyrotation.operator.api.tde.TdeKeyPolicy;
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
 * Bad TdeKeyPolicy manifests, one field wrong each: refused by the schema (422) or reported as
 * InvalidSpec (a missing Secret or Secret key: NotFound), either way with a message naming what to
 * fix, and with zero calls to Key Vault, SQL Server or Azure AD (the stand-ins' counters do not move).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TdeBadManifestsTest {
  TdeSandbox sandbox;

  @BeforeAll
  void start() {
    sandbox = new TdeSandbox(1);
  }

  @AfterAll
  void stop() {
    sandbox.close();
  }

  static Stream<Arguments> badManifests() {
    return Stream.of(
        Arguments.of("prefix-too-long", "key.namePrefix", "\"sqltde-prefix-longer-than-the-connector\"", "namePrefix"),
        Arguments.of("prefix-underscore", "key.namePrefix", "\"sql_tde\"", "namePrefix"),
        Arguments.of("prefix-hostile", "key.namePrefix", "\"tde]; DROP LOGIN [x]; --\"", "namePrefix"),
        Arguments.of("current-key-underscore", "key.currentKeyName", "\"Key_With_Underscore\"", "currentKeyName"),
        Arguments.of("interval-words", "rotation.interval", "\"every week\"", "interval"),
        Arguments.of("window-bad-cron", "rotation.maintenanceWindow",
            "{\"schedule\":\"61 * * * *\",\"duration\":\"PT2H\"}", "maintenanceWindow"),
        Arguments.of("window-bad-zone", "rotation.maintenanceWindow",
            "{\"schedule\":\"0 2 * * 6\",\"duration\":\"PT2H\",\"timeZone\":\"Mars/Olympus_Mons\"}", "timeZone"),
        Arguments.of("window-bad-duration", "rotation.maintenanceWindow",
            "{\"schedule\":\"0 2 * * 6\",\"duration\":\"two hours\"}", "duration"),
        Arguments.of("region-retired", "vault.region", "\"germanycentral\"", "germanywestcentral"),
        Arguments.of("ekm-secret-missing", "ekmCredential.servicePrincipalSecretRef.name", "\"no-such-secret\"",
            "no-such-secret"),
        Arguments.of("ekm-secret-wrong-key", "ekmCredential.servicePrincipalSecretRef.clientSecretKey",
            "\"notThere\"", "notThere"),
        Arguments.of("login-secret-missing", "sqlServer.instances.0.loginSecretRef.name", "\"absent-login\"",
            "absent-login"),
        Arguments.of("host-hostile", "sqlServer.instances.0.host", "\"sql-0;DROP\"", "host"),
        Arguments.of("login-name-hostile", "sqlServer.objectNames", "{\"login\":\"TDE_Login]; DROP\"}", "login"));
  }

  @ParameterizedTest(name = "{0}: spec.{1} = {2}")
  @MethodSource("badManifests")
  void refusedOrInvalidSpecWithoutAnyExternalCall(String name, String field, String value, String named) {
    long before = externalCalls();
    Optional<String> schemaRefusal = apply(edited(name, field, value));
    // a Secret that is missing (or lacks the key) is reported NotFound: it may yet be created
    String reason = name.contains("-secret-") ? "NotFound" : "InvalidSpec";
    String message = schemaRefusal.orElseGet(() -> refusalMessage(name, reason));
    assertThat(message).as("what %s says", name).contains(named);
    assertThat(externalCalls() - before).as("calls to Key Vault, SQL Server and Azure AD").isZero();
  }

  private long externalCalls() {
    return sandbox.keyVault.primary().requests().size() + sandbox.keyVault.standby().requests().size()
        + sandbox.sql.get(0).instance().faults().requestCount()
        + sandbox.keyVault.aad().tokensIssued() + sandbox.keyVault.aad().instanceDiscoveries();
  }

  private TdeKeyPolicy edited(String name, String field, String json) {
    ObjectNode tree = Serialization.jsonMapper().valueToTree(sandbox.policy(name));
    // a database of its own per case, so that no two stored policies overlap (a refusal of its own)
    ((ObjectNode) tree.get("spec").get("sqlServer")).set("databases",
        Serialization.unmarshal("{\"selection\":\"Listed\",\"names\":[\"" + name + "\"]}", JsonNode.class));
    JsonNode node = tree.get("spec");
    String[] path = field.split("\\.");
    for (int i = 0; i < path.length - 1; i++) {
      node = path[i].matches("\\d+") ? node.get(Integer.parseInt(path[i])) : node.get(path[i]);
    }
    JsonNode replacement = Serialization.unmarshal(json, JsonNode.class);
    ((ObjectNode) node).set(path[path.length - 1], replacement);
    return Serialization.jsonMapper().convertValue(tree, TdeKeyPolicy.class);
  }

  /** The schema's refusal message, or empty when the API server stored the policy. */
  private Optional<String> apply(TdeKeyPolicy policy) {
    try {
      sandbox.apply(policy);
      return Optional.empty();
    } catch (KubernetesClientException e) {
      assertThat(e.getCode()).as("refused by the schema").isEqualTo(422);
      return Optional.of(e.getStatus().getMessage());
    }
  }

  private String refusalMessage(String name, String reason) {
    await().atMost(Duration.ofSeconds(30)).until(() -> ready(name).isPresent());
    Condition ready = ready(name).orElseThrow();
    assertThat(ready.getReason()).as("reason of %s", name).isEqualTo(reason);
    return ready.getMessage();
  }

  private Optional<Condition> ready(String name) {
    TdeKeyPolicy policy = sandbox.get(name);
    if (policy == null || policy.getStatus() == null || policy.getStatus().conditions() == null) {
      return Optional.empty();
    }
    return policy.getStatus().conditions().stream()
        .filter(c -> c.getType().equals("Ready") && c.getStatus().equals("False")).findFirst();
  }
}
