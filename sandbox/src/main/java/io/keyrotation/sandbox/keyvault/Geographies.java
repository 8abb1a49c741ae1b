package io.keyrotation.sandbox.keyvault;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Azure regions and the geography each belongs to. A key backup restores only into a vault of the
 * same geography (and subscription).
 */
public final class Geographies {
  private static final Map<String, String> REGION_TO_GEOGRAPHY = Map.ofEntries(
      Map.entry("eastus", "United States"), Map.entry("eastus2", "United States"),
      Map.entry("centralus", "United States"), Map.entry("northcentralus", "United States"),
      Map.entry("southcentralus", "United States"), Map.entry("westcentralus", "United States"),
      Map.entry("westus", "United States"), Map.entry("westus2", "United States"), Map.entry("westus3", "United States"),
      Map.entry("canadacentral", "Canada"), Map.entry("canadaeast", "Canada"),
      Map.entry("japaneast", "Japan"), Map.entry("japanwest", "Japan"),
      Map.entry("australiaeast", "Australia"), Map.entry("australiasoutheast", "Australia"),
      Map.entry("australiacentral", "Australia"), Map.entry("australiacentral2", "Australia"),
      Map.entry("centralindia", "India"), Map.entry("southindia", "India"), Map.entry("westindia", "India"),
      Map.entry("eastasia", "Asia Pacific"), Map.entry("southeastasia", "Asia Pacific"),
      Map.entry("northeurope", "Europe"), Map.entry("westeurope", "Europe"),
      Map.entry("brazilsouth", "Brazil"), Map.entry("brazilsoutheast", "Brazil"),
      Map.entry("chinaeast", "China"), Map.entry("chinanorth", "China"),
      Map.entry("chinaeast2", "China"), Map.entry("chinanorth2", "China"),
      Map.entry("usgovvirginia", "US Government"), Map.entry("usgovarizona", "US Government"),
      Map.entry("usgovtexas", "US Government"), Map.entry("usgoviowa", "US Government"),
      Map.entry("germanycentral", "Germany"), Map.entry("germanynortheast", "Germany"));

  private Geographies() {}

  public static Optional<String> geographyOf(String region) {
    return Optional.ofNullable(REGION_TO_GEOGRAPHY.get(region.toLowerCase(Locale.ROOT).replace(" ", "")));
  }
}
