package io.keyrotation.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.keyrotation.operator.testing.RenderedDeploy;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeployManifestsTest {
  static final List<HasMetadata> RENDERED = RenderedDeploy.render();

  @Test
  void rendersEverythingTheOperatorNeedsIntoItsNamespace() {
    assertThat(RENDERED).extracting(HasMetadata::getKind).containsExactlyInAnyOrder(
        "Namespace", "CustomResourceDefinition", "CustomResourceDefinition", "CustomResourceDefinition",
        "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "Deployment", "Service",
        "PodDisruptionBudget");
    assertThat(RENDERED).filteredOn(o -> !o.getKind().startsWith("Cluster") && !o.getKind().equals("Namespace")
            && !o.getKind().equals("CustomResourceDefinition"))
        .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo("keyrotation-system"));
  }

  @Test
  void runsTwoReplicasOnDifferentNodesOfWhichADrainEvictsOneAtATime() {
    Deployment deployment = (Deployment) RENDERED.stream().filter(o -> o instanceof Deployment).findFirst().orElseThrow();
    PodDisruptionBudget budget = (PodDisruptionBudget) RENDERED.stream()
        .filter(o -> o instanceof PodDisruptionBudget).findFirst().orElseThrow();
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(budget.getSpec().getSelector().getMatchLabels())
        .isEqualTo(deployment.getSpec().getTemplate().getMetadata().getLabels());
    var spread = deployment.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity()
        .getPreferredDuringSchedulingIgnoredDuringExecution().get(0).getPodAffinityTerm();
    assertThat(spread.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
    assertThat(spread.getLabelSelector().getMatchLabels()).isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
  }

  @Test
  void operatorRunsHardened() {
    Deployment deployment = (Deployment) RENDERED.stream().filter(o -> o instanceof Deployment).findFirst().orElseThrow();
    var pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getServiceAccountName()).isEqualTo("keyrotation-operator");
    Container container = pod.getContainers().get(0);
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(container.getResources().getLimits()).containsKey("memory");
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(container.getEnv()).anySatisfy(e -> {
      assertThat(e.getName()).isEqualTo("POD_NAMESPACE");
      assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.namespace");
    });
    // the replica's name: its Lease identity, SQL Server's host_name() and its Azure User-Agent
    assertThat(container.getEnv()).anySatisfy(e -> {
      assertThat(e.getName()).isEqualTo("POD_NAME");
      assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
    });
  }
}
