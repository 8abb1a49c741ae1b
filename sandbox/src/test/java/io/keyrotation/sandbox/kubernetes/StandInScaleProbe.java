package io.keyrotation.sandbox.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Not a test: a probe of the stand-in's cost as its store grows (timings belong to benchmarks, not to assertions).
 * Creates {@code n} custom resources (a third of each kind of the examples, through admission with the real CRDs) and
 * a Secret per ServicePrincipalRotation, with 8 client threads as the scale benchmark does, and prints the time each
 * thousand took; then times single reads, lists and status patches on the full store.
 *
 * <pre>java -cp ... io.keyrotation.sandbox.kubernetes.StandInScaleProbe 3000 ../crds ../examples</pre>
 */
public final class StandInScaleProbe {

  private static final String NS = "probe";
  private static final int THREADS = 8;

  private StandInScaleProbe() {
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
    Path crds = Path.of(args.length > 1 ? args[1] : "../crds");
    Path examples = Path.of(args.length > 2 ? args[2] : "../examples");
    List<GenericKubernetesResource> kinds = List.of(example(examples, "tdekeypolicy.yaml"),
        example(examples, "vaultbackupschedule.yaml"), example(examples, "serviceprincipalrotation.yaml"));
    try (KubernetesStandIn standIn = KubernetesStandIn.start()) {
      KubernetesClient client = standIn.client();
      standIn.applyCrds(crds);
      client.resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
      create(client, kinds, n / 3);
      reads(client, kinds, n / 3);
    }
    System.exit(0);
  }

  private static void create(KubernetesClient client, List<GenericKubernetesResource> kinds, int perKind)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    AtomicInteger objects = new AtomicInteger();
    long start = System.nanoTime();
    long[] lastThousand = {start};
    List<Future<?>> created = new ArrayList<>();
    for (int i = 0; i < perKind; i++) {
      int index = i;
      created.add(pool.submit(() -> {
        for (GenericKubernetesResource kind : kinds) {
          client.resource(copy(kind, index)).create();
          count(objects, lastThousand);
        }
        client.resource(new SecretBuilder().withNewMetadata().withName(name(index) + "-sp").withNamespace(NS)
            .endMetadata().withStringData(Map.of("clientSecret", "probe-" + index)).build()).create();
        count(objects, lastThousand);
        return null;
      }));
    }
    for (Future<?> future : created) {
      future.get();
    }
    pool.shutdown();
    System.out.printf("created %d objects in %.1f s%n", objects.get(), (System.nanoTime() - start) / 1e9);
  }

  private static void count(AtomicInteger objects, long[] lastThousand) {
    int count = objects.incrementAndGet();
    if (count % 1000 == 0) {
      synchronized (lastThousand) {
        long now = System.nanoTime();
        System.out.printf("  %6d objects: the last 1000 took %.2f s%n", count, (now - lastThousand[0]) / 1e9);
        lastThousand[0] = now;
      }
    }
  }

  private static void reads(KubernetesClient client, List<GenericKubernetesResource> kinds, int perKind) {
    int rounds = 200;
    GenericKubernetesResource first = kinds.get(0);
    long start = System.nanoTime();
    for (int i = 0; i < rounds; i++) {
      client.genericKubernetesResources(first.getApiVersion(), first.getKind()).inNamespace(NS)
          .withName(name(i % perKind)).get();
    }
    System.out.printf("GET one %s: %.2f ms each%n", first.getKind(), (System.nanoTime() - start) / 1e6 / rounds);
    start = System.nanoTime();
    for (int i = 0; i < rounds; i++) {
      client.secrets().inNamespace(NS).withName(name(i % perKind) + "-sp").get();
    }
    System.out.printf("GET one Secret: %.2f ms each%n", (System.nanoTime() - start) / 1e6 / rounds);
    start = System.nanoTime();
    for (int i = 0; i < rounds; i++) {
      client.genericKubernetesResources(first.getApiVersion(), first.getKind()).inNamespace(NS)
          .withName(name(i % perKind)).subresource("status")
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"observedGeneration\":1}}");
    }
    System.out.printf("merge patch of one %s's status: %.2f ms each%n", first.getKind(),
        (System.nanoTime() - start) / 1e6 / rounds);
    int listRounds = 10;
    start = System.nanoTime();
    int items = 0;
    for (int i = 0; i < listRounds; i++) {
      items = client.genericKubernetesResources(first.getApiVersion(), first.getKind()).inNamespace(NS).list()
          .getItems().size();
    }
    System.out.printf("LIST %d %s: %.1f ms each%n", items, first.getKind(), (System.nanoTime() - start) / 1e6 / listRounds);
  }

  private static GenericKubernetesResource copy(GenericKubernetesResource kind, int index) {
    GenericKubernetesResource copy = Serialization.clone(kind);
    copy.getMetadata().setName(name(index));
    copy.getMetadata().setNamespace(NS);
    return copy;
  }

  private static String name(int index) {
    return String.format("p%05d", index);
  }

  private static GenericKubernetesResource example(Path dir, String file) throws IOException {
    try (InputStream in = Files.newInputStream(dir.resolve(file))) {
      HasMetadata resource = Serialization.unmarshal(in, GenericKubernetesResource.class);
      return (GenericKubernetesResource) resource;
    }
  }
}
