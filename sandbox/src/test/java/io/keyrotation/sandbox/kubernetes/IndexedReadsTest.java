package io.keyrotation.sandbox.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reads answered from the stand-in's index of its store ({@link IndexedCrudDispatcher}) give what a scan of the whole
 * store gave: namespaces, kinds and names kept apart, selectors matched against the current labels, objects gone or
 * being deleted seen as such, and a list's resourceVersion that of the last write.
 */
class IndexedReadsTest {

  private static KubernetesStandIn standIn;
  private static KubernetesClient client;

  @BeforeAll
  static void start() {
    standIn = StandInFixture.startWithTestCrds();
    client = standIn.client();
    for (String ns : List.of("index-a", "index-b", "index-labels")) {
      client.resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
    }
  }

  @AfterAll
  static void stop() {
    standIn.close();
  }

  @Test
  void sameNameInTwoNamespacesAndTwoKindsStaysApart() {
    client.resource(secret("index-a", "twin", Map.of())).create();
    client.resource(secret("index-b", "twin", Map.of())).create();
    client.resource(new ConfigMapBuilder().withNewMetadata().withName("twin").withNamespace("index-a").endMetadata()
        .withData(Map.of("kind", "configmap")).build()).create();

    assertThat(client.secrets().inNamespace("index-a").withName("twin").get().getMetadata().getNamespace())
        .isEqualTo("index-a");
    assertThat(client.secrets().inNamespace("index-b").withName("twin").get().getMetadata().getNamespace())
        .isEqualTo("index-b");
    assertThat(client.configMaps().inNamespace("index-b").withName("twin").get()).isNull();
    assertThat(client.configMaps().inNamespace("index-a").withName("twin").get().getData())
        .containsEntry("kind", "configmap");
    assertThat(client.secrets().inAnyNamespace().withField("metadata.name", "twin").list().getItems())
        .extracting(s -> s.getMetadata().getNamespace()).containsExactlyInAnyOrder("index-a", "index-b");
    assertThat(client.secrets().inNamespace("index-b").list().getItems()).extracting(s -> s.getMetadata().getName())
        .containsExactly("twin");
  }

  @Test
  void labelSelectorsSeeTheLabelsAnUpdateGave() {
    client.resource(secret("index-labels", "blue", Map.of("color", "blue", "tier", "front"))).create();
    client.resource(secret("index-labels", "green", Map.of("color", "green"))).create();

    client.secrets().inNamespace("index-labels").withName("green").edit(s -> {
      s.getMetadata().getLabels().put("color", "blue");
      return s;
    });

    assertThat(names(client.secrets().inNamespace("index-labels").withLabel("color", "blue").list().getItems()))
        .containsExactly("blue", "green");
    assertThat(client.secrets().inNamespace("index-labels").withLabel("color", "green").list().getItems()).isEmpty();
    assertThat(names(client.secrets().inNamespace("index-labels").withLabel("tier").list().getItems()))
        .containsExactly("blue");
    assertThat(names(client.secrets().inNamespace("index-labels").withLabel("color", "blue").withoutLabel("tier", "front")
        .list().getItems())).containsExactly("green");
  }

  @Test
  void anObjectBeingDeletedIsReadAsSuchThenIsGone() {
    Widget widget = Widget.named("index-finalized", "fin");
    widget.getMetadata().setFinalizers(List.of("test.keyrotation.io/hold"));
    client.resource(widget).create();

    client.resources(Widget.class).withName("index-finalized").delete();
    Widget marked = client.resources(Widget.class).withName("index-finalized").get();
    assertThat(marked.getMetadata().getDeletionTimestamp()).isNotNull();
    assertThat(names(client.resources(Widget.class).list().getItems())).contains("index-finalized");

    client.resources(Widget.class).withName("index-finalized").edit(w -> {
      w.getMetadata().setFinalizers(List.of());
      return w;
    });
    assertThat(client.resources(Widget.class).withName("index-finalized").get()).isNull();
    assertThat(names(client.resources(Widget.class).list().getItems())).doesNotContain("index-finalized");
  }

  @Test
  void aListCarriesTheResourceVersionOfTheLastWrite() {
    ConfigMap written = client.resource(new ConfigMapBuilder().withNewMetadata().withName("index-version")
        .withNamespace("index-labels").endMetadata().build()).create();

    String listed = client.configMaps().inNamespace("index-labels").list().getMetadata().getResourceVersion();

    assertThat(listed).isEqualTo(written.getMetadata().getResourceVersion());
  }

  @Test
  void anEmptyCollectionIsAnEmptyList() {
    assertThat(client.resources(Widget.class).inNamespace("index-nothing-here").list().getItems()).isEmpty();
    assertThat(client.persistentVolumes().list().getItems()).isEmpty();
  }

  @Test
  void aListPagedByLimitAndContinueGivesEachObjectOnceInKeyOrder() {
    for (String ns : List.of("paging-b", "paging-a")) {
      client.resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
      for (int i = 0; i < 120; i++) {
        client.resource(new ConfigMapBuilder().withNewMetadata().withName("page-" + (i * 7919) % 120).withNamespace(ns)
            .withLabels(Map.of("parity", i % 2 == 0 ? "even" : "odd")).endMetadata().build()).create();
      }
    }
    List<String> whole = client.configMaps().inAnyNamespace().withLabel("parity").list().getItems().stream()
        .filter(c -> c.getMetadata().getNamespace().startsWith("paging-"))
        .map(c -> c.getMetadata().getNamespace() + "/" + c.getMetadata().getName()).sorted().toList();

    List<String> paged = new java.util.ArrayList<>();
    List<Integer> pageSizes = new java.util.ArrayList<>();
    String token = null;
    do {
      var page = client.configMaps().inAnyNamespace().withLabel("parity")
          .list(new ListOptionsBuilder().withLimit(50L).withContinue(token).build());
      pageSizes.add(page.getItems().size());
      page.getItems().stream().filter(c -> c.getMetadata().getNamespace().startsWith("paging-"))
          .forEach(c -> paged.add(c.getMetadata().getNamespace() + "/" + c.getMetadata().getName()));
      token = page.getMetadata().getContinue();
    } while (token != null && !token.isEmpty());

    assertThat(whole).hasSize(240);
    assertThat(paged).as("every object once, in (namespace, name) order").containsExactlyElementsOf(
        paged.stream().sorted(java.util.Comparator.comparing((String k) -> k.split("/")[0]).thenComparing(k -> k.split("/")[1])).toList());
    assertThat(paged).containsExactlyInAnyOrderElementsOf(whole);
    assertThat(pageSizes).as("pages of the limit, then the rest").hasSizeGreaterThanOrEqualTo(5);
    assertThat(pageSizes.subList(0, pageSizes.size() - 1)).allMatch(size -> size == 50);
    assertThat(client.configMaps().inNamespace("paging-a").withLabel("parity", "odd")
        .list(new ListOptionsBuilder().withLimit(1000L).build()).getItems()).hasSize(60);
  }

  @Test
  void aContinueTokenNotIssuedHereIsABadRequest() {
    assertThatThrownBy(() -> client.configMaps().inAnyNamespace()
        .list(new ListOptionsBuilder().withLimit(10L).withContinue("bm90LWEtdG9rZW4").build()))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(400));
  }

  private static Secret secret(String namespace, String name, Map<String, String> labels) {
    return new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels).endMetadata()
        .withStringData(Map.of("value", name)).build();
  }

  private static List<String> names(List<? extends HasMetadata> items) {
    return items.stream().map(i -> i.getMetadata().getName()).toList();
  }
}
