package io.keyrotation.operator.api;

import static io.keyrotation.operator.api.CrdSchemas.at;
import static io.keyrotation.operator.api.CrdSchemas.load;
import static io.keyrotation.operator.api.CrdSchemas.root;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The committed CRDs' structure: kinds, required fields, enums, defaults and limits, and that the API server can
 * take their patterns and rules. What the patterns and CEL rules accept or refuse is tested by applying manifests
 * to the Kubernetes stand-in ({@code SchemaRefusalsThroughStandInTest}, {@code SchemaAcceptsWhatGatewaysAcceptTest}).
 */
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

  @Test
  void keyTypeAndStrategyAreEnumsWithDefaults() {
    assertThat(at(TDE, "spec.key.type").getEnum()).extracting(Object::toString).containsExactly("\"RSA\"", "\"RSA-HSM\"");
    assertThat(at(TDE, "spec.key.type").getDefault().asText()).isEqualTo("RSA");
    assertThat(at(TDE, "spec.key.namingStrategy").getDefault().asText()).isEqualTo("NewName");
    assertThat(at(TDE, "spec.key.size").getDefault().asInt()).isEqualTo(2048);
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
  }

  @Test
  void backupScheduleRequiresItsPartsWithDefaultsAndLimits() {
    assertThat(at(BACKUP, "spec").getRequired()).containsExactlyInAnyOrder("schedule", "source", "archive");
    assertThat(at(BACKUP, "spec.concurrencyPolicy").getDefault().asText()).isEqualTo("Forbid");
    assertThat(at(BACKUP, "spec.retention.keepLast").getMinimum()).isEqualTo(1.0);
    assertThat(at(BACKUP, "spec.startingDeadlineSeconds").getMinimum()).isEqualTo(0.0);
  }

  @Test
  void servicePrincipalRotationDefaults() {
    assertThat(at(PRINCIPAL, "spec").getRequired()).containsExactlyInAnyOrder("tenantId", "application", "targets");
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

  /** Patterns and the regular expressions inside CEL rules: Go's RE2 has no look-around. */
  @Test
  void everyPatternIsRe2CompatibleSoTheApiServerAcceptsIt() {
    List<String> patterns = new ArrayList<>();
    Stream.of(TDE, BACKUP, PRINCIPAL).forEach(crd -> collectPatterns(root(crd), patterns));
    assertThat(patterns).hasSizeGreaterThan(20);
    assertThat(patterns).noneMatch(p -> p.contains("(?=") || p.contains("(?!") || p.contains("(?<"));
    patterns.forEach(Pattern::compile);
  }

  /** The API server estimates each rule's cost from the lengths of the strings it reads; unbounded ones are refused. */
  @Test
  void everyStringWithACelRuleHasAMaximumLength() {
    List<String> unbounded = new ArrayList<>();
    Stream.of(TDE, BACKUP, PRINCIPAL).forEach(crd -> collectUnboundedRuleStrings(root(crd), "", unbounded));
    assertThat(unbounded).isEmpty();
  }

  private static void collectUnboundedRuleStrings(JSONSchemaProps node, String path, List<String> into) {
    if (node == null) {
      return;
    }
    boolean hasRules = node.getXKubernetesValidations() != null && !node.getXKubernetesValidations().isEmpty();
    if (hasRules && "string".equals(node.getType()) && node.getMaxLength() == null) {
      into.add(path);
    }
    if (hasRules && "array".equals(node.getType()) && "string".equals(node.getItems().getSchema().getType())
        && (node.getMaxItems() == null || node.getItems().getSchema().getMaxLength() == null)) {
      into.add(path + "[]");
    }
    if (node.getProperties() != null) {
      node.getProperties().forEach((name, child) -> collectUnboundedRuleStrings(child, path + "." + name, into));
    }
    if (node.getItems() != null) {
      collectUnboundedRuleStrings(node.getItems().getSchema(), path + "[]", into);
    }
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
    if (node.getXKubernetesValidations() != null) {
      node.getXKubernetesValidations().forEach(rule -> {
        java.util.regex.Matcher regex = Pattern.compile("matches\\(r'([^']*)'\\)").matcher(rule.getRule());
        while (regex.find()) {
          into.add(regex.group(1));
        }
      });
    }
    if (node.getProperties() != null) {
      node.getProperties().values().forEach(child -> collectPatterns(child, into));
    }
    if (node.getItems() != null) {
      collectPatterns(node.getItems().getSchema(), into);
    }
  }
}
