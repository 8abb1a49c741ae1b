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
import java.util.List;
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
    List<StatusCause> causes = status.getDetails().getCauses().stream().filter(c -> !"<nil>".equals(c.getField())).toList();
    assertThat(causes).hasSize(1);
    return causes.get(0);
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
  void rejectsKeyNamePrefixLongerThan14WithTheRuleInWords() {
    StatusCause cause = onlyCause("tdekeypolicy.yaml",
        "namePrefix: sales-tde ", "namePrefix: sales-tde-primary ", "long-prefix");

    assertThat(cause.getField()).isEqualTo("spec.key.namePrefix");
    assertThat(cause.getMessage()).isEqualTo("Invalid value: \"string\": a key name prefix has 1 to 14 letters, digits "
        + "and hyphens, starting and ending with a letter or digit, so that <prefix>-<yyyyMMdd>-<NN> fits the SQL "
        + "Server Connector's 26 characters");
  }

  @Test
  void rejectsACronScheduleWithTheRuleInWordsNotARegularExpression() {
    StatusCause cause = onlyCause("vaultbackupschedule.yaml", "schedule: \"30 2 * * *\"", "schedule: daily", "word-cron");

    assertThat(cause.getField()).isEqualTo("spec.schedule");
    assertThat(cause.getMessage()).contains("must be a Kubernetes CronJob schedule: five fields").doesNotContain("\\S");
  }

  @Test
  void rejectsAVaultUrlWithAPathWithTheRuleInWords() {
    StatusCause cause = onlyCause("tdekeypolicy.yaml", "url: https://contoso-tde.vault.azure.net",
        "url: https://contoso-tde.vault.azure.net/keys/k1", "url-with-path");

    assertThat(cause.getField()).isEqualTo("spec.vault.url");
    assertThat(cause.getMessage()).contains("must be the vault's https URL with nothing after the host");
  }

  @Test
  void rejectsATenantDomainWhereTheTenantIdBelongsWithTheRuleInWords() {
    StatusCause cause = onlyCause("serviceprincipalrotation.yaml", "tenantId: 00000000-1111-2222-3333-444444444444",
        "tenantId: contoso.onmicrosoft.com", "tenant-domain");

    assertThat(cause.getField()).isEqualTo("spec.tenantId");
    assertThat(cause.getMessage()).contains("must be a GUID such as").doesNotContain("[0-9a-fA-F]");
  }

  @Test
  void rejectsAVaultNameAzureDoesNotAllow() {
    StatusCause cause = onlyCause("tdekeypolicy.yaml", "identity: contoso-tde", "identity: contoso--tde", "double-hyphen");

    assertThat(cause.getField()).isEqualTo("spec.ekmCredential.identity");
    assertThat(cause.getMessage()).contains("no two hyphens in a row");
  }

  @Test
  void rejectsABlobContainerNameAzureDoesNotAllow() {
    StatusCause cause = onlyCause("vaultbackupschedule.yaml", "/key-backups", "/key--backups", "container-hyphens");

    assertThat(cause.getField()).isEqualTo("spec.archive.blob.containerUrl");
    assertThat(cause.getMessage()).contains("no two hyphens in a row");
  }

  @Test
  void rejectsATimeZoneWrittenAsAnOffset() {
    StatusCause cause = onlyCause("vaultbackupschedule.yaml", "timeZone: Europe/Paris", "timeZone: \"+01:00\"", "offset-zone");

    assertThat(cause.getField()).isEqualTo("spec.timeZone");
    assertThat(cause.getMessage()).contains("must be an IANA time zone name such as UTC or Europe/Paris");
  }

  @Test
  void rejectsADatabaseNameWithALeadingBlank() {
    StatusCause cause = onlyCause("tdekeypolicy.yaml", "selection: AllEncrypted", "selection: Listed\n      names: [' Sales']",
        "blank-database");

    assertThat(cause.getField()).isEqualTo("spec.sqlServer.databases.names[0]");
  }

  @Test
  void aKeySizeWrittenAsAStringGetsOneCauseNotASecondAboutTheSizes() {
    StatusCause cause = onlyCause("tdekeypolicy.yaml", "size: 2048", "size: \"2048\"", "string-size");

    assertThat(cause.getField()).isEqualTo("spec.key.size");
    assertThat(cause.getReason()).isEqualTo("FieldValueTypeInvalid");
    assertThat(cause.getMessage()).doesNotContain("2048 or 3072");
  }

  @Test
  void rejectsTheNewVersionStrategyWithAPrefixAtTheNameField() {
    StatusCause cause = onlyCause("tdekeypolicy.yaml", "namePrefix: sales-tde ", "namingStrategy: NewVersion\n    namePrefix: sales-tde ",
        "new-version-prefix");

    assertThat(cause.getField()).isEqualTo("spec.key.name");
    assertThat(cause.getMessage()).contains("the NewVersion strategy needs name (and no namePrefix)");
  }

  @Test
  void rejectsClientSecretCredentialsWithoutASecretAsARequiredField() {
    StatusCause cause = onlyCause("tdekeypolicy.yaml", "  ekmCredential:", "  azureCredentials:\n    type: ClientSecret\n  ekmCredential:",
        "no-secret-ref");

    assertThat(cause.getField()).isEqualTo("spec.azureCredentials.secretRef");
    assertThat(cause.getReason()).isEqualTo("FieldValueRequired");
  }

  @Test
  void rejectsAListedSelectionWithoutNamesAtTheNamesField() {
    StatusCause cause = onlyCause("tdekeypolicy.yaml", "selection: AllEncrypted", "selection: Listed", "listed-no-names");

    assertThat(cause.getField()).isEqualTo("spec.sqlServer.databases.names");
  }

  @Test
  void rejectsObjectNameTemplatesWithoutTheKeyName() {
    StatusCause cause = onlyCause("tdekeypolicy.yaml", "    databases:\n", "    objectNames:\n      login: TDE_LOGIN\n    databases:\n",
        "template-without-key");

    assertThat(cause.getField()).isEqualTo("spec.sqlServer.objectNames.login");
    assertThat(cause.getMessage()).contains("each name template must contain {keyName}");
  }

  @Test
  void rejectsKeySelectionByNamesAndPrefixAtTheNamesField() {
    StatusCause cause = onlyCause("vaultbackupschedule.yaml", "namePrefix: sales-tde", "namePrefix: sales-tde\n      names: [k1]",
        "names-and-prefix");

    assertThat(cause.getField()).isEqualTo("spec.source.keys.names");
  }

  @Test
  @SuppressWarnings("unchecked")
  void rejectsARotationWithoutTargets() {
    GenericKubernetesResource rotation = Examples.load("serviceprincipalrotation.yaml", GenericKubernetesResource.class);
    rotation.getMetadata().setName("no-targets");
    ((java.util.Map<String, Object>) rotation.getAdditionalProperties().get("spec")).put("targets", java.util.Map.of());

    KubernetesClientException refused = catchThrowableOfType(KubernetesClientException.class,
        () -> kubernetes.client().resource(rotation).create());

    assertThat(refused.getStatus().getDetails().getCauses()).singleElement().satisfies(c -> {
      assertThat(c.getField()).isEqualTo("spec.targets");
      assertThat(c.getMessage()).contains("at least one target is required");
    });
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

    assertThat(cause.getField()).isEqualTo("spec.key.size");
    assertThat(cause.getMessage()).isEqualTo(
        "Invalid value: \"integer\": must be 2048 or 3072 (the RSA sizes the SQL Server Connector supports)");
  }

  @Test
  void rejectsRotationIntervalThatIsNotAnIsoDuration() {
    StatusCause cause = onlyCause("tdekeypolicy.yaml",
        "interval: P365D", "interval: 1y", "bad-interval");

    assertThat(cause.getField()).isEqualTo("spec.rotation.interval");
  }

  @Test
  void rejectsStandbyVaultThatIsTheSourceVaultAtTheStandbyField() {
    StatusCause cause = onlyCause("vaultbackupschedule.yaml",
        "https://contoso-tde-dr.vault.azure.net", "https://contoso-tde.vault.azure.net", "standby-is-source");

    assertThat(cause.getField()).isEqualTo("spec.standbyVaults");
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
