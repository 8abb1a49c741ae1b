package io.keyrotation.sandbox.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The faults a test injects into the Kubernetes API stand-in, as a client without retries sees them. */
class ApiFaultsTest {
  private static KubernetesStandIn standIn;
  private static KubernetesClient client;

  @BeforeAll
  static void start() {
    standIn = StandInFixture.startWithTestCrds();
    client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(standIn.config()).withRequestRetryBackoffLimit(0).build())
        .build();
  }

  @AfterAll
  static void stop() {
    client.close();
    standIn.close();
  }

  @BeforeEach
  void clear() {
    standIn.faults().clear();
  }

  @Test
  void answersConflictOnTheNextStatusWritesOfThatObjectOnlyAndStoresNothing() {
    Widget widget = client.resource(Widget.named("conflicted", "a")).create();
    client.resource(Widget.named("other", "a")).create();
    standIn.faults().conflictOnNextStatusWrites("widgets", KubernetesStandIn.DEFAULT_NAMESPACE, "conflicted", 2);

    Widget ready = withPhase(widget, "Ready");
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> client.resource(ready).updateStatus())
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    }
    assertThat(client.resources(Widget.class).withName("conflicted").get().getStatus()).isNull();
    client.resource(withPhase(client.resources(Widget.class).withName("other").get(), "Ready")).updateStatus();
    client.resource(ready).edit(w -> {
      w.getSpec().prefix = "b";
      return w;
    });

    Widget written = client.resource(withPhase(client.resources(Widget.class).withName("conflicted").get(), "Ready")).updateStatus();

    assertThat(written.getStatus().phase).isEqualTo("Ready");
    assertThat(standIn.faults().injected()).isEqualTo(2);
  }

  @Test
  void failsTheNextWritesOfANamedObjectAlsoItsCreate() {
    standIn.faults().failNextWrites("configmaps", KubernetesStandIn.DEFAULT_NAMESPACE, "staged", 1, 503);
    var configMap = new ConfigMapBuilder().withNewMetadata().withName("staged").endMetadata().withData(Map.of("a", "b")).build();

    assertThatThrownBy(() -> client.configMaps().resource(configMap).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(503));
    assertThat(client.configMaps().withName("staged").get()).isNull();
    client.configMaps().resource(configMap).create();

    assertThat(client.configMaps().withName("staged").get().getData()).containsEntry("a", "b");
  }

  @Test
  void answersServiceUnavailableToEveryRequestUntilAvailableAgain() {
    client.resource(Widget.named("during-outage", "a")).create();
    standIn.faults().unavailable();

    assertThatThrownBy(() -> client.resources(Widget.class).withName("during-outage").get())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(503));
    assertThatThrownBy(() -> client.resources(Widget.class).resource(Widget.named("refused", "a")).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(503));
    standIn.faults().available();

    assertThat(client.resources(Widget.class).withName("during-outage").get()).isNotNull();
    assertThat(client.resources(Widget.class).withName("refused").get()).as("nothing was stored during the outage").isNull();
  }

  private static Widget withPhase(Widget widget, String phase) {
    widget.setStatus(new Widget.Status());
    widget.getStatus().phase = phase;
    return widget;
  }
}
