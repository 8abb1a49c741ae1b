package io.keyrotation.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AzureRegionsTest {
  static final String OPTION = "KEYROTATION_EXTRA_REGIONS";

  @Test
  void addsConfiguredRegionsToTheBuiltInTable() {
    AzureRegions regions = AzureRegions.parse(OPTION, " denmarkeast=Europe , newlandsouth=unitedstates,");
    assertThat(regions.geographyOf("denmarkeast")).contains(AzureGeography.Europe);
    assertThat(regions.geographyOf("NewlandSouth")).contains(AzureGeography.UnitedStates);
    assertThat(regions.geographyOf("westeurope")).contains(AzureGeography.Europe);
    assertThat(AzureRegions.builtIn().geographyOf("denmarkeast")).isEmpty();
  }

  @Test
  void emptyValueAddsNothing() {
    assertThat(AzureRegions.parse(OPTION, "").extra()).isEmpty();
  }

  @Test
  void refusesAnEntryWithoutGeography() {
    assertThatThrownBy(() -> AzureRegions.parse(OPTION, "denmarkeast"))
        .hasMessageContaining(OPTION).hasMessageContaining("'denmarkeast' is not region=geography");
  }

  @Test
  void refusesAnUnknownGeographyListingTheKnownOnes() {
    assertThatThrownBy(() -> AzureRegions.parse(OPTION, "denmarkeast=Denmark"))
        .hasMessageContaining("'Denmark' is not a geography").hasMessageContaining("Europe");
  }

  @Test
  void refusesARegionNameAzureCouldNotHave() {
    assertThatThrownBy(() -> AzureRegions.parse(OPTION, "denmark east=Europe"))
        .hasMessageContaining("'denmark east' is not an Azure region name");
  }

  @Test
  void refusesMovingABuiltInRegionToAnotherGeography() {
    assertThatThrownBy(() -> AzureRegions.parse(OPTION, "westeurope=UnitedStates"))
        .hasMessageContaining("westeurope is already known in geography Europe");
  }

  @Test
  void refusesTheRetiredAzureGermany() {
    assertThatThrownBy(() -> AzureRegions.parse(OPTION, "germanysouth=AzureGermany")).hasMessageContaining("retired");
  }

  @Test
  void refusesOneRegionGivenTwoGeographies() {
    assertThatThrownBy(() -> AzureRegions.parse(OPTION, "newregion=Europe,newregion=Japan"))
        .hasMessageContaining("newregion is given twice");
  }
}
