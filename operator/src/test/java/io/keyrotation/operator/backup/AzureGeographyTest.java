package io.keyrotation.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyrotation.operator.keyvault.AzureCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AzureGeographyTest {
  @ParameterizedTest
  @CsvSource({
      "westeurope, Europe", "northeurope, Europe", "eastus, UnitedStates", "westus3, UnitedStates",
      "canadacentral, Canada", "japaneast, Japan", "australiaeast, Australia", "centralindia, India",
      "southeastasia, AsiaPacific", "brazilsouth, Brazil", "chinanorth2, China", "usgovvirginia, UsGovernment",
      "germanywestcentral, Germany", "germanynorth, Germany", "WestEurope, Europe",
      "mexicocentral, Mexico", "spaincentral, Spain", "italynorth, Italy", "polandcentral, Poland",
      "israelcentral, Israel", "qatarcentral, Qatar", "newzealandnorth, NewZealand", "swedensouth, Sweden"})
  void mapsRegionsToTheirSecurityWorld(String region, AzureGeography geography) {
    assertThat(AzureGeography.ofRegion(region)).contains(geography);
  }

  @Test
  void regionsOfDifferentGeographiesDiffer() {
    assertThat(AzureGeography.ofRegion("westeurope")).isNotEqualTo(AzureGeography.ofRegion("eastus"));
    assertThat(AzureGeography.ofRegion("usgovvirginia")).isNotEqualTo(AzureGeography.ofRegion("eastus"));
  }

  @Test
  void usDodEastAndCentralAreEachTheirOwnSecurityWorld() {
    assertThat(AzureGeography.ofRegion("usdodeast")).contains(AzureGeography.UsDodEast);
    assertThat(AzureGeography.ofRegion("usdodcentral")).contains(AzureGeography.UsDodCentral);
    assertThat(AzureGeography.ofRegion("usgovvirginia")).contains(AzureGeography.UsGovernment);
    assertThat(AzureGeography.UsDodEast.cloud()).isEqualTo(AzureCloud.AzureUSGovernment);
  }

  @Test
  void retiredAzureGermanyIsNotPublicGermany() {
    assertThat(AzureGeography.ofRegion("germanycentral")).contains(AzureGeography.AzureGermany);
    assertThat(AzureGeography.ofRegion("germanynortheast")).contains(AzureGeography.AzureGermany);
    assertThat(AzureGeography.AzureGermany.retired()).isTrue();
    assertThat(AzureGeography.Germany.retired()).isFalse();
    assertThat(AzureGeography.Germany.cloud()).isEqualTo(AzureCloud.AzurePublic);
  }

  @Test
  void nationalCloudRegionsBelongToTheirCloud() {
    assertThat(AzureGeography.China.cloud()).isEqualTo(AzureCloud.AzureChina);
    assertThat(AzureGeography.UsGovernment.cloud()).isEqualTo(AzureCloud.AzureUSGovernment);
    assertThat(AzureGeography.Europe.cloud()).isEqualTo(AzureCloud.AzurePublic);
  }

  @Test
  void unknownRegionHasNoGeography() {
    assertThat(AzureGeography.ofRegion("atlantis")).isEmpty();
    assertThat(AzureGeography.ofRegion(null)).isEmpty();
  }
}
