package io.keyrotation.operator.backup;

import io.keyrotation.operator.api.backup.VaultBackupScheduleSpec;
import io.keyrotation.operator.api.common.NameRules;
import io.keyrotation.operator.api.common.VaultRef;
import io.keyrotation.operator.schedule.CronSchedule;
import io.keyrotation.operator.schedule.IsoDuration;
import io.keyrotation.operator.validation.AzureCredentialsCheck;
import io.keyrotation.operator.validation.SpecProblem;
import io.keyrotation.operator.validation.SpecProblems;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Optional;

/** The checks on a VaultBackupSchedule spec that its schema cannot express; pure, no external calls. */
public final class VaultBackupScheduleValidator {

  public List<SpecProblem> validate(VaultBackupScheduleSpec spec) {
    SpecProblems problems = new SpecProblems();
    if (spec == null) {
      problems.add("spec", "is required");
      return problems.list();
    }
    Optional<CronSchedule> schedule = problems.cron("spec.schedule", spec.schedule(), "spec.timeZone", spec.timeZone());
    Optional<AzureGeography> source = checkSource(problems, spec);
    for (int i = 0; i < spec.standbyVaults().size(); i++) {
      checkStandby(problems, "spec.standbyVaults[" + i + "]", spec.standbyVaults().get(i), spec, source);
    }
    problems.unique("spec.standbyVaults", spec.standbyVaults(), v -> normalised(v.url()), ".url", "standby vault URLs");
    checkArchive(problems, spec);
    if (spec.retention().maxAge() != null) {
      Optional<IsoDuration> maxAge = problems.duration("spec.retention.maxAge", spec.retention().maxAge());
      if (maxAge.isPresent() && schedule.isPresent()) {
        RetentionCheck.maxAgeCoversTheLongestGap(problems, maxAge.get(), schedule.get());
      }
    }
    AzureCredentialsCheck.check(problems, "spec.azureCredentials", spec.azureCredentials());
    return problems.list();
  }

  private static Optional<AzureGeography> checkSource(SpecProblems problems, VaultBackupScheduleSpec spec) {
    if (spec.source() == null || spec.source().vault() == null) {
      problems.add("spec.source.vault", "is required");
      return Optional.empty();
    }
    VaultRef vault = spec.source().vault();
    problems.vaultUrl("spec.source.vault.url", vault.url());
    if (spec.source().keys() != null) {
      problems.names("spec.source.keys.names", spec.source().keys().names(), NameRules.KEY_NAME);
      if (spec.source().keys().namePrefix() != null) {
        problems.name("spec.source.keys.namePrefix", spec.source().keys().namePrefix(), NameRules.KEY_NAME);
      }
    }
    return geography(problems, "spec.source.vault.region", vault.region());
  }

  private static void checkStandby(SpecProblems problems, String field, VaultRef standby,
      VaultBackupScheduleSpec spec, Optional<AzureGeography> source) {
    problems.vaultUrl(field + ".url", standby.url());
    if (spec.source() != null && spec.source().vault() != null
        && normalised(standby.url()).equals(normalised(spec.source().vault().url()))) {
      problems.add(field + ".url", "is the source vault; a standby vault must be another vault");
    }
    Optional<AzureGeography> target = geography(problems, field + ".region", standby.region());
    if (source.isPresent() && target.isPresent() && source.get() != target.get()) {
      problems.add(field + ".region", "'" + standby.region() + "' is in geography " + target.get()
          + " but the source vault is in " + source.get() + "; Key Vault restores a backup only inside the geography it was taken in");
    }
  }

  private static Optional<AzureGeography> geography(SpecProblems problems, String field, String region) {
    if (region == null) {
      problems.add(field, "is required: it decides the Azure geography backups may be restored in");
      return Optional.empty();
    }
    Optional<AzureGeography> geography = AzureGeography.ofRegion(region);
    if (geography.isEmpty()) {
      problems.add(field, "'" + region + "' is not an Azure region this operator knows (use the name az account list-locations shows, e.g. westeurope)");
    }
    return geography;
  }

  private static void checkArchive(SpecProblems problems, VaultBackupScheduleSpec spec) {
    if (spec.archive() == null || spec.archive().blob() == null) {
      problems.add("spec.archive.blob", "is required");
      return;
    }
    String field = "spec.archive.blob.containerUrl";
    try {
      URI uri = new URI(spec.archive().blob().containerUrl());
      if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
        problems.add(field, "must be an https URL of a blob container");
        return;
      }
      String[] segments = uri.getPath() == null ? new String[0] : uri.getPath().replaceAll("^/+|/+$", "").split("/+");
      if (segments.length == 0 || segments[0].isEmpty() || segments.length > 2 || uri.getRawQuery() != null
          || uri.getRawFragment() != null) {
        problems.add(field, "must be https://<account>.blob.core.windows.net/<container>, with nothing after the container");
        return;
      }
      Optional<String> problem = NameRules.BLOB_CONTAINER.problem(segments[segments.length - 1]);
      problem.ifPresent(p -> problems.add(field, "container '" + segments[segments.length - 1] + "' " + p));
    } catch (URISyntaxException | NullPointerException e) {
      problems.add(field, "is not a valid URL");
    }
  }

  private static String normalised(String url) {
    return url == null ? "" : url.toLowerCase(java.util.Locale.ROOT).replaceAll("/+$", "");
  }
}
