package io.keyrotation.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.keyrotation.operator.testing.ShippedAlerts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The optional PrometheusRule, ServiceMonitor and Event Grid components, rendered onto the kustomize base as a user's overlay would. */
class OptionalComponentsTest {

  @Test
  void componentsRenderOntoTheBaseInTheOperatorsNamespace() throws Exception {
    List<HasMetadata> objects = renderOverlay();

    assertThat(objects).filteredOn(o -> o.getKind().equals("PrometheusRule") || o.getKind().equals("ServiceMonitor"))
        .hasSize(2).allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo("keyrotation-system"));
  }

  @Test
  void serviceMonitorScrapesTheServicesHttpPortKeepingTheResourcesNamespaceLabel() throws Exception {
    List<HasMetadata> objects = renderOverlay();
    Service service = (Service) objects.stream().filter(Service.class::isInstance).findFirst().orElseThrow();
    GenericKubernetesResource monitor = (GenericKubernetesResource) objects.stream()
        .filter(o -> o.getKind().equals("ServiceMonitor")).findFirst().orElseThrow();

    Map<String, Object> selector = monitor.get("spec", "selector", "matchLabels");
    assertThat(service.getMetadata().getLabels()).containsAllEntriesOf(cast(selector));
    List<Map<String, Object>> endpoints = monitor.get("spec", "endpoints");
    assertThat(endpoints).singleElement().satisfies(e -> {
      assertThat(service.getSpec().getPorts()).anyMatch(p -> p.getName().equals(e.get("port")));
      assertThat(e).containsEntry("path", "/metrics").containsEntry("honorLabels", true);
    });
  }

  @Test
  void everyAlertHasASummaryADescriptionNamingTheResourceAndARunbookSectionInTheReadme() throws IOException {
    String readme = Files.readString(Path.of("../README.md"));
    List<ShippedAlerts.Rule> rules = ShippedAlerts.rules();

    assertThat(rules).extracting(ShippedAlerts.Rule::alert).containsExactlyInAnyOrder("KeyRotationReconcileFailing",
        "KeyRotationOverdue", "KeyRotationClientSecretExpiringSoon", "KeyRotationBackupNotSuccessful",
        "KeyRotationStandbyNotReady", "KeyRotationSqlServerRestartPending", "KeyRotationThrottled");
    assertThat(rules).allSatisfy(rule -> {
      assertThat(rule.forDuration()).as(rule.alert()).isNotBlank();
      assertThat(rule.labels().path("severity").asText()).as(rule.alert()).isIn("warning", "critical");
      assertThat(rule.annotations().path("summary").asText()).as(rule.alert()).isNotBlank();
      String description = rule.annotations().path("description").asText();
      if (!rule.alert().equals("KeyRotationThrottled")) {
        assertThat(description).as(rule.alert()).contains("{{ $labels.namespace }}/{{ $labels.name }}");
      }
      assertThat(rule.annotations().path("runbook").asText()).isEqualTo("README.md#" + rule.alert().toLowerCase());
      assertThat(readme).as("README runbook for " + rule.alert()).containsPattern("(?m)^#### " + rule.alert() + "$");
    });
  }

  @Test
  void eventGridComponentServesTheEndpointFromMountedSecretsAndExposesIt() throws Exception {
    List<HasMetadata> objects = render("../../../deploy/components/eventgrid");
    Service service = (Service) objects.stream().filter(Service.class::isInstance).findFirst().orElseThrow();
    Deployment deployment = (Deployment) objects.stream().filter(Deployment.class::isInstance).findFirst().orElseThrow();
    Container operator = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    Map<String, String> env = operator.getEnv().stream().filter(e -> e.getValue() != null)
        .collect(java.util.stream.Collectors.toMap(EnvVar::getName, EnvVar::getValue));

    assertThat(service.getSpec().getPorts()).anyMatch(p -> p.getName().equals("eventgrid")
        && "eventgrid".equals(p.getTargetPort().getStrVal()));
    assertThat(operator.getPorts()).anyMatch(p -> p.getName().equals("eventgrid")
        && p.getContainerPort().toString().equals(env.get("KEYROTATION_EVENTGRID_PORT")));
    assertThat(operator.getPorts()).anyMatch(p -> p.getName().equals("http"));
    for (String file : List.of("KEYROTATION_EVENTGRID_TLS_CERT_FILE", "KEYROTATION_EVENTGRID_TLS_KEY_FILE", "KEYROTATION_EVENTGRID_SECRET_FILE")) {
      assertThat(operator.getVolumeMounts()).as(file).anyMatch(m -> env.get(file).startsWith(m.getMountPath() + "/")
          && deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
              .anyMatch(v -> v.getName().equals(m.getName()) && v.getSecret() != null));
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> cast(Map<String, Object> map) {
    return (Map<String, String>) (Map<?, ?>) map;
  }

  private static List<HasMetadata> renderOverlay() throws Exception {
    return render("../../../deploy/components/prometheus-rule", "../../../deploy/components/service-monitor");
  }

  /** deploy/ with these components, as a user's overlay in a directory two levels below the repository. */
  private static List<HasMetadata> render(String... components) throws Exception {
    Path overlay = Files.createDirectories(Path.of("target", "overlay-" + Math.abs(String.join(",", components).hashCode())));
    Files.writeString(overlay.resolve("kustomization.yaml"), """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        resources:
          - ../../../deploy
        components:
        """ + java.util.Arrays.stream(components).map(c -> "  - " + c + "\n").collect(java.util.stream.Collectors.joining()));
    Process process = new ProcessBuilder("kubectl", "kustomize", overlay.toString()).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(err).isZero();
    return Serialization.unmarshal(out);
  }
}
