package io.keyrotation.operator.backup;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Azure geographies inside which a Key Vault backup can be restored. A backup taken in one
 * region restores only into a vault in the same geography (or the same national cloud).
 */
public enum AzureGeography {
  UnitedStates("centralus", "eastus", "eastus2", "northcentralus", "southcentralus", "westcentralus", "westus", "westus2", "westus3",
      "centraluseuap", "eastus2euap"),
  Canada("canadacentral", "canadaeast"),
  Brazil("brazilsouth", "brazilsoutheast"),
  Europe("northeurope", "westeurope"),
  UnitedKingdom("uksouth", "ukwest"),
  France("francecentral", "francesouth"),
  Germany("germanywestcentral", "germanynorth", "germanycentral", "germanynortheast"),
  Switzerland("switzerlandnorth", "switzerlandwest"),
  Norway("norwayeast", "norwaywest"),
  Sweden("swedencentral", "swedensouth"),
  Japan("japaneast", "japanwest"),
  Australia("australiaeast", "australiasoutheast", "australiacentral", "australiacentral2"),
  India("centralindia", "southindia", "westindia", "jioindiawest", "jioindiacentral"),
  AsiaPacific("eastasia", "southeastasia"),
  Korea("koreacentral", "koreasouth"),
  SouthAfrica("southafricanorth", "southafricawest"),
  UnitedArabEmirates("uaenorth", "uaecentral"),
  China("chinaeast", "chinanorth", "chinaeast2", "chinanorth2", "chinaeast3", "chinanorth3"),
  UsGovernment("usgovvirginia", "usgovtexas", "usgovarizona", "usgoviowa", "usdodeast", "usdodcentral");

  private static final Map<String, AzureGeography> BY_REGION = new HashMap<>();

  static {
    for (AzureGeography geography : values()) {
      for (String region : geography.regions) {
        BY_REGION.put(region, geography);
      }
    }
  }

  private final String[] regions;

  AzureGeography(String... regions) {
    this.regions = regions;
  }

  public static Optional<AzureGeography> ofRegion(String region) {
    return region == null ? Optional.empty() : Optional.ofNullable(BY_REGION.get(region.toLowerCase(java.util.Locale.ROOT)));
  }
}
