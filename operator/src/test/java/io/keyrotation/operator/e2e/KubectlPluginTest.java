package io.keyrotation.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyrotation.operator.sqlserver.ConnectorErrorCodes;
import io.keyrotation.sandbox.kubernetes.KubernetesStandIn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kubectl-plugin/kubectl-keyrotation against the Kubernetes stand-in, as a user runs it. */
class KubectlPluginTest {
  static final Path PLUGIN = Path.of("../kubectl-plugin/kubectl-keyrotation").toAbsolutePath();
  static KubernetesStandIn kubernetes;
  static Path kubeconfig;
  static Kubectl kubectl;

  @BeforeAll
  static void start() {
    Kubectl.requireInstalled();
    kubernetes = KubernetesStandIn.start();
    kubernetes.applyCrds(Path.of("../crds"));
    kubeconfig = kubernetes.writeKubeconfig(Path.of("target", "e2e-plugin", "kubeconfig").toAbsolutePath());
    kubectl = new Kubectl(kubeconfig);
    assertThat(kubectl.run("apply", "-f", "../examples/").exitCode()).isZero();
    // A rotation stopped by a failure, as the TDE workflow records it (the stand-in checks it against the status schema).
    Kubectl.Result patched = kubectl.run("patch", "tdekeypolicy", "sales-db", "-n", "tde-demo", "--subresource=status",
        "--type=merge", "-p", """
            {"status":{"observedGeneration":1,
             "conditions":[
              {"type":"Ready","status":"True","reason":"Rotated","message":"sales-tde-20250301 protects every database.",
               "observedGeneration":1,"lastTransitionTime":"2025-03-01T02:00:00Z"},
              {"type":"Degraded","status":"True","reason":"Forbidden",
               "message":"CREATE ASYMMETRIC KEY failed on sql-0 (Msg 33049, connector error 3077): the EKM identity lacks key permissions.",
               "observedGeneration":1,"lastTransitionTime":"2026-03-01T02:05:00Z"}],
             "activeKey":{"keyName":"sales-tde-20250301","keyId":"https://contoso-tde.vault.azure.net/keys/sales-tde-20250301/0123456789abcdef0123456789abcdef",
              "thumbprint":"0x3A5F","createdTime":"2025-03-01T01:58:00Z"},
             "previousKeys":[{"keyName":"sales-tde-20240301","thumbprint":"0x11AA","retiredTime":"2025-03-01T02:00:00Z"}],
             "lastRotationTime":"2025-03-01T02:00:00Z","nextRotationTime":"2026-03-01T01:58:00Z",
             "rotation":{"targetKeyName":"sales-tde-20260301","step":"RegisterOnInstances","trigger":"Schedule",
              "startedTime":"2026-03-01T02:00:00Z","failedAttempts":2,"nextAttemptTime":"2026-03-01T02:07:00Z"}}}
            """);
    assertThat(patched.exitCode()).as(patched.output()).isZero();
  }

  @AfterAll
  static void stop() {
    if (kubernetes != null) {
      kubernetes.close();
    }
  }

  @Test
  void statusShowsKeysDueTimeStepInFlightAndTheLastFailureWithAdvice() {
    Kubectl.Result status = plugin("status", "tdekp/sales-db", "-n", "tde-demo");

    assertThat(status.exitCode()).as(status.output()).isZero();
    assertThat(status.output())
        .contains("TdeKeyPolicy tde-demo/sales-db")
        .contains("Active key:   sales-tde-20250301 thumbprint 0x3A5F")
        .contains("Previous key: sales-tde-20240301")
        .contains("kept: backups and log backups taken before 2025-03-01T02:00:00Z need it")
        .contains("Next due:     2026-03-01T01:58:00Z")
        .contains("In flight:    step RegisterOnInstances, new key sales-tde-20260301")
        .contains("Degraded:    True  Forbidden: CREATE ASYMMETRIC KEY failed")
        .contains("Advice:").contains("SQL Server Connector error 3077 (ErrorHttpOperationForbidden)")
        .doesNotContain("<no value>");
  }

  @Test
  void statusOfEveryResourceSaysWhichTheOperatorHasNotReconciledYet() {
    Kubectl.Result status = plugin("status", "-A");

    assertThat(status.exitCode()).as(status.output()).isZero();
    assertThat(status.output()).contains("TdeKeyPolicy tde-demo/sales-db", "VaultBackupSchedule tde-demo/tde-keys-nightly",
        "ServicePrincipalRotation tde-demo/ekm-connector").contains("no status yet").doesNotContain("<no value>");
  }

  @Test
  void rotateAndBackupNowSetTheTriggerAnnotations() {
    Kubectl.Result rotate = plugin("rotate", "sales-db", "-n", "tde-demo");
    Kubectl.Result backup = plugin("backup-now", "vbs/tde-keys-nightly", "-n", "tde-demo");
    Kubectl.Result principal = plugin("rotate", "spr/ekm-connector", "-n", "tde-demo");

    assertThat(rotate.exitCode()).as(rotate.output()).isZero();
    assertThat(backup.exitCode()).as(backup.output()).isZero();
    assertThat(principal.exitCode()).as(principal.output()).isZero();
    assertThat(annotation("tdekeypolicy", "sales-db", "rotate-now")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(annotation("vaultbackupschedule", "tde-keys-nightly", "backup-now")).matches("\\d{4}-.*Z");
    assertThat(annotation("serviceprincipalrotation", "ekm-connector", "rotate-now")).matches("\\d{4}-.*Z");
  }

  @Test
  void refusesABackupTriggerOnAKindThatTakesNoBackupAndChangesNothing() {
    Kubectl.Result refused = plugin("backup-now", "spr/ekm-connector", "-n", "tde-demo");

    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.output()).contains("backup-now does not apply to a serviceprincipalrotation");
    assertThat(annotation("serviceprincipalrotation", "ekm-connector", "backup-now")).isEmpty();
  }

  @Test
  void explainsConnectorAndKeyVaultCodes() {
    assertThat(plugin("explain-error", "2049").output())
        .contains("SQL Server Connector error 2049 (scp_err_KeyNameDoesNotFitThumbprint)").contains("26 characters");
    assertThat(plugin("explain-error", "429").output()).contains("Key Vault HTTP 429 (Throttled)").contains("Retry-After");
    assertThat(plugin("explain-error", "503").output()).contains("Key Vault HTTP 503 (Unavailable)");
    Kubectl.Result unknown = plugin("explain-error", "9999");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.output()).contains("no explanation for code '9999'");
  }

  @Test
  void itsConnectorTableIsTheOperatorsOwn() {
    Map<Integer, String> plugin = plugin("explain-error", "--all").output().lines()
        .filter(l -> l.contains("|connector|"))
        .collect(Collectors.toMap(l -> Integer.parseInt(l.split("\\|")[0]), l -> l.split("\\|", 3)[2]));
    Map<Integer, String> operator = new java.util.HashMap<>();
    for (int code = 0; code <= 9999; code++) {
      ConnectorErrorCodes.explain(code).ifPresent(e -> operator.put(e.code(), e.symbol() + "|" + e.text()));
    }
    assertThat(plugin).isEqualTo(operator);
  }

  @Test
  void kubectlFindsItWhenCopiedOntoThePath(@TempDir Path bin) throws IOException {
    Files.copy(PLUGIN, bin.resolve("kubectl-keyrotation"), StandardCopyOption.COPY_ATTRIBUTES);

    Kubectl.Result viaKubectl = run(List.of("kubectl", "keyrotation", "status", "tdekeypolicy", "-n", "tde-demo",
        "--kubeconfig", kubeconfig.toString()), bin);

    assertThat(viaKubectl.exitCode()).as(viaKubectl.output()).isZero();
    assertThat(viaKubectl.output()).contains("Active key:   sales-tde-20250301");
  }

  private static String annotation(String kind, String name, String key) {
    return kubectl.run("get", kind, name, "-n", "tde-demo", "-o",
        "jsonpath={.metadata.annotations.keyrotation\\.io/" + key + "}").output().trim();
  }

  private static Kubectl.Result plugin(String... args) {
    List<String> command = new ArrayList<>(List.of("bash", PLUGIN.toString()));
    command.addAll(List.of(args));
    return run(command, null);
  }

  private static Kubectl.Result run(List<String> command, Path extraPath) {
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().put("KUBECONFIG", kubeconfig.toString());
      if (extraPath != null) {
        builder.environment().put("PATH", extraPath + ":" + System.getenv("PATH"));
      }
      Process process = builder.start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      return new Kubectl.Result(process.exitValue(), output);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
