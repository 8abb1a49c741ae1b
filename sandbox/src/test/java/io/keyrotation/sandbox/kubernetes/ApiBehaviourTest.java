package io.keyrotation.sandbox.kubernetes;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The API behaviour the operator relies on, as any fabric8 client sees it through the stand-in. */
class ApiBehaviourTest {

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

  @Test
  void updateWithStaleResourceVersionIsAConflict() {
    Widget original = client.resource(Widget.named("stale-update", "a")).create();
    client.resources(Widget.class).withName("stale-update").edit(w -> {
      w.getSpec().prefix = "b";
      return w;
    });
    original.getSpec().prefix = "c";

    assertThatThrownBy(() -> client.resource(original).update())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
  }

  @Test
  void statusUpdateWithStaleResourceVersionIsAConflict() {
    Widget original = client.resource(Widget.named("stale-status", "a")).create();
    client.resources(Widget.class).withName("stale-status").edit(w -> {
      w.getSpec().prefix = "b";
      return w;
    });
    original.setStatus(new Widget.Status());
    original.getStatus().phase = "Ready";

    assertThatThrownBy(() -> client.resource(original).updateStatus())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
  }

  @Test
  void mergePatchWithoutResourceVersionAppliesToTheLatestObject() {
    client.resource(Widget.named("merge", "a")).create();

    Widget patched = client.resources(Widget.class).withName("merge")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"size\":5}}");

    assertThat(patched.getSpec().size).isEqualTo(5);
    assertThat(patched.getSpec().prefix).isEqualTo("a");
    assertThat(patched.getMetadata().getGeneration()).isEqualTo(2L);
  }

  @Test
  void watchSeesAddedModifiedAndDeleted() {
    List<String> seen = new CopyOnWriteArrayList<>();
    try (Watch ignored = client.resources(Widget.class).inNamespace("default").withName("watched")
        .watch(new Watcher<>() {
          @Override
          public void eventReceived(Action action, Widget widget) {
            seen.add(action.name());
          }

          @Override
          public void onClose(WatcherException cause) {
          }
        })) {
      client.resource(Widget.named("watched", "a")).create();
      client.resources(Widget.class).withName("watched").edit(w -> {
        w.getSpec().size = 9;
        return w;
      });
      client.resources(Widget.class).withName("watched").delete();

      await().atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(seen).containsExactly("ADDED", "MODIFIED", "DELETED"));
    }
  }

  @Test
  void objectWithFinalizerStaysUntilTheFinalizerIsRemoved() {
    Widget widget = Widget.named("finalized", "a");
    widget.addFinalizer("test.keyrotation.io/hold");
    client.resource(widget).create();

    client.resources(Widget.class).withName("finalized").delete();
    Widget marked = client.resources(Widget.class).withName("finalized").get();
    assertThat(marked.getMetadata().getDeletionTimestamp()).isNotBlank();

    client.resources(Widget.class).withName("finalized").edit(w -> {
      w.removeFinalizer("test.keyrotation.io/hold");
      return w;
    });
    assertThat(client.resources(Widget.class).withName("finalized").get()).isNull();
  }

  @Test
  void leaseCreateTwiceIsAConflictAndStaleRenewalIsRefused() {
    Lease lease = new LeaseBuilder().withNewMetadata().withName("holder").withNamespace("default").endMetadata()
        .withNewSpec().withHolderIdentity("a").withLeaseDurationSeconds(15).endSpec().build();
    Lease created = client.resource(lease).create();
    assertThatThrownBy(() -> client.resource(lease).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));

    client.leases().withName("holder").edit(l -> {
      l.getSpec().setHolderIdentity("b");
      return l;
    });
    created.getSpec().setHolderIdentity("a-again");
    assertThatThrownBy(() -> client.resource(created).update())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
  }

  @Test
  void secretsAndEventsAreStored() {
    client.resource(new SecretBuilder().withNewMetadata().withName("creds").endMetadata()
        .withStringData(Map.of("clientSecret", "not-logged")).build()).create();
    client.resource(new EventBuilder().withNewMetadata().withName("w.1").endMetadata()
        .withReason("Rotated").withMessage("key rotated").withNewInvolvedObject().withKind("Widget")
        .withName("w").endInvolvedObject().build()).create();

    assertThat(client.secrets().withName("creds").get()).isNotNull();
    assertThat(client.v1().events().withName("w.1").get().getReason()).isEqualTo("Rotated");
  }

  @Test
  void secretStringDataIsStoredAsBase64DataAndNotKept() {
    client.resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
        .withNewMetadata().withName("string-data").withNamespace("default").endMetadata()
        .addToData("kept", java.util.Base64.getEncoder().encodeToString("old".getBytes()))
        .addToData("replaced", java.util.Base64.getEncoder().encodeToString("old".getBytes()))
        .addToStringData("replaced", "new")
        .addToStringData("added", "plain text")
        .build()).create();

    var stored = client.secrets().inNamespace("default").withName("string-data").get();

    assertThat(stored.getStringData()).isNullOrEmpty();
    assertThat(stored.getData()).containsOnlyKeys("kept", "replaced", "added");
    assertThat(new String(java.util.Base64.getDecoder().decode(stored.getData().get("replaced")))).isEqualTo("new");
    assertThat(new String(java.util.Base64.getDecoder().decode(stored.getData().get("added")))).isEqualTo("plain text");
  }

  @Test
  void appliedCrdIsEstablished() {
    var crd = client.apiextensions().v1().customResourceDefinitions().withName("widgets.test.keyrotation.io").get();

    assertThat(crd.getStatus().getConditions()).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("Established");
      assertThat(c.getStatus()).isEqualTo("True");
    });
    assertThat(crd.getStatus().getAcceptedNames().getKind()).isEqualTo("Widget");
  }

  @Test
  void selfSubjectRulesReviewAllowsEverything() {
    SelfSubjectRulesReview review = client.resource(new SelfSubjectRulesReviewBuilder().withNewSpec()
        .withNamespace("default").endSpec().build()).create();

    assertThat(review.getStatus().getResourceRules()).singleElement()
        .satisfies(rule -> assertThat(rule.getVerbs()).containsExactly("*"));
  }
}
