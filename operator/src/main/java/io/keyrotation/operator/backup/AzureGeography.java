package io.keyrotation.operator.backup;

import io.keyrotation.operator.keyvault.AzureCloud;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Azure geographies as Key Vault's security worlds: a key backup taken in one region restores only
 * into a vault of the same geography (and subscription). Microsoft's "Azure Key Vault security
 * worlds and geographic boundaries": every geography is one security world, except that US DoD
 * East and US DoD Central have their own. Regions and geographies from Microsoft's "Azure regions
 * list" (September 2025), the Azure Government and Azure in China region lists. The regions of the
 * retired Azure Germany cloud (germanycentral, germanynortheast) are not the public Germany regions.
 * Regions Azure opens later are added with {@code KEYROTATION_EXTRA_REGIONS} ({@link AzureRegions}),
 * in one of these geographies or in a new one.
 */
public enum AzureGeography {
  UnitedStates(AzureCloud.AzurePublic, "centralus", "eastus", "eastus2", "northcentralus", "southcentralus",
      "westcentralus", "westus", "westus2", "westus3", "centraluseuap", "eastus2euap"),
  Canada(AzureCloud.AzurePublic, "canadacentral", "canadaeast"),
  Brazil(AzureCloud.AzurePublic, "brazilsouth", "brazilsoutheast"),
  Mexico(AzureCloud.AzurePublic, "mexicocentral"),
  Chile(AzureCloud.AzurePublic, "chilecentral"),
  Europe(AzureCloud.AzurePublic, "northeurope", "westeurope"),
  UnitedKingdom(AzureCloud.AzurePublic, "uksouth", "ukwest"),
  France(AzureCloud.AzurePublic, "francecentral", "francesouth"),
  Germany(AzureCloud.AzurePublic, "germanywestcentral", "germanynorth"),
  Switzerland(AzureCloud.AzurePublic, "switzerlandnorth", "switzerlandwest"),
  Norway(AzureCloud.AzurePublic, "norwayeast", "norwaywest"),
  Sweden(AzureCloud.AzurePublic, "swedencentral", "swedensouth"),
  Poland(AzureCloud.AzurePublic, "polandcentral"),
  Italy(AzureCloud.AzurePublic, "italynorth"),
  Spain(AzureCloud.AzurePublic, "spaincentral"),
  Austria(AzureCloud.AzurePublic, "austriaeast"),
  Belgium(AzureCloud.AzurePublic, "belgiumcentral"),
  Japan(AzureCloud.AzurePublic, "japaneast", "japanwest"),
  Australia(AzureCloud.AzurePublic, "australiaeast", "australiasoutheast", "australiacentral", "australiacentral2"),
  India(AzureCloud.AzurePublic, "centralindia", "southindia", "westindia", "jioindiawest", "jioindiacentral"),
  AsiaPacific(AzureCloud.AzurePublic, "eastasia", "southeastasia"),
  Korea(AzureCloud.AzurePublic, "koreacentral", "koreasouth"),
  Indonesia(AzureCloud.AzurePublic, "indonesiacentral"),
  Malaysia(AzureCloud.AzurePublic, "malaysiawest"),
  NewZealand(AzureCloud.AzurePublic, "newzealandnorth"),
  SouthAfrica(AzureCloud.AzurePublic, "southafricanorth", "southafricawest"),
  UnitedArabEmirates(AzureCloud.AzurePublic, "uaenorth", "uaecentral"),
  Qatar(AzureCloud.AzurePublic, "qatarcentral"),
  Israel(AzureCloud.AzurePublic, "israelcentral"),
  China(AzureCloud.AzureChina, "chinaeast", "chinanorth", "chinaeast2", "chinanorth2", "chinaeast3", "chinanorth3"),
  UsGovernment(AzureCloud.AzureUSGovernment, "usgovvirginia", "usgovtexas", "usgovarizona"),
  UsDodEast(AzureCloud.AzureUSGovernment, "usdodeast"),
  UsDodCentral(AzureCloud.AzureUSGovernment, "usdodcentral"),
  /** Microsoft Cloud Deutschland, closed in October 2021. */
  AzureGermany(AzureCloud.AzureGermany, "germanycentral", "germanynortheast");

  private static final Map<String, AzureGeography> BY_REGION = new HashMap<>();

  static {
    for (AzureGeography geography : values()) {
      for (String region : geography.regions) {
        BY_REGION.put(region, geography);
      }
    }
  }

  private final AzureCloud cloud;
  private final List<String> regions;

  AzureGeography(AzureCloud cloud, String... regions) {
    this.cloud = cloud;
    this.regions = List.of(regions);
  }

  /** The built-in table only; {@link AzureRegions} adds the configured regions. */
  public static Optional<AzureGeography> ofRegion(String region) {
    return region == null ? Optional.empty() : Optional.ofNullable(BY_REGION.get(normalised(region)));
  }

  /** Case-insensitive lookup by constant name, e.g. {@code europe}. */
  public static Optional<AzureGeography> named(String name) {
    for (AzureGeography geography : values()) {
      if (geography.name().equalsIgnoreCase(name)) {
        return Optional.of(geography);
      }
    }
    return Optional.empty();
  }

  public AzureCloud cloud() {
    return cloud;
  }

  public List<String> regions() {
    return regions;
  }

  public boolean retired() {
    return cloud.retired();
  }

  public SecurityWorld world() {
    return new SecurityWorld(name(), cloud);
  }

  static String normalised(String region) {
    return region.trim().toLowerCase(Locale.ROOT);
  }
}
