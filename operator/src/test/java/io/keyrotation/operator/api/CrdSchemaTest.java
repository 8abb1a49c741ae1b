package io.keyrotation.operator.api;

import static io.keyrotation.operator.api.CrdSchemas.at;
import static io.keyrotation.operator.api.CrdSchemas.load;
import static io.keyrotation.operator.api.CrdSchemas.root;
import static io.keyrotation.operator.api.CrdSchemas.rules;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.keyrotation.operator.keyvault.KeyNameGenerator;
import io.keyrotation.operator.status.GatewayException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The committed CRDs say what the API promises: patterns, enums, defaults, limits and CEL rules. */
class CrdSchemaTest {
  static final CustomResourceDefinition TDE = load("tdekeypolicies.keyrotation.io.yaml");
  static final CustomResourceDefinition BACKUP = load("vaultbackupschedules.keyrotation.io.yaml");
  static final CustomResourceDefinition PRINCIPAL = load("serviceprincipalrotations.keyrotation.io.yaml");

  @Test
  void everyKindIsNamespacedWithStatusSubresourceAndReadyColumn() {
    for (CustomResourceDefinition crd : List.of(TDE, BACKUP, PRINCIPAL)) {
      CustomResourceDefinitionVersion version = crd.getSpec().getVersions().get(0);
      assertThat(crd.getSpec().getGroup()).isEqualTo("keyrotation.io");
      assertThat(version.getName()).isEqualTo("v1alpha1");
      assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
      assertThat(version.getSubresources().getStatus()).as("%s status subresource", crd.getMetadata().getName()).isNotNull();
      assertThat(version.getAdditionalPrinterColumns()).extracting(c -> c.getName()).contains("Ready", "Age");
      assertThat(crd.getSpec().getNames().getShortNames()).hasSize(1);
    }
  }

  @Test
  void tdeKeyPolicyRequiresItsFourParts() {
    assertThat(at(TDE, "spec").getRequired()).containsExactlyInAnyOrder("vault", "key", "sqlServer", "ekmCredential");
    assertThat(at(TDE, "spec.sqlServer.instances.[]").getRequired()).containsExactlyInAnyOrder("name", "host", "loginSecretRef");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "sales-tde", "A1234567890123", "prod-2"})
  void keyNamePrefixAcceptsNamesThatLeaveRoomForTheSuffix(String prefix) {
    assertThat(matches(at(TDE, "spec.key.namePrefix"), prefix)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "A12345678901234", "-lead", "trail-", "under_score", "dot.name", "spaced name", "ключ"})
  void keyNamePrefixRefusesNamesTheConnectorCannotUseOrThatLeaveNoRoom(String prefix) {
    assertThat(matches(at(TDE, "spec.key.namePrefix"), prefix)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "9", "sales-tde", "a--b", "A1234567890123"})
  void everyPrefixTheSchemaAcceptsYieldsConnectorNamesUpToTheLastSameDaySequence(String prefix) {
    assertThat(matches(at(TDE, "spec.key.namePrefix"), prefix)).isTrue();
    String last = new KeyNameGenerator(java.time.Clock.systemUTC()).nextFreeName(prefix, name -> !name.endsWith("-99"));
    assertThat(last).endsWith("-99");
    assertThat(KeyNameGenerator.isValidConnectorKeyName(last)).as("%s fits the connector's 26 characters", last).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"prod-", "-x", "x_y"})
  void prefixesTheGeneratorRefusesAreRefusedByTheSchemaFirst(String prefix) {
    assertThat(matches(at(TDE, "spec.key.namePrefix"), prefix)).isFalse();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> KeyNameGenerator.checkPrefix(prefix)).isInstanceOf(GatewayException.class);
  }

  @Test
  void keyNameForNewVersionIsLimitedTo26ConnectorCharacters() {
    JSONSchemaProps name = at(TDE, "spec.key.name");
    assertThat(matches(name, "a".repeat(26))).isTrue();
    assertThat(matches(name, "a".repeat(27))).isFalse();
    assertThat(matches(name, "tde_key")).isFalse();
  }

  @Test
  void keyTypeAndStrategyAreEnumsWithDefaults() {
    assertThat(at(TDE, "spec.key.type").getEnum()).extracting(Object::toString).containsExactly("\"RSA\"", "\"RSA-HSM\"");
    assertThat(at(TDE, "spec.key.type").getDefault().asText()).isEqualTo("RSA");
    assertThat(at(TDE, "spec.key.namingStrategy").getDefault().asText()).isEqualTo("NewName");
    assertThat(at(TDE, "spec.key.size").getDefault().asInt()).isEqualTo(2048);
    assertThat(rules(at(TDE, "spec.key"))).anyMatch(r -> r.contains("2048") && r.contains("3072"))
        .anyMatch(r -> r.contains("NewVersion") && r.contains("has(self.name)"))
        .anyMatch(r -> r.contains("NewName") && r.contains("has(self.namePrefix)"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"P365D", "P1Y", "P2Y6M", "PT4H", "P1DT12H", "P52W"})
  void durationsAcceptIso8601(String duration) {
    assertThat(matches(at(TDE, "spec.rotation.interval"), duration)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"365d", "1 year", "P1.5Y", "T4H", "8760h"})
  void durationsRefuseOtherNotations(String duration) {
    assertThat(matches(at(TDE, "spec.rotation.interval"), duration)).isFalse();
  }

  @Test
  void sqlServerLimitsAndDefaults() {
    JSONSchemaProps instances = at(TDE, "spec.sqlServer.instances");
    assertThat(instances.getMinItems()).isEqualTo(1);
    assertThat(instances.getMaxItems()).isEqualTo(9);
    JSONSchemaProps port = at(TDE, "spec.sqlServer.instances.[].port");
    assertThat(port.getMinimum()).isEqualTo(1.0);
    assertThat(port.getMaximum()).isEqualTo(65535.0);
    assertThat(port.getDefault().asInt()).isEqualTo(1433);
    assertThat(at(TDE, "spec.sqlServer.instances.[].tls.encrypt").getDefault().asText()).isEqualTo("Mandatory");
    assertThat(at(TDE, "spec.sqlServer.instances.[].tls.trustServerCertificate").getDefault().asBoolean()).isFalse();
    assertThat(at(TDE, "spec.sqlServer.providerName").getDefault().asText()).isEqualTo("EKM");
    assertThat(rules(at(TDE, "spec.sqlServer.instances.[].tls"))).anyMatch(r -> r.contains("Strict") && r.contains("trustServerCertificate"));
    assertThat(rules(at(TDE, "spec.sqlServer.databases"))).anyMatch(r -> r.contains("Listed") && r.contains("self.names"));
    assertThat(rules(at(TDE, "spec.sqlServer.objectNames"))).anyMatch(r -> r.contains("{keyName}"));
    assertThat(rules(at(TDE, "spec.azureCredentials"))).hasSize(2);
  }

  @Test
  void backupScheduleAcceptsCronJobSyntaxOnly() {
    JSONSchemaProps schedule = at(BACKUP, "spec.schedule");
    assertThat(matches(schedule, "30 2 * * *")).isTrue();
    assertThat(matches(schedule, "@daily")).isTrue();
    assertThat(matches(schedule, "*/15 * * * 1-5")).isTrue();
    assertThat(matches(schedule, "daily")).isFalse();
    assertThat(matches(schedule, "* * *")).isFalse();
    assertThat(matches(schedule, "@every 1h")).isFalse();
    assertThat(at(BACKUP, "spec").getRequired()).containsExactlyInAnyOrder("schedule", "source", "archive");
    assertThat(at(BACKUP, "spec.concurrencyPolicy").getDefault().asText()).isEqualTo("Forbid");
    assertThat(at(BACKUP, "spec.retention.keepLast").getMinimum()).isEqualTo(1.0);
    assertThat(at(BACKUP, "spec.startingDeadlineSeconds").getMinimum()).isEqualTo(0.0);
    assertThat(rules(at(BACKUP, "spec"))).anyMatch(r -> r.contains("standbyVaults") && r.contains("self.source.vault.url"));
    assertThat(rules(at(BACKUP, "spec.source"))).anyMatch(r -> r.contains("has(self.vault.region)"));
    assertThat(rules(at(BACKUP, "spec.source.keys"))).anyMatch(r -> r.contains("names") && r.contains("namePrefix"));
  }

  @Test
  void servicePrincipalRotationNeedsAnIdentityAndATarget() {
    assertThat(matches(at(PRINCIPAL, "spec.tenantId"), "00000000-1111-2222-3333-444444444444")).isTrue();
    assertThat(matches(at(PRINCIPAL, "spec.tenantId"), "contoso.onmicrosoft.com")).isFalse();
    assertThat(rules(at(PRINCIPAL, "spec.application"))).anyMatch(r -> r.contains("clientId") && r.contains("objectId"));
    assertThat(rules(at(PRINCIPAL, "spec.targets"))).anyMatch(r -> r.contains("sqlServerCredentials") && r.contains("kubernetesSecrets"));
    assertThat(at(PRINCIPAL, "spec.rotateBefore").getDefault().asText()).isEqualTo("P30D");
    assertThat(at(PRINCIPAL, "spec.targets.kubernetesSecrets.[].format").getEnum()).hasSize(2);
  }

  @Test
  void statusHasNoLeafThatCouldHoldASecretValue() {
    List<String> leaves = new ArrayList<>();
    Stream.of(TDE, BACKUP, PRINCIPAL).forEach(crd -> collectLeaves(root(crd).getProperties().get("status"), "status", leaves));
    assertThat(leaves).contains("status.currentSecret.keyId", "status.currentSecret.hint")
        .noneMatch(f -> f.toLowerCase().matches(".*\\.(secret|secrettext|clientsecret|password|value|token)$"));
  }

  @Test
  void everyPatternIsRe2CompatibleSoTheApiServerAcceptsIt() {
    List<String> patterns = new ArrayList<>();
    Stream.of(TDE, BACKUP, PRINCIPAL).forEach(crd -> collectPatterns(root(crd), patterns));
    assertThat(patterns).hasSizeGreaterThan(20);
    assertThat(patterns).noneMatch(p -> p.contains("(?=") || p.contains("(?!") || p.contains("(?<"));
    patterns.forEach(Pattern::compile);
  }

  private static boolean matches(JSONSchemaProps node, String value) {
    return Pattern.compile(node.getPattern()).matcher(value).find();
  }

  private static void collectLeaves(JSONSchemaProps node, String path, List<String> into) {
    if (node == null) {
      return;
    }
    if (node.getProperties() != null && !node.getProperties().isEmpty()) {
      node.getProperties().forEach((name, child) -> collectLeaves(child, path + "." + name, into));
    } else if (node.getItems() != null) {
      collectLeaves(node.getItems().getSchema(), path + "[]", into);
    } else {
      into.add(path);
    }
  }

  private static void collectPatterns(JSONSchemaProps node, List<String> into) {
    if (node == null) {
      return;
    }
    if (node.getPattern() != null) {
      into.add(node.getPattern());
    }
    if (node.getProperties() != null) {
      node.getProperties().values().forEach(child -> collectPatterns(child, into));
    }
    if (node.getItems() != null) {
      collectPatterns(node.getItems().getSchema(), into);
    }
  }
}
