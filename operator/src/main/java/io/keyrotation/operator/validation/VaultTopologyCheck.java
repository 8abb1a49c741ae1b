package io.keyrotation.operator.validation;

import io.keyrotation.operator.api.common.VaultRef;
import io.keyrotation.operator.backup.SecurityWorld;
import io.keyrotation.operator.backup.AzureRegions;
import io.keyrotation.operator.keyvault.EkmIdentity;
import io.keyrotation.operator.keyvault.VaultEndpoint;
import java.util.Optional;

/**
 * Where a vault is, as far as a spec can say: its region's geography and cloud, its URL's cloud,
 * and its subscription; and the EKM credential IDENTITY that reaches it. Pure, no external calls.
 */
public final class VaultTopologyCheck {
  public static final String EXTRA_REGIONS_OPTION = "KEYROTATION_EXTRA_REGIONS";

  private VaultTopologyCheck() {}

  /** What the checks found out about one vault. */
  public record Placement(Optional<VaultEndpoint> endpoint, Optional<SecurityWorld> geography) {}

  /**
   * @param restorePlanned backups of this vault are restored, or restored into it: region and
   *     subscription must then be given and the region known
   */
  public static Placement check(SpecProblems problems, String field, VaultRef vault, AzureRegions regions,
      boolean restorePlanned) {
    Optional<VaultEndpoint> endpoint = VaultEndpoint.of(vault.url());
    if (endpoint.isPresent() && endpoint.get().cloud().retired()) {
      problems.add(field + ".url", "is a vault of " + endpoint.get().cloud()
          + ", a cloud that closed in October 2021; no vault can be reached there");
    }
    Optional<SecurityWorld> geography = geography(problems, field + ".region", vault.region(), regions, restorePlanned);
    if (geography.isPresent() && endpoint.isPresent() && geography.get().cloud() != endpoint.get().cloud()
        && !geography.get().retired()) {
      problems.add(field + ".region", "'" + vault.region() + "' is a region of " + geography.get().cloud()
          + " but the URL's host " + endpoint.get().host() + " is a vault of " + endpoint.get().cloud());
    }
    if (restorePlanned && vault.subscriptionId() == null) {
      problems.add(field + ".subscriptionId", "is required: Key Vault restores a backup only into a vault "
          + "of the same subscription (and geography)");
    }
    return new Placement(endpoint, geography);
  }

  private static Optional<SecurityWorld> geography(SpecProblems problems, String field, String region,
      AzureRegions regions, boolean restorePlanned) {
    if (region == null) {
      if (restorePlanned) {
        problems.add(field, "is required: it decides the Azure geography backups may be restored in");
      }
      return Optional.empty();
    }
    Optional<SecurityWorld> geography = regions.worldOf(region);
    if (geography.isEmpty() && restorePlanned) {
      problems.add(field, "'" + region + "' is not an Azure region this operator knows (use the name az account "
          + "list-locations shows, e.g. westeurope); a region newer than this release is added with the operator "
          + "setting " + EXTRA_REGIONS_OPTION + "=" + region + "=<geography>");
    }
    if (geography.isPresent() && geography.get().retired()) {
      problems.add(field, "'" + region + "' is a region of " + geography.get().cloud()
          + ", which closed in October 2021; the public Germany regions are germanywestcentral and germanynorth");
    }
    return geography;
  }

  /**
   * The declared IDENTITY must be the one the URL's vault needs; without a declared one, the URL
   * must be a Key Vault endpoint of a known cloud so that it can be derived.
   */
  public static void ekmIdentity(SpecProblems problems, String field, String vaultUrl, String declared) {
    Optional<String> derived = EkmIdentity.of(vaultUrl);
    if (declared == null && derived.isEmpty()) {
      problems.add(field, "is required: the vault URL's host is not a Key Vault endpoint of a known Azure cloud, "
          + "so the credential IDENTITY cannot be derived from it");
    }
    if (declared != null && derived.isPresent() && !EkmIdentity.same(declared, derived.get())) {
      problems.add(field, "'" + declared + "' does not name the vault of the URL " + vaultUrl
          + "; the SQL Server Connector reaches that vault with IDENTITY '" + derived.get() + "'");
    }
  }
}
