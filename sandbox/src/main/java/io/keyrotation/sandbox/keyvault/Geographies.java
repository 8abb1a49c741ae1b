package io.keyrotation.sandbox.keyvault;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Azure regions, the geography (Key Vault security world) each belongs to and its cloud. A key
 * backup restores only into a vault of the same geography and subscription ("Azure Key Vault
 * security worlds and geographic boundaries"; US DoD East and US DoD Central are each their own
 * world). Regions from Microsoft's "Azure regions list" (September 2025) and the Azure Government
 * and Azure in China lists. The retired Azure Germany regions (germanycentral, germanynortheast)
 * are absent: no vault can be created there any more. The operator keeps its own table
 * ({@code backup.AzureGeography}); a test in the operator keeps the two in agreement.
 */
public final class Geographies {
  public static final String PUBLIC = "AzureCloud";
  public static final String US_GOVERNMENT = "AzureUSGovernment";
  public static final String CHINA = "AzureChinaCloud";

  private static final Map<String, String> REGION_TO_GEOGRAPHY = new LinkedHashMap<>();
  private static final Map<String, String> GEOGRAPHY_TO_CLOUD = new LinkedHashMap<>();

  static {
    world(PUBLIC, "United States", "eastus", "eastus2", "centralus", "northcentralus", "southcentralus",
        "westcentralus", "westus", "westus2", "westus3", "centraluseuap", "eastus2euap");
    world(PUBLIC, "Canada", "canadacentral", "canadaeast");
    world(PUBLIC, "Brazil", "brazilsouth", "brazilsoutheast");
    world(PUBLIC, "Mexico", "mexicocentral");
    world(PUBLIC, "Chile", "chilecentral");
    world(PUBLIC, "Europe", "northeurope", "westeurope");
    world(PUBLIC, "United Kingdom", "uksouth", "ukwest");
    world(PUBLIC, "France", "francecentral", "francesouth");
    world(PUBLIC, "Germany", "germanywestcentral", "germanynorth");
    world(PUBLIC, "Switzerland", "switzerlandnorth", "switzerlandwest");
    world(PUBLIC, "Norway", "norwayeast", "norwaywest");
    world(PUBLIC, "Sweden", "swedencentral", "swedensouth");
    world(PUBLIC, "Poland", "polandcentral");
    world(PUBLIC, "Italy", "italynorth");
    world(PUBLIC, "Spain", "spaincentral");
    world(PUBLIC, "Austria", "austriaeast");
    world(PUBLIC, "Belgium", "belgiumcentral");
    world(PUBLIC, "Japan", "japaneast", "japanwest");
    world(PUBLIC, "Australia", "australiaeast", "australiasoutheast", "australiacentral", "australiacentral2");
    world(PUBLIC, "India", "centralindia", "southindia", "westindia", "jioindiawest", "jioindiacentral");
    world(PUBLIC, "Asia Pacific", "eastasia", "southeastasia");
    world(PUBLIC, "Korea", "koreacentral", "koreasouth");
    world(PUBLIC, "Indonesia", "indonesiacentral");
    world(PUBLIC, "Malaysia", "malaysiawest");
    world(PUBLIC, "New Zealand", "newzealandnorth");
    world(PUBLIC, "South Africa", "southafricanorth", "southafricawest");
    world(PUBLIC, "United Arab Emirates", "uaenorth", "uaecentral");
    world(PUBLIC, "Qatar", "qatarcentral");
    world(PUBLIC, "Israel", "israelcentral");
    world(CHINA, "China", "chinaeast", "chinanorth", "chinaeast2", "chinanorth2", "chinaeast3", "chinanorth3");
    world(US_GOVERNMENT, "US Government", "usgovvirginia", "usgovtexas", "usgovarizona");
    world(US_GOVERNMENT, "US DoD East", "usdodeast");
    world(US_GOVERNMENT, "US DoD Central", "usdodcentral");
  }

  private Geographies() {}

  private static void world(String cloud, String geography, String... regions) {
    GEOGRAPHY_TO_CLOUD.put(geography, cloud);
    for (String region : List.of(regions)) {
      REGION_TO_GEOGRAPHY.put(region, geography);
    }
  }

  public static Optional<String> geographyOf(String region) {
    return Optional.ofNullable(REGION_TO_GEOGRAPHY.get(region.toLowerCase(Locale.ROOT).replace(" ", "")));
  }

  /** The cloud of a known region: {@link #PUBLIC}, {@link #US_GOVERNMENT} or {@link #CHINA}. */
  public static Optional<String> cloudOf(String region) {
    return geographyOf(region).map(GEOGRAPHY_TO_CLOUD::get);
  }

  /** The DNS suffix of vault hosts in a cloud (Key Vault's "About keys, secrets and certificates"). */
  public static String vaultDnsSuffix(String cloud) {
    return switch (cloud) {
      case US_GOVERNMENT -> "vault.usgovcloudapi.net";
      case CHINA -> "vault.azure.cn";
      default -> "vault.azure.net";
    };
  }

  /** Every known region and its geography. */
  public static Map<String, String> all() {
    return Map.copyOf(REGION_TO_GEOGRAPHY);
  }
}
