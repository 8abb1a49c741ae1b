package io.keyrotation.operator.backup;

import io.keyrotation.operator.api.backup.VaultBackupScheduleSpec;
import io.keyrotation.operator.api.common.NameRules;
import io.keyrotation.operator.api.common.VaultRef;
import io.keyrotation.operator.keyvault.VaultEndpoint;
import io.keyrotation.operator.schedule.CronSchedule;
import io.keyrotation.operator.schedule.IsoDuration;
import io.keyrotation.operator.validation.AzureCredentialsCheck;
import io.keyrotation.operator.validation.SpecProblem;
import io.keyrotation.operator.validation.SpecProblems;
import io.keyrotation.operator.validation.VaultTopologyCheck;
import io.keyrotation.operator.validation.VaultTopologyCheck.Placement;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Optional;

/** The checks on a VaultBackupSchedule spec that its schema cannot express; pure, no external calls. */
public final class VaultBackupScheduleValidator {
  private final AzureRegions regions;

  public VaultBackupScheduleValidator() {
    this(AzureRegions.builtIn());
  }

  public VaultBackupScheduleValidator(AzureRegions regions) {
    this.regions = regions;
  }

  public List<SpecProblem> validate(VaultBackupScheduleSpec spec) {
    SpecProblems problems = new SpecProblems();
    if (spec == null) {
      problems.add("spec", "is required");
      return problems.list();
    }
    Optional<CronSchedule> schedule = problems.cron("spec.schedule", spec.schedule(), "spec.timeZone", spec.timeZone());
    Optional<Placement> source = checkSource(problems, spec);
    for (int i = 0; i < spec.standbyVaults().size(); i++) {
      checkStandby(problems, "spec.standbyVaults[" + i + "]", spec.standbyVaults().get(i), spec, source);
    }
    problems.unique("spec.standbyVaults", spec.standbyVaults(), v -> normalised(v.url()), ".url", "standby vault URLs");
    if (spec.drill() != null && spec.drill().vault() != null) {
      checkStandby(problems, "spec.drill.vault", spec.drill().vault(), spec, source);
      problems.cron("spec.drill.schedule", spec.drill().schedule(), "spec.timeZone", spec.timeZone());
      String scratch = normalised(spec.drill().vault().url());
      if (spec.standbyVaults().stream().anyMatch(v -> normalised(v.url()).equals(scratch))) {
        problems.add("spec.drill.vault.url", "is a standby vault; the scratch vault of a drill must be neither the source nor a standby "
            + "(the drill deletes and purges the keys it restores there)");
      }
    }
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

  private Optional<Placement> checkSource(SpecProblems problems, VaultBackupScheduleSpec spec) {
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
    boolean restoredSomewhere = !spec.standbyVaults().isEmpty() || spec.drill() != null;
    if (vault.region() == null && !restoredSomewhere) {
      problems.add("spec.source.vault.region", "is required: it decides the Azure geography backups may be restored in");
    }
    return Optional.of(VaultTopologyCheck.check(problems, "spec.source.vault", vault, regions, restoredSomewhere));
  }

  private void checkStandby(SpecProblems problems, String field, VaultRef standby,
      VaultBackupScheduleSpec spec, Optional<Placement> source) {
    problems.vaultUrl(field + ".url", standby.url());
    Placement target = VaultTopologyCheck.check(problems, field, standby, regions, true);
    if (source.isEmpty()) {
      return;
    }
    VaultRef sourceVault = spec.source().vault();
    if (normalised(standby.url()).equals(normalised(sourceVault.url()))) {
      problems.add(field + ".url", "is the source vault; a standby vault must be another vault");
    }
    Optional<SecurityWorld> from = source.get().geography();
    if (from.isPresent() && target.geography().isPresent() && !from.get().equals(target.geography().get())) {
      problems.add(field + ".region", "'" + standby.region() + "' is in geography " + target.geography().get()
          + " but the source vault is in " + from.get() + "; Key Vault restores a backup only inside the geography it was taken in");
    }
    if (sourceVault.subscriptionId() != null && standby.subscriptionId() != null
        && !sourceVault.subscriptionId().equalsIgnoreCase(standby.subscriptionId())) {
      problems.add(field + ".subscriptionId", "is not the source vault's subscription " + sourceVault.subscriptionId()
          + "; Key Vault restores a backup only into a vault of the same subscription");
    }
    if (source.get().endpoint().isPresent() && target.endpoint().isPresent()) {
      VaultEndpoint a = source.get().endpoint().get();
      VaultEndpoint b = target.endpoint().get();
      if (a.cloud() != b.cloud()) {
        problems.add(field + ".url", "is a vault of " + b.cloud() + " but the source vault is in " + a.cloud()
            + "; a backup restores only inside the cloud (and geography) it was taken in");
      } else if (a.managedHsm() != b.managedHsm()) {
        problems.add(field + ".url", "a key backup of a " + kind(a) + " cannot be restored into a " + kind(b));
      }
    }
  }

  private static String kind(VaultEndpoint endpoint) {
    return endpoint.managedHsm() ? "Managed HSM" : "key vault";
  }

  private static void checkArchive(SpecProblems problems, VaultBackupScheduleSpec spec) {
    if (spec.archive() == null || spec.archive().blob() == null) {
      problems.add("spec.archive.blob", "is required");
      return;
    }
    String prefix = spec.archive().blob().prefix();
    if (prefix != null && !prefix.isEmpty()) {
      problems.name("spec.archive.blob.prefix", prefix, NameRules.BLOB_PREFIX);
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
      String container = segments[segments.length - 1];
      NameRules.BLOB_CONTAINER.problem(container).ifPresent(p -> problems.add(field, "container '" + container + "' " + p));
    } catch (URISyntaxException | NullPointerException e) {
      problems.add(field, "is not a valid URL");
    }
  }

  private static String normalised(String url) {
    return url == null ? "" : url.toLowerCase(java.util.Locale.ROOT).replaceAll("/+$", "");
  }
}
