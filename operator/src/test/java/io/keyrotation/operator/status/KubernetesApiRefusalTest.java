package io.keyrotation.operator.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.keyrotation.operator.testing.DeployedRbac;
import io.keyrotation.operator.testing.DeployedRbac.Grant;
import io.keyrotation.sandbox.kubernetes.KubernetesStandIn;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The operator's calls refused by the Kubernetes stand-in's RBAC (deploy/'s rules) and token check, as RBAC words them. */
class KubernetesApiRefusalTest {
  final KubernetesStandIn kubernetes = KubernetesStandIn.start();

  @AfterEach
  void stop() {
    kubernetes.close();
  }

  @Test
  void aForbiddenStatusPatchNamesTheVerbTheSubresourceAndTheObject() {
    kubernetes.applyCrds(Path.of("../crds"));
    DeployedRbac.without(new Grant("patch", "keyrotation.io", "tdekeypolicies/status", null))
        .forEach(o -> kubernetes.client().resource(o).create());
    TdeKeyPolicy policy = new TdeKeyPolicy();
    policy.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("sales").withNamespace("tde").build());

    try (KubernetesClient operator = operatorClient()) {
      Throwable refused = catchThrowable(() -> operator.resource(policy).subresource("status")
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{}}"));

      KubernetesApiRefusal refusal = KubernetesApiRefusal.in(new RuntimeException("reconcile failed", refused)).orElseThrow();
      assertThat(refusal.reason()).isEqualTo("KubernetesForbidden");
      assertThat(refusal.verb()).isEqualTo("patch");
      assertThat(refusal.resource()).isEqualTo("tdekeypolicies/status (API group keyrotation.io)");
      assertThat(refusal.message()).contains("HTTP 403").contains("patch on tdekeypolicies/status (API group keyrotation.io) \"sales\" in namespace tde")
          .contains("deploy/rbac.yaml");
    }
  }

  @Test
  void aSecretWriteRefusedNamesTheVerbAndNoValue() {
    DeployedRbac.objects().forEach(o -> kubernetes.client().resource(o).create());
    try (KubernetesClient operator = operatorClient()) {
      Throwable refused = catchThrowable(() -> operator.secrets().inNamespace("tde").resource(new SecretBuilder()
          .withNewMetadata().withName("staging").withNamespace("tde").endMetadata()
          .addToStringData("clientSecret", "s3cr3t-value").build()).delete());

      KubernetesApiRefusal refusal = KubernetesApiRefusal.in(refused).orElseThrow();
      assertThat(refusal.message()).contains("delete on secrets \"staging\" in namespace tde").doesNotContain("s3cr3t");
    }
  }

  @Test
  void aTokenNotAcceptedIsUnauthenticatedAndNamesTheRequest() {
    Config config = kubernetes.serviceAccountConfig("keyrotation-system", "keyrotation-operator");
    config.setOauthToken("not-a-token-the-stand-in-issued");
    try (KubernetesClient operator = new KubernetesClientBuilder().withConfig(config).build()) {
      Throwable refused = catchThrowable(() -> operator.secrets().inNamespace("tde").withName("sql-login").get());

      KubernetesApiRefusal refusal = KubernetesApiRefusal.in(refused).orElseThrow();
      assertThat(refusal.reason()).isEqualTo("KubernetesUnauthenticated");
      assertThat(refusal.message()).contains("HTTP 401").contains("get on secrets \"sql-login\" in namespace tde")
          .doesNotContain("not-a-token");
    }
  }

  @Test
  void otherFailuresAreNoRefusal() {
    assertThat(KubernetesApiRefusal.in(new io.fabric8.kubernetes.client.KubernetesClientException("conflict", 409, null))).isEmpty();
    assertThat(KubernetesApiRefusal.in(new IllegalStateException("x"))).isEmpty();
  }

  private KubernetesClient operatorClient() {
    var account = DeployedRbac.serviceAccount();
    return new KubernetesClientBuilder().withConfig(kubernetes.serviceAccountConfig(account.getMetadata().getNamespace(),
        account.getMetadata().getName())).build();
  }
}
