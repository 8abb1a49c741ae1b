package io.keyrotation.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.keyrotation.operator.config.OperatorConfig;
import io.keyrotation.operator.testing.RenderedDeploy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** deploy/helm/keyrotation-operator, linted and rendered by Helm itself (embedded through helm-java). */
class HelmChartTest {
  private static final String POD = "keyrotation-operator-6f9c8d7b5-x2k9p";
  static final Path CHART = Path.of("../deploy/helm/keyrotation-operator");

  @Test
  void lintsCleanInStrictMode() {
    LintResult lint = new Helm(CHART).lint().strict().call();
    assertThat(lint.getMessages()).as("helm lint --strict").noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    assertThat(lint.isFailed()).isFalse();
  }

  @Test
  void rendersTheSameObjectsAsTheKustomizeBaseModuloLabels() {
    Map<String, Object> chart = normalized(render(template()));
    Map<String, Object> kustomize = normalized(RenderedDeploy.render().stream()
        .filter(o -> !o.getKind().equals("Namespace") && !o.getKind().equals("CustomResourceDefinition")).toList());

    assertThat(chart.keySet()).containsExactlyInAnyOrderElementsOf(kustomize.keySet());
    chart.forEach((key, object) -> assertThat(object).as(key).isEqualTo(kustomize.get(key)));
  }

  @Test
  void selectorsOfTheServiceBudgetAndAntiAffinitySelectTheOperatorPods() {
    List<HasMetadata> objects = render(template());
    Deployment deployment = only(objects, Deployment.class);
    Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
    assertThat(podLabels).containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
    assertThat(podLabels).containsAllEntriesOf(only(objects, io.fabric8.kubernetes.api.model.Service.class).getSpec().getSelector());
    assertThat(podLabels).containsAllEntriesOf(only(objects,
        io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class).getSpec().getSelector().getMatchLabels());
    assertThat(podLabels).containsAllEntriesOf(deployment.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity()
        .getPreferredDuringSchedulingIgnoredDuringExecution().get(0).getPodAffinityTerm().getLabelSelector().getMatchLabels());
  }

  @Test
  void shipsTheCrdsOfCrdsDirectory() throws IOException {
    // The chart's crds/ is a link to crds/ (Helm follows it), so `make crds` keeps one copy current.
    // helm show crds prints the files one after the other, without document separators.
    List<String> shipped = java.util.Arrays.stream(new Helm(CHART).show().crds().call().split("(?m)^(?=apiVersion:)"))
        .filter(doc -> doc.contains("kind:"))
        .map(doc -> Serialization.asJson(Serialization.<HasMetadata>unmarshal(doc))).toList();
    List<String> expected = new java.util.ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of("../crds"))) {
      for (Path crd : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        HasMetadata object = Serialization.unmarshal(Files.readString(crd));
        expected.add(Serialization.asJson(object));
      }
    }
    assertThat(expected).hasSize(3);
    assertThat(shipped).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void valuesReachTheDeploymentAsTheOperatorsConfiguration() {
    List<HasMetadata> objects = render(template()
        .set("replicaCount", 3)
        .set("watchNamespaces[0]", "tde-a").set("watchNamespaces[1]", "tde-b")
        .set("labelSelector", "keyrotation.io/shard=a")
        .set("leaderElection.leaseName", "keyrotation-operator-shard-a")
        .set("logFormat", "json")
        .set("extraCA.configMapName", "corporate-ca")
        .set("image.repository", "registry.example.com/keyrotation-operator").set("image.tag", "1.2.3")
        .set("serviceAccount.annotations.azure\\.workload\\.identity/client-id", "9f2b1c4e-5d6a-4b7c-8e9f-0a1b2c3d4e5f")
        .set("podLabels.azure\\.workload\\.identity/use", "true")
        .set("serviceAccount.labels.team", "platform")
        .set("resources.limits.memory", "1Gi")
        .set("metrics.serviceMonitor.enabled", true)
        .set("alerts.enabled", true).set("alerts.labels.release", "kube-prometheus-stack"));
    Deployment deployment = only(objects, Deployment.class);
    Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);

    OperatorConfig config = OperatorConfig.fromEnvironment(environment(container));

    assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
    assertThat(container.getImage()).isEqualTo("registry.example.com/keyrotation-operator:1.2.3");
    assertThat(config.watchNamespaces()).containsExactlyInAnyOrder("tde-a", "tde-b");
    assertThat(config.labelSelector()).isEqualTo("keyrotation.io/shard=a");
    assertThat(config.leaseName()).isEqualTo("keyrotation-operator-shard-a");
    assertThat(config.logFormat()).isEqualTo("json");
    assertThat(config.extraCaFile()).isEqualTo(Path.of("/etc/keyrotation/extra-ca/ca.crt"));
    assertThat(container.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/etc/keyrotation/extra-ca"));
    assertThat(only(objects, ServiceAccount.class).getMetadata().getAnnotations())
        .containsEntry("azure.workload.identity/client-id", "9f2b1c4e-5d6a-4b7c-8e9f-0a1b2c3d4e5f");
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("azure.workload.identity/use", "true");
    assertThat(only(objects, ServiceAccount.class).getMetadata().getLabels()).containsEntry("team", "platform");
    assertThat(container.getResources().getLimits().get("memory").toString()).isEqualTo("1Gi");
    assertThat(objects).extracting(HasMetadata::getKind).contains("ServiceMonitor");
    assertThat(objects).filteredOn(o -> o.getKind().equals("PrometheusRule")).singleElement()
        .satisfies(rule -> assertThat(rule.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack"));
  }

  @Test
  void alertsOnRenderTheKustomizeComponentsPrometheusRule() throws IOException {
    List<HasMetadata> objects = render(template().set("alerts.enabled", true));
    assertThat(normalized(objects.stream().filter(o -> o.getKind().equals("PrometheusRule")).toList()))
        .isEqualTo(normalized(List.of(component("prometheus-rule/prometheusrule.yaml"))));
    assertThat(render(template())).extracting(HasMetadata::getKind).doesNotContain("PrometheusRule");
  }

  @Test
  void serviceMonitorOnRendersTheKustomizeComponentsServiceMonitor() throws IOException {
    List<HasMetadata> objects = render(template().set("metrics.serviceMonitor.enabled", true));
    assertThat(normalized(objects.stream().filter(o -> o.getKind().equals("ServiceMonitor")).toList()))
        .isEqualTo(normalized(List.of(component("service-monitor/servicemonitor.yaml"))));
  }

  @Test
  void defaultValuesAreAValidOperatorConfiguration() {
    Container container = only(render(template()), Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
    OperatorConfig config = OperatorConfig.fromEnvironment(environment(container));
    assertThat(config.leaderElection()).isTrue();
    assertThat(config.labelSelector()).isEmpty();
    assertThat(config.leaseName()).isEqualTo(OperatorConfig.LEASE_NAME);
    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.instanceName()).as("the pod's name, from the downward API").isEqualTo(POD);
  }

  private static HasMetadata component(String file) throws IOException {
    return Serialization.unmarshal(Files.readString(Path.of("../deploy/components").resolve(file)));
  }

  private static TemplateCommand template() {
    return new Helm(CHART).template().withName("keyrotation-operator").withNamespace("keyrotation-system");
  }

  private static List<HasMetadata> render(TemplateCommand command) {
    return Serialization.unmarshal(command.call());
  }

  /** The container's environment as the operator would read it; POD_NAMESPACE and POD_NAME as the downward API fills them. */
  private static Map<String, String> environment(Container container) {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar var : container.getEnv()) {
      env.put(var.getName(), var.getValueFrom() == null ? var.getValue()
          : Map.of("metadata.namespace", "keyrotation-system", "metadata.name", POD)
              .get(var.getValueFrom().getFieldRef().getFieldPath()));
    }
    return env;
  }

  private static <T extends HasMetadata> T only(List<HasMetadata> objects, Class<T> type) {
    List<T> found = objects.stream().filter(type::isInstance).map(type::cast).toList();
    assertThat(found).as(type.getSimpleName()).hasSize(1);
    return found.get(0);
  }

  /** kind/name to the object as a map, without the labels, annotations and label selectors each tool sets its own way. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> normalized(List<HasMetadata> objects) {
    return objects.stream().collect(Collectors.toMap(o -> o.getKind() + "/" + o.getMetadata().getName(), o -> {
      Map<String, Object> map = Serialization.jsonMapper().convertValue(o, TreeMap.class);
      dropLabels(map);
      return map;
    }));
  }

  @SuppressWarnings("unchecked")
  private static void dropLabels(Object node) {
    if (node instanceof Map<?, ?> map) {
      map.remove("labels");
      map.remove("annotations");
      map.remove("matchLabels");
      if (map.get("selector") instanceof Map<?, ?> selector && !selector.containsKey("matchLabels")) {
        map.remove("selector");
      }
      map.values().forEach(HelmChartTest::dropLabels);
    } else if (node instanceof List<?> list) {
      list.forEach(HelmChartTest::dropLabels);
    }
  }
}
