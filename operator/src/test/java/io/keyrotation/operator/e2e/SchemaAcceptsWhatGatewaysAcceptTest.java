package io.keyrotation.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.keyrotation.operator.api.backup.ArchiveDestination;
import io.keyrotation.operator.api.backup.VaultBackupSchedule;
import io.keyrotation.operator.api.backup.VaultBackupScheduleSpec;
import io.keyrotation.operator.api.common.NameRules;
import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.keyrotation.operator.backup.VaultBackupScheduleValidator;
import io.keyrotation.operator.keyvault.KeyNameGenerator;
import io.keyrotation.operator.sqlserver.SqlNames;
import io.keyrotation.operator.status.GatewayException;
import io.keyrotation.operator.tde.TdeKeyPolicyValidator;
import io.keyrotation.operator.testing.Examples;
import io.keyrotation.sandbox.kubernetes.KubernetesStandIn;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Whatever the CRD schema admits, the operator's gateways (or, where no gateway exists yet, its validator) accept
 * too: names are generated around each rule's edges, applied through the Kubernetes stand-in's admission (OpenAPI
 * and CEL, as the API server), and the admitted ones are handed to the gateway's own name check. A name the schema
 * admits and a gateway refuses would fail at rotation time, after external calls have begun.
 */
class SchemaAcceptsWhatGatewaysAcceptTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);
  static final String VALID = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-";
  static final List<String> ODD = List.of("-", "_", ".", " ", "\t", "\n", "\u00a0", "\u2028", "\u200b", "é", "ß", "鍵",
      "⚿", "🔑", "]", "'", "/", "?", "A", "0");
  static final int[] LENGTHS = {0, 1, 2, 3, 4, 8, 13, 14, 15, 17, 23, 24, 25, 26, 27, 62, 63, 64, 65, 126, 127, 128, 129};
  static KubernetesStandIn kubernetes;
  static final AtomicInteger names = new AtomicInteger();

  @BeforeAll
  static void start() {
    kubernetes = KubernetesStandIn.start();
    kubernetes.applyCrds(Path.of("../crds"));
  }

  @AfterAll
  static void stop() {
    kubernetes.close();
  }

  @Test
  void everyEkmIdentityTheSchemaAdmitsIsOneTheSqlGatewayPutsInACredential() {
    List<String> candidates = new ArrayList<>(candidates(1));
    candidates.addAll(List.of("contoso-tde.vault.usgovcloudapi.net", "contoso--tde.vault.azure.cn", "ab.vault.azure.cn",
        "contoso-tde..vault.azure.cn", "contoso-tde.", "x".repeat(24) + ".managedhsm.azure.net"));
    assertAdmittedAreAccepted(candidates, name -> admitted("tdekeypolicy.yaml",
        spec -> map(spec, "ekmCredential").put("identity", name)), name -> accepts(() -> SqlNames.requireEkmIdentity(name)));
  }

  /**
   * A vault URL's host carries the vault name the EKM credential is derived from. The schema checks the URL's
   * shape only (the cloud domains live in the operator); the validator refuses a bad name before any call.
   */
  @Test
  void everyPublicCloudVaultUrlTheSchemaAdmitsIsRefusedByTheValidatorOrAcceptedByTheSqlGateway() {
    TdeKeyPolicyValidator validator = new TdeKeyPolicyValidator();
    assertAdmittedAreAccepted(candidates(8).stream().filter(n -> !n.isEmpty()).toList(),
        name -> admitted("tdekeypolicy.yaml", spec -> map(spec, "vault").put("url", vaultUrl(name))), name -> {
          String text = Examples.text("tdekeypolicy.yaml").replace("https://contoso-tde.vault.azure.net", vaultUrl(name))
              .replaceAll("(?m)^    identity: .*\n", "");
          boolean validated = validator.validate(Serialization.unmarshal(text, TdeKeyPolicy.class).getSpec()).stream()
              .noneMatch(p -> p.field().startsWith("spec.vault.url") || p.field().startsWith("spec.ekmCredential"));
          return !validated || accepts(() -> SqlNames.requireVaultName(name));
        });
  }

  private static String vaultUrl(String name) {
    return "https://" + name + ".vault.azure.net";
  }

  @Test
  void everyNewVersionKeyNameTheSchemaAdmitsIsOneTheConnectorTakes() {
    assertAdmittedAreAccepted(candidates(2), name -> admitted("tdekeypolicy.yaml", spec -> {
      Map<String, Object> key = map(spec, "key");
      key.remove("namePrefix");
      key.put("namingStrategy", "NewVersion");
      key.put("name", name);
    }), name -> KeyNameGenerator.isValidConnectorKeyName(name) && accepts(() -> SqlNames.requireProviderKeyName(name)));
  }

  @Test
  void everyKeyNamePrefixTheSchemaAdmitsYieldsConnectorNamesUpToTheLastSameDaySequence() {
    KeyNameGenerator generator = new KeyNameGenerator(CLOCK);
    assertAdmittedAreAccepted(candidates(3), name -> admitted("tdekeypolicy.yaml",
        spec -> map(spec, "key").put("namePrefix", name)), name -> accepts(() -> {
          String last = generator.nextFreeName(name, candidate -> !candidate.endsWith("-99"));
          if (!last.endsWith("-99") || !KeyNameGenerator.isValidConnectorKeyName(last)
              || !accepts(() -> SqlNames.requireProviderKeyName(last))) {
            throw new AssertionError(last);
          }
        }));
  }

  @Test
  void everyDatabaseNameTheSchemaAdmitsIsOneTheSqlGatewayAccepts() {
    assertAdmittedAreAccepted(candidates(4), name -> admitted("tdekeypolicy.yaml", spec -> {
      Map<String, Object> databases = map(map(spec, "sqlServer"), "databases");
      databases.put("selection", "Listed");
      databases.put("names", List.of(name));
    }), name -> accepts(() -> SqlNames.requireIdentifier("database name", name)));
  }

  @Test
  void everyProviderNameTheSchemaAdmitsIsOneTheSqlGatewayAccepts() {
    assertAdmittedAreAccepted(candidates(5), name -> admitted("tdekeypolicy.yaml",
        spec -> map(spec, "sqlServer").put("providerName", name)),
        name -> accepts(() -> SqlNames.requireIdentifier("provider name", name)));
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyCredentialNameTheSchemaAdmitsIsOneTheSqlGatewayAccepts() {
    assertAdmittedAreAccepted(candidates(6), name -> admitted("serviceprincipalrotation.yaml", spec -> {
      List<Object> credentials = (List<Object>) map(spec, "targets").get("sqlServerCredentials");
      ((Map<String, Object>) credentials.get(0)).put("credentialNames", List.of(name));
    }), name -> accepts(() -> SqlNames.requireIdentifier("credential name", name)));
  }

  /** The Key Vault gateway checks a key name with the same rule before any call (NewKey). */
  @Test
  void everyBackupKeyNameTheSchemaAdmitsIsOneKeyVaultAccepts() {
    assertAdmittedAreAccepted(candidates(9), name -> admitted("vaultbackupschedule.yaml", spec -> {
      Map<String, Object> keys = map(map(spec, "source"), "keys");
      keys.remove("namePrefix");
      keys.put("names", List.of(name));
    }), NameRules.KEY_NAME::accepts);
  }

  /** No Blob Storage gateway yet: the validator is the operator's last check before any call. */
  @Test
  void everyContainerUrlTheSchemaAdmitsPassesTheValidator() {
    VaultBackupScheduleValidator validator = new VaultBackupScheduleValidator();
    assertAdmittedAreAccepted(candidates(7), name -> admitted("vaultbackupschedule.yaml",
        spec -> map(map(spec, "archive"), "blob").put("containerUrl", containerUrl(name))), name -> {
          VaultBackupSchedule schedule = Examples.load("vaultbackupschedule.yaml", VaultBackupSchedule.class);
          return validator.validate(withContainerUrl(schedule, containerUrl(name))).isEmpty();
        });
  }

  private static String containerUrl(String name) {
    return "https://contosobackups.blob.core.windows.net/" + name;
  }

  private static VaultBackupScheduleSpec withContainerUrl(VaultBackupSchedule schedule, String url) {
    var spec = schedule.getSpec();
    var archive = new ArchiveDestination(new ArchiveDestination.BlobContainer(url, spec.archive().blob().prefix()));
    return new VaultBackupScheduleSpec(spec.schedule(), spec.timeZone(), spec.suspend(),
        spec.startingDeadlineSeconds(), spec.concurrencyPolicy(), spec.source(), archive, spec.standbyVaults(),
        spec.onRestoreConflict(), spec.retention(), spec.azureCredentials(), spec.ekmIdentity(), spec.drill());
  }

  private static void assertAdmittedAreAccepted(List<String> candidates, Predicate<String> schema, Predicate<String> gateway) {
    List<String> admitted = new ArrayList<>();
    List<String> admittedButRefused = new ArrayList<>();
    for (String candidate : candidates) {
      if (schema.test(candidate)) {
        admitted.add(candidate);
        if (!gateway.test(candidate)) {
          admittedButRefused.add(candidate);
        }
      }
    }
    assertThat(admittedButRefused).as("admitted by the schema, refused by the operator").isEmpty();
    assertThat(admitted).as("candidates the schema admitted").hasSizeGreaterThan(10);
    assertThat(admitted).as("some candidates must be refused, or the test proves nothing").hasSizeLessThan(candidates.size());
  }

  private static boolean admitted(String example, Consumer<Map<String, Object>> edit) {
    GenericKubernetesResource resource = Examples.load(example, GenericKubernetesResource.class);
    resource.getMetadata().setName("candidate-" + names.incrementAndGet());
    edit.accept(map(resource.getAdditionalProperties(), "spec"));
    try {
      kubernetes.client().resource(resource).create();
      return true;
    } catch (KubernetesClientException e) {
      assertThat(e.getCode()).as(e.getMessage()).isEqualTo(422);
      return false;
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> parent, String key) {
    Object child = parent.get(key);
    if (child == null) {
      child = new LinkedHashMap<String, Object>();
      parent.put(key, child);
    }
    return (Map<String, Object>) child;
  }

  private static boolean accepts(Runnable check) {
    try {
      check.run();
      return true;
    } catch (GatewayException | AssertionError e) {
      return false;
    }
  }

  /** Names at each rule's edges: mostly allowed characters at boundary lengths, with odd characters mixed in. */
  static List<String> candidates(long seed) {
    Random random = new Random(seed);
    List<String> candidates = new ArrayList<>(List.of("a", "abc", "a-b", "a--b", "-ab", "ab-", "1ab", "Ab1", " Sales",
        "Sales ", "Sales\u00a0", "Sa les", "TDE_KEY", "key-backups", "x".repeat(24), "x".repeat(25), "x".repeat(63),
        "x".repeat(64), "x".repeat(128), "x".repeat(129), "鍵".repeat(128), "🔑".repeat(64), "a\tb", "a]b", "a'b"));
    for (int length : LENGTHS) {
      for (int i = 0; i < 5; i++) {
        StringBuilder name = new StringBuilder();
        while (name.codePointCount(0, name.length()) < length) {
          if (i < 2 || random.nextInt(10) < 8) {
            name.append(VALID.charAt(random.nextInt(VALID.length())));
          } else {
            name.append(ODD.get(random.nextInt(ODD.size())));
          }
        }
        String text = i == 1 && name.length() > 0 ? "k" + name.substring(1) : name.toString();
        candidates.add(i % 2 == 0 ? text : text.toLowerCase(java.util.Locale.ROOT));
      }
    }
    return candidates;
  }
}
