package io.keyrotation.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AzureGeographyTest {
  @ParameterizedTest
  @CsvSource({
      "westeurope, Europe", "northeurope, Europe", "eastus, UnitedStates", "westus3, UnitedStates",
      "canadacentral, Canada", "japaneast, Japan", "australiaeast, Australia", "centralindia, India",
      "southeastasia, AsiaPacific", "brazilsouth, Brazil", "chinanorth2, China", "usgovvirginia, UsGovernment",
      "germanywestcentral, Germany", "WestEurope, Europe"})
  void mapsRegionsToTheGeographiesOfTheSeed(String region, AzureGeography geography) {
    assertThat(AzureGeography.ofRegion(region)).contains(geography);
  }

  @Test
  void regionsOfDifferentGeographiesDiffer() {
    assertThat(AzureGeography.ofRegion("westeurope")).isNotEqualTo(AzureGeography.ofRegion("eastus"));
    assertThat(AzureGeography.ofRegion("usgovvirginia")).isNotEqualTo(AzureGeography.ofRegion("eastus"));
  }

  @Test
  void unknownRegionHasNoGeography() {
    assertThat(AzureGeography.ofRegion("atlantis")).isEmpty();
    assertThat(AzureGeography.ofRegion(null)).isEmpty();
  }
}
