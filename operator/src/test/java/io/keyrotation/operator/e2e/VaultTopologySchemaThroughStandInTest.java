package io.keyrotation.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.keyrotation.operator.testing.Examples;
import io.keyrotation.sandbox.kubernetes.KubernetesStandIn;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Subscriptions, regions and EKM identities as the committed CRDs enforce them through the API server stand-in. */
class VaultTopologySchemaThroughStandInTest {
  static final String SUBSCRIPTION_LINE = "\n      subscriptionId: 6f1c3e2a-5b7d-4c9e-8a10-2d3f4b5c6d7e";
  static KubernetesStandIn kubernetes;

  @BeforeAll
  static void start() {
    kubernetes = KubernetesStandIn.start();
    kubernetes.applyCrds(Path.of("../crds"));
  }

  @AfterAll
  static void stop() {
    kubernetes.close();
  }

  private static List<StatusCause> refusal(String manifest, String name) {
    GenericKubernetesResource resource = Serialization.unmarshal(manifest, GenericKubernetesResource.class);
    resource.getMetadata().setName(name);
    KubernetesClientException refused = catchThrowableOfType(KubernetesClientException.class,
        () -> kubernetes.client().resource(resource).create());
    assertThat(refused).as("%s should be refused", name).isNotNull();
    assertThat(refused.getStatus().getCode()).isEqualTo(422);
    return refused.getStatus().getDetails().getCauses();
  }

  private static GenericKubernetesResource accepted(String manifest, String name) {
    GenericKubernetesResource resource = Serialization.unmarshal(manifest, GenericKubernetesResource.class);
    resource.getMetadata().setName(name);
    return kubernetes.client().resource(resource).create();
  }

  @Test
  void refusesAStandbyWithoutSubscription() {
    String manifest = Examples.text("vaultbackupschedule.yaml").replace("region: northeurope" + SUBSCRIPTION_LINE, "region: northeurope");
    assertThat(refusal(manifest, "standby-without-subscription"))
        .anySatisfy(c -> assertThat(c.getMessage()).contains("every standby vault needs region and subscriptionId"));
  }

  @Test
  void refusesASourceWithoutSubscriptionWhenRestoring() {
    String manifest = Examples.text("vaultbackupschedule.yaml").replace(
        "region: westeurope" + SUBSCRIPTION_LINE, "region: westeurope");
    assertThat(refusal(manifest, "source-without-subscription"))
        .anySatisfy(c -> assertThat(c.getMessage()).contains("source.vault.subscriptionId is required with standbyVaults"));
  }

  @Test
  void acceptsASourceWithoutSubscriptionWhenNothingIsRestored() {
    String manifest = Examples.text("vaultbackupschedule.yaml")
        .replace("region: westeurope" + SUBSCRIPTION_LINE, "region: westeurope")
        .replaceAll("(?s)  standbyVaults:.*?(  onRestoreConflict)", "$1");
    assertThat(accepted(manifest, "backup-only").getAdditionalProperties()).containsKey("spec");
  }

  @Test
  void refusesASubscriptionThatIsNoUuid() {
    String manifest = Examples.text("vaultbackupschedule.yaml").replace("6f1c3e2a-5b7d-4c9e-8a10-2d3f4b5c6d7e", "contoso-prod");
    assertThat(refusal(manifest, "subscription-by-name"))
        .anySatisfy(c -> assertThat(c.getField()).isEqualTo("spec.source.vault.subscriptionId"));
  }

  @Test
  void acceptsTheHostFormOfAnEkmIdentity() {
    String manifest = Examples.text("tdekeypolicy.yaml").replace("contoso-tde.vault.azure.net", "contoso-tde.vault.usgovcloudapi.net")
        .replace("identity: contoso-tde ", "identity: contoso-tde.vault.usgovcloudapi.net ");
    assertThat(accepted(manifest, "government-identity").getAdditionalProperties()).containsKey("spec");
  }
}
