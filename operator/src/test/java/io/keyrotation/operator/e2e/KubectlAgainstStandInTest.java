package io.keyrotation.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyrotation.sandbox.kubernetes.KubernetesStandIn;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user sees with kubectl: applying the CRDs and examples, reading them back, and the schema's refusals. */
class KubectlAgainstStandInTest {
  static KubernetesStandIn kubernetes;
  static Kubectl kubectl;

  @BeforeAll
  static void start() {
    Kubectl.requireInstalled();
    kubernetes = KubernetesStandIn.start();
    kubectl = new Kubectl(kubernetes.writeKubeconfig(Path.of("target", "e2e-kubectl", "kubeconfig").toAbsolutePath()));
    assertThat(kubectl.run("apply", "-f", "../crds/").exitCode()).isZero();
    Kubectl.Result examples = kubectl.run("apply", "-f", "../examples/");
    assertThat(examples.exitCode()).as(examples.output()).isZero();
  }

  @AfterAll
  static void stop() {
    if (kubernetes != null) {
      kubernetes.close();
    }
  }

  @Test
  void getsTheAppliedExamplesWithTheirDefaultsFilledIn() {
    Kubectl.Result yaml = kubectl.run("get", "tdekeypolicy", "sales-db", "-n", "tde-demo", "-o", "yaml");

    assertThat(yaml.exitCode()).isZero();
    assertThat(yaml.output()).contains("namePrefix: sales-tde").contains("namingStrategy: NewName")
        .contains("interval: P365D");
  }

  @Test
  void listsEveryKindWithItsPrinterColumns() {
    Kubectl.Result list = kubectl.run("get", "tdekeypolicies,vaultbackupschedules,serviceprincipalrotations", "-A");

    assertThat(list.exitCode()).as(list.output()).isZero();
    assertThat(list.output()).contains("sales-db", "tde-keys-nightly", "ekm-connector").contains("READY");
  }

  @Test
  void refusesSchemaViolationsAsTheApiServerWordsThem() {
    Kubectl.Result refused = kubectl.run("apply", "-f", "../demo/invalid/tdekeypolicy-refused-by-schema.yaml");

    assertThat(refused.exitCode()).isNotZero();
    // As the API server: an unsupported enum value blocks the CEL rules (prefix and size), and a note says so.
    assertThat(refused.output())
        .contains("The TdeKeyPolicy \"refused-by-schema\" is invalid")
        .contains("spec.key.type: Unsupported value: \"RSB\": supported values: \"RSA\", \"RSA-HSM\"")
        .contains("some validation rules were not checked because the object was invalid")
        .doesNotContain("must be 2048 or 3072");
    assertThat(kubectl.run("get", "tdekeypolicy", "refused-by-schema", "-n", "tde-demo").output())
        .contains("NotFound");
  }

  @Test
  void refusesCelRuleViolationsWithEachRuleInWords(@TempDir Path dir) throws Exception {
    String manifest = Files.readString(Path.of("../demo/invalid/tdekeypolicy-refused-by-schema.yaml"))
        .replace("type: RSB", "type: RSA");
    Path file = Files.writeString(dir.resolve("cel.yaml"), manifest);

    Kubectl.Result refused = kubectl.run("apply", "-f", file.toString());

    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.output())
        .contains("spec.key.namePrefix: Invalid value: \"string\": a key name prefix has 1 to 14 letters")
        .contains("spec.key.size: Invalid value: \"integer\": must be 2048 or 3072");
  }

  @Test
  void refusesAPatchThatBreaksACrossFieldRule() {
    Kubectl.Result patched = kubectl.run("patch", "vaultbackupschedule", "tde-keys-nightly", "-n", "tde-demo",
        "--type=merge", "-p", "{\"spec\":{\"standbyVaults\":[{\"url\":\"https://contoso-tde.vault.azure.net\","
            + "\"region\":\"northeurope\",\"subscriptionId\":\"6f1c3e2a-5b7d-4c9e-8a10-2d3f4b5c6d7e\"}]}}");

    assertThat(patched.exitCode()).isNotZero();
    assertThat(patched.output()).contains("The VaultBackupSchedule \"tde-keys-nightly\" is invalid: spec.standbyVaults:")
        .contains("a standby vault must not be the source vault");
  }

  /**
   * kubectl 1.27+ sends fieldValidation=Strict and gets a refusal; older ones (Debian's package is 1.20) send none,
   * so the API server prunes the field and warns. Either way the user is told, and the typo is never stored.
   */
  @Test
  void unknownFieldIsRefusedUnderStrictValidationOrPrunedWithAWarning(@TempDir Path dir) throws Exception {
    String manifest = Files.readString(Path.of("../examples/serviceprincipalrotation.yaml"))
        .replace("name: ekm-connector", "name: with-typo").replace("rotateBefore:", "rotateBefor:");
    Path file = Files.writeString(dir.resolve("typo.yaml"), manifest);

    Kubectl.Result applied = kubectl.run("apply", "-f", file.toString());

    if (applied.exitCode() != 0) {
      assertThat(applied.output()).contains("strict decoding error: unknown field \"spec.rotateBefor\"");
    } else {
      assertThat(applied.output()).contains("Warning: unknown field \"spec.rotateBefor\"");
      assertThat(kubectl.run("get", "spr", "with-typo", "-n", "tde-demo", "-o", "yaml").output())
          .doesNotContain("rotateBefor:");
    }
  }

  @Test
  void reappliesAndLabels() {
    assertThat(kubectl.run("apply", "-f", "../examples/").output()).contains("unchanged");
    assertThat(kubectl.run("label", "serviceprincipalrotation", "ekm-connector", "-n", "tde-demo", "team=dba")
        .exitCode()).isZero();
    assertThat(kubectl.run("get", "spr", "-n", "tde-demo", "-l", "team=dba", "-o", "name").output())
        .contains("ekm-connector");
  }

  /** Deletes its own copy of the example: the other methods read the examples, in any order. */
  @Test
  void deletes(@TempDir Path dir) throws Exception {
    String manifest = Files.readString(Path.of("../examples/tdekeypolicy.yaml")).replace("name: sales-db", "name: doomed");
    Path file = Files.writeString(dir.resolve("doomed.yaml"), manifest);
    assertThat(kubectl.run("apply", "-f", file.toString()).exitCode()).isZero();

    Kubectl.Result deleted = kubectl.run("delete", "tdekeypolicy", "doomed", "-n", "tde-demo");

    assertThat(deleted.exitCode()).as(deleted.output()).isZero();
    assertThat(kubectl.run("get", "tdekeypolicy", "doomed", "-n", "tde-demo").output()).contains("NotFound");
    assertThat(kubectl.run("get", "tdekeypolicy", "sales-db", "-n", "tde-demo").exitCode()).isZero();
  }
}
