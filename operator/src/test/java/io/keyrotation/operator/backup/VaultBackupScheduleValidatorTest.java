package io.keyrotation.operator.backup;

import static io.keyrotation.operator.testing.SpecProblemAssertions.assertHasProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.keyrotation.operator.api.backup.VaultBackupSchedule;
import io.keyrotation.operator.api.backup.VaultBackupScheduleSpec;
import io.keyrotation.operator.testing.Examples;
import io.keyrotation.operator.validation.SpecProblem;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VaultBackupScheduleValidatorTest {
  static final String EXAMPLE = "vaultbackupschedule.yaml";
  final VaultBackupScheduleValidator validator = new VaultBackupScheduleValidator();

  @Test
  void acceptsTheExample() {
    assertThat(validator.validate(Examples.load(EXAMPLE, VaultBackupSchedule.class).getSpec())).isEmpty();
  }

  @Test
  void acceptsAStandbyInAnotherRegionOfTheSameGeography() {
    var schedule = Examples.edited(EXAMPLE, VaultBackupSchedule.class, "region: northeurope", "region: westeurope");
    assertThat(validator.validate(schedule.getSpec())).isEmpty();
  }

  static final String SUBSCRIPTION = "6f1c3e2a-5b7d-4c9e-8a10-2d3f4b5c6d7e";
  static final String STANDBY = "    - url: https://contoso-tde-dr.vault.azure.net\n      region: northeurope\n      subscriptionId: " + SUBSCRIPTION;
  static final String STANDBYS = "  standbyVaults:\n" + STANDBY + "\n";

  @Test
  void acceptsAnUnknownSourceRegionWhenNothingIsRestored() {
    var spec = specOf(Examples.text(EXAMPLE).replace(STANDBYS, "").replace("region: westeurope", "region: denmarkeast"));
    assertThat(spec.standbyVaults()).isEmpty();
    assertThat(validator.validate(spec)).isEmpty();
  }

  @Test
  void acceptsARegionAddedByConfiguration() {
    var validatorWithExtra = new VaultBackupScheduleValidator(
        AzureRegions.parse("KEYROTATION_EXTRA_REGIONS", "europenew=Europe,denmarkeast=Denmark"));
    var sameWorld = Examples.edited(EXAMPLE, VaultBackupSchedule.class, "region: northeurope", "region: europenew");
    var newWorld = Examples.edited(EXAMPLE, VaultBackupSchedule.class, "region: northeurope", "region: denmarkeast");
    assertThat(validatorWithExtra.validate(sameWorld.getSpec())).isEmpty();
    assertHasProblem("configured region of a new security world", validatorWithExtra.validate(newWorld.getSpec()),
        "spec.standbyVaults[0].region", "is in geography Denmark but the source vault is in Europe");
  }

  static String withDrill(String vaultUrl, String region) {
    return Examples.text(EXAMPLE) + "  drill:\n    schedule: \"0 4 * * 0\"\n    vault:\n      url: " + vaultUrl
        + "\n      region: " + region + "\n      subscriptionId: " + SUBSCRIPTION + "\n";
  }

  @Test
  void acceptsADrillIntoAScratchVaultOfTheSameGeography() {
    assertThat(validator.validate(specOf(withDrill("https://contoso-tde-scratch.vault.azure.net", "northeurope")))).isEmpty();
  }

  @Test
  void refusesADrillIntoAStandbyOrAnotherGeography() {
    assertHasProblem("scratch vault is a standby", validator.validate(specOf(withDrill("https://contoso-tde-dr.vault.azure.net", "northeurope"))),
        "spec.drill.vault.url", "is a standby vault");
    assertHasProblem("scratch vault is the source", validator.validate(specOf(withDrill("https://contoso-tde.vault.azure.net", "westeurope"))),
        "spec.drill.vault.url", "is the source vault");
    assertHasProblem("scratch vault in the US", validator.validate(specOf(withDrill("https://contoso-tde-scratch.vault.azure.net", "eastus"))),
        "spec.drill.vault.region", "is in geography");
  }

  @Test
  void acceptsAGovernmentStandbyOfTheSameSecurityWorld() {
    assertThat(validator.validate(inGovernmentCloud("usgovvirginia", "usgovtexas"))).isEmpty();
  }

  @Test
  void refusesRestoringBetweenUsDodEastAndUsDodCentral() {
    assertHasProblem("DoD East to DoD Central", validator.validate(inGovernmentCloud("usdodeast", "usdodcentral")),
        "spec.standbyVaults[0].region", "is in geography UsDodCentral but the source vault is in UsDodEast");
  }

  private static VaultBackupScheduleSpec inGovernmentCloud(String sourceRegion, String standbyRegion) {
    return specOf(Examples.text(EXAMPLE).replace(".vault.azure.net", ".vault.usgovcloudapi.net")
        .replace("region: westeurope", "region: " + sourceRegion).replace("region: northeurope", "region: " + standbyRegion));
  }

  private static VaultBackupScheduleSpec specOf(String manifest) {
    return Serialization.unmarshal(manifest, VaultBackupSchedule.class).getSpec();
  }

  static Stream<Arguments> invalidSpecs() {
    return Stream.of(
        Arguments.of("standby vault in another subscription", STANDBY, STANDBY.replace(SUBSCRIPTION, "0b9a8c7d-1e2f-4a3b-9c4d-5e6f7a8b9c0d"),
            "spec.standbyVaults[0].subscriptionId", "is not the source vault's subscription"),
        Arguments.of("standby vault without a subscription", STANDBY, STANDBY.replace("\n      subscriptionId: " + SUBSCRIPTION, ""),
            "spec.standbyVaults[0].subscriptionId", "is required"),
        Arguments.of("source without a subscription but with standbys", "subscriptionId: " + SUBSCRIPTION + "   #", "#",
            "spec.source.vault.subscriptionId", "is required"),
        Arguments.of("standby in an unknown region names the option", "region: northeurope", "region: denmarkeast",
            "spec.standbyVaults[0].region", "KEYROTATION_EXTRA_REGIONS=denmarkeast=<geography>"),
        Arguments.of("source in an unknown region when restoring", "region: westeurope", "region: denmarkeast",
            "spec.source.vault.region", "KEYROTATION_EXTRA_REGIONS"),
        Arguments.of("region of another cloud than the URL", "region: northeurope", "region: usgovvirginia",
            "spec.standbyVaults[0].region", "is a region of AzureUSGovernment but the URL's host contoso-tde-dr.vault.azure.net is a vault of AzurePublic"),
        Arguments.of("standby vault URL in another cloud", "url: https://contoso-tde-dr.vault.azure.net", "url: https://contoso-tde-dr.vault.azure.cn",
            "spec.standbyVaults[0].url", "is a vault of AzureChina but the source vault is in AzurePublic"),
        Arguments.of("standby vault in retired Azure Germany", "region: northeurope", "region: germanycentral",
            "spec.standbyVaults[0].region", "closed in October 2021; the public Germany regions are germanywestcentral and germanynorth"),
        Arguments.of("standby Managed HSM for a key vault source", "url: https://contoso-tde-dr.vault.azure.net",
            "url: https://contoso-tde-dr.managedhsm.azure.net", "spec.standbyVaults[0].url", "cannot be restored into a Managed HSM"),
        Arguments.of("standby vault in another geography", "region: northeurope", "region: eastus",
            "spec.standbyVaults[0].region", "is in geography UnitedStates but the source vault is in Europe"),
        Arguments.of("standby vault in an unknown region", "region: northeurope", "region: atlantis",
            "spec.standbyVaults[0].region", "not an Azure region"),
        Arguments.of("standby vault without a region", "      region: northeurope\n", "",
            "spec.standbyVaults[0].region", "is required"),
        Arguments.of("standby vault that is the source", "url: https://contoso-tde-dr.vault.azure.net", "url: https://contoso-tde.vault.azure.net/",
            "spec.standbyVaults[0].url", "is the source vault"),
        Arguments.of("source without a region", "      region: westeurope\n", "",
            "spec.source.vault.region", "is required"),
        Arguments.of("cron with an out-of-range hour", "schedule: \"30 2 * * *\"", "schedule: \"30 25 * * *\"",
            "spec.schedule", "not a valid cron schedule"),
        Arguments.of("unknown time zone", "timeZone: Europe/Paris", "timeZone: Paris", "spec.timeZone", "IANA time zone"),
        Arguments.of("archive over http", "containerUrl: https://", "containerUrl: http://",
            "spec.archive.blob.containerUrl", "https"),
        Arguments.of("retention age past the year 9999", "maxAge: P365D", "maxAge: P999999999Y",
            "spec.retention.maxAge", "longer than 100 years"),
        Arguments.of("container name with two hyphens in a row", "/key-backups", "/key--backups",
            "spec.archive.blob.containerUrl", "no two hyphens in a row"),
        Arguments.of("container name longer than 63", "/key-backups", "/" + "k".repeat(64),
            "spec.archive.blob.containerUrl", "has 64 characters"),
        Arguments.of("container name with an upper-case letter", "/key-backups", "/Key-backups",
            "spec.archive.blob.containerUrl", "lowercase letters"),
        Arguments.of("retention shorter than the time between two backups", "maxAge: P365D", "maxAge: PT12H",
            "spec.retention.maxAge", "must be at least P1D, the longest time between two backups"),
        Arguments.of("the same standby vault twice", "    - url: https://contoso-tde-dr.vault.azure.net\n      region: northeurope\n",
            "    - url: https://contoso-tde-dr.vault.azure.net\n      region: northeurope\n    - url: https://CONTOSO-tde-dr.vault.azure.net/\n      region: northeurope\n",
            "spec.standbyVaults[1].url", "repeats standbyVaults[0]"),
        Arguments.of("time zone written as an offset", "timeZone: Europe/Paris", "timeZone: \"+01:00\"", "spec.timeZone",
            "not an IANA time zone name"),
        Arguments.of("key name prefix Key Vault refuses", "namePrefix: sales-tde", "namePrefix: sales_tde",
            "spec.source.keys.namePrefix", "letters, digits and hyphens"),
        Arguments.of("retention age that is no duration", "maxAge: P365D", "maxAge: P1.5Y",
            "spec.retention.maxAge", "not an ISO-8601 duration"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidSpecs")
  void refusesWithTheFieldAndWhatToFix(String caseName, String from, String to, String field, String message) {
    var schedule = Examples.edited(EXAMPLE, VaultBackupSchedule.class, from, to);
    assertHasProblem(caseName, validator.validate(schedule.getSpec()), field, message);
  }

  @Test
  void retentionMustOutlastTheLongestGapOfTheScheduleNotItsUsualOne() {
    String weekdays = Examples.text(EXAMPLE).replace("schedule: \"30 2 * * *\"", "schedule: \"30 2 * * 1-5\"");
    var shortAge = Serialization.unmarshal(weekdays.replace("maxAge: P365D", "maxAge: P2D"), VaultBackupSchedule.class);
    var weekendAge = Serialization.unmarshal(weekdays.replace("maxAge: P365D", "maxAge: P3D"), VaultBackupSchedule.class);

    assertHasProblem("weekday backups kept two days", validator.validate(shortAge.getSpec()), "spec.retention.maxAge",
        "must be at least P3D, the longest time between two backups of schedule '30 2 * * 1-5'");
    assertThat(validator.validate(weekendAge.getSpec())).isEmpty();
  }

  @Test
  void refusesAMissingSpecWithoutThrowing() {
    assertThat(validator.validate(null)).extracting(SpecProblem::field).containsExactly("spec");
  }
}
