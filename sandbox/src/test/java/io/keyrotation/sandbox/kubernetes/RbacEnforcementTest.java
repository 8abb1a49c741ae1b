package io.keyrotation.sandbox.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.keyrotation.sandbox.kubernetes.rbac.RequestAttributes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RbacEnforcementTest {

  private KubernetesStandIn k8s;
  private KubernetesClient operator;

  @BeforeEach
  void grantConfigMapReadsInOneNamespaceAndLeasesThroughARole() {
    k8s = KubernetesStandIn.start();
    KubernetesClient admin = k8s.client();
    admin.rbac().clusterRoles().resource(new ClusterRoleBuilder().withNewMetadata().withName("reader").endMetadata()
        .withRules(new PolicyRuleBuilder().withApiGroups("").withResources("configmaps").withVerbs("get", "list")
            .build()).build()).create();
    admin.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder().withNewMetadata().withName("reader")
        .endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "reader")
        .withSubjects(new SubjectBuilder().withKind("ServiceAccount").withName("op").withNamespace("ops").build())
        .build()).create();
    admin.rbac().roles().inNamespace("ops").resource(new RoleBuilder().withNewMetadata().withName("leases")
        .endMetadata().withRules(new PolicyRuleBuilder().withApiGroups("").withResources("configmaps")
            .withVerbs("create").build()).build()).create();
    admin.rbac().roleBindings().inNamespace("ops").resource(new RoleBindingBuilder().withNewMetadata()
        .withName("leases").endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "Role", "leases")
        .withSubjects(new SubjectBuilder().withKind("ServiceAccount").withName("op").withNamespace("ops").build())
        .build()).create();
    admin.configMaps().inNamespace("apps").resource(new ConfigMapBuilder().withNewMetadata().withName("c")
        .endMetadata().build()).create();
    operator = new KubernetesClientBuilder().withConfig(k8s.serviceAccountConfig("ops", "op")).build();
  }

  @AfterEach
  void stop() {
    operator.close();
    k8s.close();
  }

  @Test
  void serviceAccountMayDoWhatItsClusterRoleBindingGrantsInEveryNamespace() {
    assertThat(operator.configMaps().inNamespace("apps").withName("c").get()).isNotNull();
    assertThat(operator.configMaps().inAnyNamespace().list().getItems()).hasSize(1);
  }

  @Test
  void refusesAVerbNoRuleGrantsWithForbiddenAndRecordsTheRefusal() {
    assertThatThrownBy(() -> operator.configMaps().inNamespace("apps").withName("c").delete())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(403);
          assertThat(e.getStatus().getMessage()).isEqualTo("configmaps \"c\" is forbidden: User "
              + "\"system:serviceaccount:ops:op\" cannot delete resource \"configmaps\" in API group \"\" in the "
              + "namespace \"apps\"");
        });
    assertThat(k8s.refusals()).extracting(r -> r.request())
        .containsExactly(RequestAttributes.resource("delete", "", "configmaps", null, "apps", "c"));
    assertThat(k8s.client().configMaps().inNamespace("apps").withName("c").get()).as("not deleted").isNotNull();
  }

  @Test
  void roleBindingGrantsOnlyInItsOwnNamespace() {
    operator.configMaps().inNamespace("ops").resource(new ConfigMapBuilder().withNewMetadata().withName("mine")
        .endMetadata().build()).create();
    assertThatThrownBy(() -> operator.configMaps().inNamespace("apps").resource(new ConfigMapBuilder()
        .withNewMetadata().withName("theirs").endMetadata().build()).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
  }

  @Test
  void refusesATokenItDidNotIssueWithUnauthorized() {
    try (KubernetesClient stranger = new KubernetesClientBuilder()
        .withConfig(new ConfigBuilder(k8s.config()).withOauthToken("forged").build()).build()) {
      assertThatThrownBy(() -> stranger.configMaps().inNamespace("apps").list())
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(401));
    }
  }

  @Test
  void selfSubjectReviewsAnswerFromTheSameRules() {
    SelfSubjectRulesReview rules = operator.authorization().v1().selfSubjectRulesReview().create(
        new SelfSubjectRulesReviewBuilder().withNewSpec().withNamespace("ops").endSpec().build());
    assertThat(rules.getStatus().getResourceRules())
        .anySatisfy(r -> assertThat(r.getVerbs()).containsExactly("create"))
        .anySatisfy(r -> assertThat(r.getVerbs()).containsExactly("get", "list"))
        .noneSatisfy(r -> assertThat(r.getVerbs()).contains("*"));
    assertThat(canI("delete", "apps")).isFalse();
    assertThat(canI("list", "apps")).isTrue();
    assertThat(canI("create", "ops")).isTrue();
    assertThat(canI("create", "apps")).isFalse();
  }

  private boolean canI(String verb, String namespace) {
    SelfSubjectAccessReview review = operator.authorization().v1().selfSubjectAccessReview().create(
        new SelfSubjectAccessReviewBuilder().withNewSpec().withNewResourceAttributes().withVerb(verb)
            .withResource("configmaps").withNamespace(namespace).endResourceAttributes().endSpec().build());
    return review.getStatus().getAllowed();
  }
}
