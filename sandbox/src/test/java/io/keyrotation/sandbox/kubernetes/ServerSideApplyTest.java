package io.keyrotation.sandbox.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerSideApplyTest {

  private static KubernetesStandIn standIn;
  private static KubernetesClient client;

  @BeforeAll
  static void start() {
    standIn = StandInFixture.startWithTestCrds();
    client = standIn.client();
  }

  @AfterAll
  static void stop() {
    standIn.close();
  }

  private static PatchContext apply(String manager) {
    return new PatchContext.Builder().withPatchType(PatchType.SERVER_SIDE_APPLY).withFieldManager(manager)
        .withForce(true).build();
  }

  @Test
  void applyCreatesAMissingObject() {
    Widget created = client.resource(Widget.named("apply-create", "fresh")).patch(apply("tests"));

    assertThat(created.getMetadata().getUid()).isNotBlank();
    assertThat(client.resources(Widget.class).withName("apply-create").get().getSpec().prefix).isEqualTo("fresh");
  }

  @Test
  void statusApplyStoresStatusAndLeavesSpecAlone() {
    client.resource(Widget.named("status-apply", "before")).create();
    Widget sent = Widget.named("status-apply", "ignored-by-status");
    sent.setStatus(new Widget.Status());
    sent.getStatus().phase = "Ready";

    client.resource(sent).subresource("status").patch(apply("controller"));

    Widget stored = client.resources(Widget.class).withName("status-apply").get();
    assertThat(stored.getStatus().phase).isEqualTo("Ready");
    assertThat(stored.getSpec().prefix).isEqualTo("before");
    assertThat(stored.getMetadata().getGeneration()).isEqualTo(1L);
  }

  @Test
  void statusApplyRemovesFieldsTheSameManagerNoLongerApplies() {
    client.resource(Widget.named("status-removal", "x")).create();
    Widget first = Widget.named("status-removal", "x");
    first.setStatus(new Widget.Status());
    first.getStatus().phase = "Failed";
    first.getStatus().message = "vault unreachable";
    client.resource(first).subresource("status").patch(apply("controller"));

    Widget second = Widget.named("status-removal", "x");
    second.setStatus(new Widget.Status());
    second.getStatus().phase = "Ready";
    client.resource(second).subresource("status").patch(apply("controller"));

    Widget.Status status = client.resources(Widget.class).withName("status-removal").get().getStatus();
    assertThat(status.phase).isEqualTo("Ready");
    assertThat(status.message).isNull();
  }

  @Test
  void aNestedObjectTheManagerNoLongerAppliesIsRemovedWholeNotLeftEmpty() throws Exception {
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    var current = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(
        "{\"status\":{\"phase\":\"Rotating\",\"rotation\":{\"step\":\"Promote\",\"names\":{\"key\":\"K2\"}}}}");
    var previous = current.deepCopy();
    var applied = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree("{\"status\":{\"phase\":\"Ready\"}}");

    var merged = ServerSideApply.merge(current, previous, applied);

    assertThat(merged.get("status").toString()).isEqualTo("{\"phase\":\"Ready\"}");
  }

  @Test
  void applyWithStaleResourceVersionIsRefusedWithConflict() {
    Widget created = client.resource(Widget.named("stale-apply", "x")).create();
    client.resources(Widget.class).withName("stale-apply").edit(w -> {
      w.getSpec().size = 7;
      return w;
    });
    created.setStatus(new Widget.Status());
    created.getStatus().phase = "Ready";

    assertThatThrownBy(() -> client.resource(created).subresource("status").patch(apply("controller")))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
  }

  @Test
  void applyAddsItsFinalizerAndKeepsOtherManagersFinalizers() {
    Widget widget = Widget.named("finalizers", "x");
    widget.getMetadata().setFinalizers(List.of("example.com/other"));
    client.resource(widget).create();

    Widget finalizerOnly = new Widget();
    finalizerOnly.getMetadata().setName("finalizers");
    finalizerOnly.getMetadata().setNamespace("default");
    finalizerOnly.setSpec(null);
    finalizerOnly.addFinalizer("test.keyrotation.io/finalizer");
    client.resource(finalizerOnly).patch(apply("controller"));

    assertThat(client.resources(Widget.class).withName("finalizers").get().getFinalizers())
        .containsExactlyInAnyOrder("example.com/other", "test.keyrotation.io/finalizer");
  }

  @Test
  void applyOnTheStatusOfAMissingObjectIsNotFound() {
    Widget ghost = Widget.named("ghost", "x");
    ghost.setStatus(new Widget.Status());

    assertThatThrownBy(() -> client.resource(ghost).subresource("status").patch(apply("controller")))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
  }

  @Test
  void applyWorksForBuiltInKinds() {
    GenericKubernetesResource configMap = new GenericKubernetesResource();
    configMap.setApiVersion("v1");
    configMap.setKind("ConfigMap");
    configMap.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("applied")
        .withNamespace("default").build());
    configMap.setAdditionalProperty("data", java.util.Map.of("a", "1"));

    client.resource(configMap).patch(apply("tests"));

    assertThat(client.configMaps().withName("applied").get().getData()).containsEntry("a", "1");
  }
}
