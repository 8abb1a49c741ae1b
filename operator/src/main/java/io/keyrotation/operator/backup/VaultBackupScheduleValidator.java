package io.keyrotation.operator.backup;

import io.keyrotation.operator.api.backup.VaultBackupScheduleSpec;
import io.keyrotation.operator.api.common.VaultRef;
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
    problems.cron("spec.schedule", spec.schedule(), "spec.timeZone", spec.timeZone());
    Optional<AzureGeography> source = checkSource(problems, spec);
    for (int i = 0; i < spec.standbyVaults().size(); i++) {
      checkStandby(problems, "spec.standbyVaults[" + i + "]", spec.standbyVaults().get(i), spec, source);
    }
    problems.unique("spec.standbyVaults", spec.standbyVaults(), v -> normalised(v.url()), "standby vault URLs");
    checkArchive(problems, spec);
    if (spec.retention().maxAge() != null) {
      problems.duration("spec.retention.maxAge", spec.retention().maxAge());
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
    problems.httpsOrigin("spec.source.vault.url", vault.url());
    return geography(problems, "spec.source.vault.region", vault.region());
  }

  private static void checkStandby(SpecProblems problems, String field, VaultRef standby,
      VaultBackupScheduleSpec spec, Optional<AzureGeography> source) {
    problems.httpsOrigin(field + ".url", standby.url());
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
    try {
      URI uri = new URI(spec.archive().blob().containerUrl());
      if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
        problems.add("spec.archive.blob.containerUrl", "must be an https URL of a blob container");
      }
    } catch (URISyntaxException | NullPointerException e) {
      problems.add("spec.archive.blob.containerUrl", "is not a valid URL");
    }
  }

  private static String normalised(String url) {
    return url == null ? "" : url.toLowerCase(java.util.Locale.ROOT).replaceAll("/+$", "");
  }
}
