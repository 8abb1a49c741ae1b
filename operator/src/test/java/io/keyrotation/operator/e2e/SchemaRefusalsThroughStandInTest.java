package io.keyrotation.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.keyrotation.operator.api.backup.VaultBackupSchedule;
import io.keyrotation.operator.api.principal.ServicePrincipalRotation;
import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.keyrotation.operator.testing.Examples;
import io.keyrotation.sandbox.kubernetes.KubernetesStandIn;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The committed CRDs enforced by an API server (the stand-in's admission: OpenAPI schema and CEL rules), as any
 * client meets them: 422 Invalid with one cause per field.
 */
class SchemaRefusalsThroughStandInTest {
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

  /** The example with one textual edit, sent as plain JSON (Java enums could not even hold a wrong value). */
  private static StatusCause onlyCause(String file, String from, String to, String name) {
    GenericKubernetesResource resource = Examples.edited(file, GenericKubernetesResource.class, from, to);
    resource.getMetadata().setName(name);
    KubernetesClientException refused = catchThrowableOfType(KubernetesClientException.class,
        () -> kubernetes.client().resource(resource).create());
    assertThat(refused).as("%s should be refused", name).isNotNull();
    Status status = refused.getStatus();
    assertThat(status.getCode()).isEqualTo(422);
    assertThat(status.getReason()).isEqualTo("Invalid");
    assertThat(status.getDetails().getCauses()).hasSize(1);
    return status.getDetails().getCauses().get(0);
  }

  @Test
  void everyExampleIsAccepted() {
    assertThat(kubernetes.client().resource(Examples.load("tdekeypolicy.yaml", TdeKeyPolicy.class)).create()
        .getSpec()).isNotNull();
    assertThat(kubernetes.client().resource(Examples.load("vaultbackupschedule.yaml", VaultBackupSchedule.class))
        .create().getSpec()).isNotNull();
    assertThat(kubernetes.client().resource(Examples.load("serviceprincipalrotation.yaml",
        ServicePrincipalRotation.class)).create().getSpec()).isNotNull();
  }

  @Test
  void rejectsKeyNamePrefixLongerThan14WithFieldPath() {
    StatusCause cause = onlyCause("tdekeypolicy.yaml",
        "namePrefix: sales-tde ", "namePrefix: sales-tde-primary ", "long-prefix");

    assertThat(cause.getField()).isEqualTo("spec.key.namePrefix");
    assertThat(cause.getMessage()).startsWith("Invalid value: \"sales-tde-primary\": spec.key.namePrefix in body "
        + "should match");
  }

  @Test
  void rejectsKeyNamePrefixWithCharactersKeyVaultRefuses() {
    StatusCause cause = onlyCause("tdekeypolicy.yaml",
        "namePrefix: sales-tde ", "namePrefix: sales_tde ", "underscore");

    assertThat(cause.getField()).isEqualTo("spec.key.namePrefix");
  }

  @Test
  void rejectsKeyTypeOutsideTheEnum() {
    StatusCause cause = onlyCause("tdekeypolicy.yaml", "type: RSA ", "type: EC ", "ec-key");

    assertThat(cause.getField()).isEqualTo("spec.key.type");
    assertThat(cause.getReason()).isEqualTo("FieldValueNotSupported");
    assertThat(cause.getMessage()).isEqualTo("Unsupported value: \"EC\": supported values: \"RSA\", \"RSA-HSM\"");
  }

  @Test
  void rejectsKeySizeTheConnectorDoesNotSupportByCelRule() {
    StatusCause cause = onlyCause("tdekeypolicy.yaml", "size: 2048", "size: 4096", "rsa-4096");

    assertThat(cause.getField()).isEqualTo("spec.key");
    assertThat(cause.getMessage()).isEqualTo(
        "Invalid value: \"object\": size must be 2048 or 3072 (the RSA sizes the SQL Server Connector supports)");
  }

  @Test
  void rejectsRotationIntervalThatIsNotAnIsoDuration() {
    StatusCause cause = onlyCause("tdekeypolicy.yaml",
        "interval: P365D", "interval: 1y", "bad-interval");

    assertThat(cause.getField()).isEqualTo("spec.rotation.interval");
  }

  @Test
  void rejectsStandbyVaultThatIsTheSourceVaultByCelRule() {
    StatusCause cause = onlyCause("vaultbackupschedule.yaml",
        "https://contoso-tde-dr.vault.azure.net", "https://contoso-tde.vault.azure.net", "standby-is-source");

    assertThat(cause.getField()).isEqualTo("spec");
    assertThat(cause.getReason()).isEqualTo("FieldValueInvalid");
  }

  @Test
  void rejectsUnknownRestoreConflictPolicy() {
    StatusCause cause = onlyCause("vaultbackupschedule.yaml",
        "onRestoreConflict: Skip", "onRestoreConflict: Overwrite", "overwrite");

    assertThat(cause.getField()).isEqualTo("spec.onRestoreConflict");
    assertThat(cause.getReason()).isEqualTo("FieldValueNotSupported");
  }

  @Test
  void rejectsApplicationWithoutClientIdOrObjectIdByCelRule() {
    StatusCause cause = onlyCause("serviceprincipalrotation.yaml",
        "clientId: 9f2b1c4e-5d6a-4b7c-8e9f-0a1b2c3d4e5f", "{}", "no-application-id");

    assertThat(cause.getField()).isEqualTo("spec.application");
    assertThat(cause.getMessage()).isEqualTo("Invalid value: \"object\": clientId or objectId is required");
  }

  @Test
  void rejectsAnObjectNameThatIsNotADnsSubdomain() {
    StatusCause cause = onlyCause("tdekeypolicy.yaml", "name: sales-db", "name: sales-db",
        "Sales_DB");

    assertThat(cause.getField()).isEqualTo("metadata.name");
  }
}
