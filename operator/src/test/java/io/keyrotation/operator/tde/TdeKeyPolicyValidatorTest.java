package io.keyrotation.operator.tde;

import static io.keyrotation.operator.testing.SpecProblemAssertions.assertHasProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.keyrotation.operator.testing.Examples;
import io.keyrotation.operator.validation.SpecProblem;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TdeKeyPolicyValidatorTest {
  static final String EXAMPLE = "tdekeypolicy.yaml";
  final TdeKeyPolicyValidator validator = new TdeKeyPolicyValidator();

  @Test
  void acceptsTheExample() {
    assertThat(validator.validate(Examples.load(EXAMPLE, TdeKeyPolicy.class).getSpec())).isEmpty();
  }

  static Stream<Arguments> invalidSpecs() {
    return Stream.of(
        Arguments.of("interval shorter than an hour", "interval: P365D", "interval: PT30M",
            "spec.rotation.interval", "at least PT1H"),
        Arguments.of("empty interval", "interval: P365D", "interval: P", "spec.rotation.interval", "not an ISO-8601 duration"),
        Arguments.of("interval beyond any date Azure stores", "interval: P365D", "interval: P999999999Y",
            "spec.rotation.interval", "longer than 100 years"),
        Arguments.of("key expiry too far out to compute", "size: 2048", "size: 2048\n    expiresAfter: P999999999999D",
            "spec.key.expiresAfter", "longer than 100 years"),
        Arguments.of("zero interval", "interval: P365D", "interval: P0D", "spec.rotation.interval", "longer than zero"),
        Arguments.of("key expiring before the next rotation", "size: 2048", "size: 2048\n    expiresAfter: P180D",
            "spec.key.expiresAfter", "must be longer than spec.rotation.interval"),
        Arguments.of("vault URL with a path", "url: https://contoso-tde.vault.azure.net", "url: https://contoso-tde.vault.azure.net/keys",
            "spec.vault.url", "must not have a path"),
        Arguments.of("vault URL over http", "url: https://contoso-tde.vault.azure.net", "url: http://contoso-tde.vault.azure.net",
            "spec.vault.url", "https"),
        Arguments.of("key size the connector does not support", "size: 2048", "size: 4096", "spec.key.size", "2048 or 3072"),
        Arguments.of("NewVersion strategy with a prefix", "namePrefix: sales-tde", "namingStrategy: NewVersion\n    namePrefix: sales-tde",
            "spec.key.name", "NewVersion strategy needs name"),
        Arguments.of("NewName strategy with a name as well", "namePrefix: sales-tde", "namePrefix: sales-tde\n    name: sales-key",
            "spec.key.name", "NewName strategy needs namePrefix (and no name)"),
        Arguments.of("window cron with six fields", "schedule: \"0 1 * * 0\"", "schedule: \"0 0 1 * * 0\"",
            "spec.rotation.maintenanceWindow.schedule", "not a valid cron schedule"),
        Arguments.of("unknown time zone", "timeZone: Europe/Paris", "timeZone: Europe/Atlantis",
            "spec.rotation.maintenanceWindow.timeZone", "IANA time zone"),
        Arguments.of("window too short to re-encrypt", "duration: PT4H", "duration: PT1M",
            "spec.rotation.maintenanceWindow.duration", "at least PT5M"),
        Arguments.of("Listed selection without names", "selection: AllEncrypted", "selection: Listed",
            "spec.sqlServer.databases.names", "required with selection Listed"),
        Arguments.of("Listed selection repeating a name", "selection: AllEncrypted", "selection: Listed\n      names: [Sales, Sales]",
            "spec.sqlServer.databases.names[1]", "database names must be unique: 'Sales' repeats names[0]"),
        Arguments.of("database name with a leading blank", "selection: AllEncrypted", "selection: Listed\n      names: [Sales, ' Orders']",
            "spec.sqlServer.databases.names[1]", "no blank at its start or end"),
        Arguments.of("database name with a trailing blank", "selection: AllEncrypted", "selection: Listed\n      names: ['Sales ']",
            "spec.sqlServer.databases.names[0]", "no blank at its start or end"),
        Arguments.of("vault name Azure does not allow in the URL", "url: https://contoso-tde.vault.azure.net",
            "url: https://1contoso.vault.azure.net", "spec.vault.url", "starts with a letter"),
        Arguments.of("vault name with two hyphens in a row", "identity: contoso-tde", "identity: contoso--tde",
            "spec.ekmCredential.identity", "no two hyphens in a row"),
        Arguments.of("vault name ending in a hyphen", "identity: contoso-tde", "identity: contoso-tde-",
            "spec.ekmCredential.identity", "ending with a letter or digit"),
        Arguments.of("the same host twice in different letter case", "    instances:\n",
            "    instances:\n      - name: sql-a\n        host: SQL-0.sql.tde-demo.SVC\n        loginSecretRef:\n          name: sql-operator-login\n",
            "spec.sqlServer.instances[1].host", "host names compare case-insensitively"),
        Arguments.of("time zone written as an offset", "timeZone: Europe/Paris", "timeZone: GMT+1",
            "spec.rotation.maintenanceWindow.timeZone", "not an IANA time zone name"),
        Arguments.of("time zone Z", "timeZone: Europe/Paris", "timeZone: Z",
            "spec.rotation.maintenanceWindow.timeZone", "an offset is not a zone"),
        Arguments.of("a step of zero", "schedule: \"0 1 * * 0\"", "schedule: \"*/0 1 * * 0\"",
            "spec.rotation.maintenanceWindow.schedule", "a step of 0 is not allowed in the minute field"),
        Arguments.of("ClientSecret credentials without a Secret", "  ekmCredential:", "  azureCredentials:\n    type: ClientSecret\n  ekmCredential:",
            "spec.azureCredentials.secretRef", "required when type is ClientSecret"),
        Arguments.of("two instances with one name", "    instances:\n",
            "    instances:\n      - name: sql-0\n        host: other\n        loginSecretRef:\n          name: sql-operator-login\n",
            "spec.sqlServer.instances[1].name", "instance names must be unique: 'sql-0' repeats instances[0]"),
        Arguments.of("EKM identity naming another vault", "identity: contoso-tde ", "identity: contoso-other ",
            "spec.ekmCredential.identity", "'contoso-other' does not name the vault of the URL https://contoso-tde.vault.azure.net; "
                + "the SQL Server Connector reaches that vault with IDENTITY 'contoso-tde'"),
        Arguments.of("EKM identity as a bare name for a US Government vault", "url: https://contoso-tde.vault.azure.net",
            "url: https://contoso-tde.vault.usgovcloudapi.net", "spec.ekmCredential.identity",
            "reaches that vault with IDENTITY 'contoso-tde.vault.usgovcloudapi.net'"),
        Arguments.of("EKM identity as a host for a public vault", "identity: contoso-tde ", "identity: contoso-tde.vault.azure.net ",
            "spec.ekmCredential.identity", "IDENTITY 'contoso-tde'"),
        Arguments.of("vault region of another cloud than the URL", "region: westeurope", "region: chinanorth3",
            "spec.vault.region", "is a region of AzureChina but the URL's host contoso-tde.vault.azure.net is a vault of AzurePublic"),
        Arguments.of("vault in a region of retired Azure Germany", "region: westeurope", "region: germanynortheast",
            "spec.vault.region", "closed in October 2021"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidSpecs")
  void refusesWithTheFieldAndWhatToFix(String caseName, String from, String to, String field, String message) {
    TdeKeyPolicy policy = Examples.edited(EXAMPLE, TdeKeyPolicy.class, from, to);
    List<SpecProblem> problems = validator.validate(policy.getSpec());
    assertHasProblem(caseName, problems, field, message);
  }

  @Test
  void acceptsTheHostIdentityOfANationalCloudVaultAndItsDefault() {
    String government = Examples.text(EXAMPLE).replace("contoso-tde.vault.azure.net", "contoso-tde.vault.usgovcloudapi.net")
        .replace("region: westeurope", "region: usgovarizona");
    String declared = government.replace("identity: contoso-tde ", "identity: Contoso-TDE.vault.usgovcloudapi.net ");
    String derived = government.replace("    identity: contoso-tde ", "    # no identity ");
    assertThat(validator.validate(Serialization.unmarshal(declared, TdeKeyPolicy.class).getSpec())).isEmpty();
    assertThat(validator.validate(Serialization.unmarshal(derived, TdeKeyPolicy.class).getSpec())).isEmpty();
  }

  @Test
  void acceptsADeclaredIdentityForACustomEndpointAndAnUnknownRegion() {
    String custom = Examples.text(EXAMPLE).replace("https://contoso-tde.vault.azure.net", "https://localhost:8443")
        .replace("region: westeurope", "region: denmarkeast");
    assertThat(validator.validate(Serialization.unmarshal(custom, TdeKeyPolicy.class).getSpec())).isEmpty();
  }

  @Test
  void requiresTheIdentityForAVaultOutsideTheKnownClouds() {
    String custom = Examples.text(EXAMPLE).replace("https://contoso-tde.vault.azure.net", "https://kv.contoso.internal")
        .replace("    identity: contoso-tde ", "    # no identity ");
    assertHasProblem("custom endpoint without identity", validator.validate(Serialization.unmarshal(custom, TdeKeyPolicy.class).getSpec()),
        "spec.ekmCredential.identity", "is required: the vault URL's host is not a Key Vault endpoint of a known Azure cloud");
  }

  @Test
  void reportsEveryProblemAtOnce() {
    String twoProblems = Examples.text(EXAMPLE).replace("size: 2048", "size: 1024").replace("interval: P365D", "interval: PT1M");
    var spec = Serialization.unmarshal(twoProblems, TdeKeyPolicy.class).getSpec();
    assertThat(validator.validate(spec)).extracting(SpecProblem::field).containsExactlyInAnyOrder("spec.key.size", "spec.rotation.interval");
  }

  @Test
  void refusesAMissingSpecWithoutThrowing() {
    assertThat(validator.validate(null)).extracting(SpecProblem::field).containsExactly("spec");
  }
}
