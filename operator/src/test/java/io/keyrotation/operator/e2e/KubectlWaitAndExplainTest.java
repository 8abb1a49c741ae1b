package io.keyrotation.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.keyrotation.sandbox.kubernetes.KubernetesStandIn;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The README's promises about kubectl: {@code wait --for=condition=Ready} on every kind, and {@code explain}. */
class KubectlWaitAndExplainTest {

  @ParameterizedTest
  @CsvSource({"tdekeypolicy,sales-db", "vaultbackupschedule,tde-keys-nightly", "serviceprincipalrotation,ekm-connector"})
  void waitForReadyReturnsOnceTheReadyConditionIsTrue(String kind, String name) {
    Kubectl.requireInstalled();
    try (KubernetesStandIn kubernetes = KubernetesStandIn.start()) {
      Kubectl kubectl = new Kubectl(kubernetes.writeKubeconfig(Path.of("target", "e2e-wait-" + kind, "kubeconfig").toAbsolutePath()));
      assertThat(kubectl.run("apply", "-f", "../crds/").exitCode()).isZero();
      assertThat(kubectl.run("apply", "-f", "../examples/").exitCode()).isZero();

      Kubectl.Result before = kubectl.run("wait", "--for=condition=Ready", kind + "/" + name, "-n", "tde-demo", "--timeout=2s");
      // Ready=True as the status writer reports a finished run (the stand-in checks it against the status schema).
      Kubectl.Result patched = kubectl.run("patch", kind, name, "-n", "tde-demo", "--subresource=status", "--type=merge",
          "-p", "{\"status\":{\"observedGeneration\":1,\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\","
              + "\"reason\":\"Succeeded\",\"message\":\"Done.\",\"observedGeneration\":1,"
              + "\"lastTransitionTime\":\"2026-03-01T02:00:00Z\"}]}}");
      Kubectl.Result after = kubectl.run("wait", "--for=condition=Ready", kind + "/" + name, "-n", "tde-demo", "--timeout=30s");

      assertThat(before.exitCode()).as(before.output()).isNotZero();
      assertThat(before.output()).contains("timed out");
      assertThat(patched.exitCode()).as(patched.output()).isZero();
      assertThat(after.exitCode()).as(after.output()).isZero();
      assertThat(after.output()).contains(name).contains("condition met");
    }
  }

  @Test
  void waitForReadyFalseReturnsWhenTheOperatorRefusesASpec() throws Exception {
    Kubectl.requireInstalled();
    try (KubernetesStandIn kubernetes = KubernetesStandIn.start()) {
      kubernetes.applyCrds(Path.of("../crds"));
      Path dir = Path.of("target", "e2e-wait-operator");
      Path kubeconfig = kubernetes.writeKubeconfig(dir.resolve("kubeconfig").toAbsolutePath());
      Kubectl kubectl = new Kubectl(kubeconfig);
      assertThat(kubectl.run("apply", "-f", "../examples/00-namespace-and-secrets.yaml",
          "-f", "../demo/invalid/vaultbackupschedule-standby-in-other-geography.yaml").exitCode()).isZero();
      try (OperatorProcess operator = OperatorProcess.start(kubeconfig, dir.resolve("operator.log"),
          Map.of("POD_NAMESPACE", "keyrotation-system", "KEYROTATION_LEADER_ELECTION", "false"))) {

        Kubectl.Result waited = kubectl.run("wait", "--for=condition=Ready=False",
            "vaultbackupschedule/standby-in-other-geography", "-n", "tde-demo", "--timeout=50s");

        assertThat(waited.exitCode()).as(waited.output() + operator.log()).isZero();
        assertThat(waited.output()).contains("condition met");
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"tdekeypolicy.spec.key,namePrefix", "vbs.spec.standbyVaults,region", "spr.spec,rotateBefore"})
  void explainShowsTheCrdSchemaFromOpenApiV3(String field, String expected) {
    Kubectl.requireInstalled();
    assumeTrue(clientMinor() >= 27, "kubectl explain reads OpenAPI v3 from 1.27 on; older kubectl reads v2, which"
        + " the stand-in leaves empty (KUBERNETES-STANDIN.md)");
    try (KubernetesStandIn kubernetes = KubernetesStandIn.start()) {
      kubernetes.applyCrds(Path.of("../crds"));
      Path dir = Path.of("target", "e2e-explain").toAbsolutePath();
      Kubectl kubectl = new Kubectl(kubernetes.writeKubeconfig(dir.resolve("kubeconfig")));

      // A fresh discovery cache: the stand-in's port may have served another API before.
      Kubectl.Result explained = kubectl.run("--cache-dir", dir.resolve("cache-" + System.nanoTime()).toString(),
          "explain", field);

      assertThat(explained.exitCode()).as(explained.output()).isZero();
      assertThat(explained.output()).contains("GROUP:      keyrotation.io").contains("VERSION:    v1alpha1")
          .contains(expected).contains("DESCRIPTION:");
    }
  }

  private static int clientMinor() {
    String version = new Kubectl(Path.of("/dev/null")).run("version", "--client").output();
    Matcher m = Pattern.compile("v1\\.(\\d+)\\.").matcher(version);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }
}
