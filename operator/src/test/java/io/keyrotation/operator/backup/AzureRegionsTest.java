package io.keyrotation.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AzureRegionsTest {
  static final String OPTION = "KEYROTATION_EXTRA_REGIONS";

  @Test
  void addsConfiguredRegionsToTheBuiltInTable() {
    AzureRegions regions = AzureRegions.parse(OPTION, " europenew=Europe , newlandsouth=unitedstates,");
    assertThat(regions.worldOf("europenew")).contains(AzureGeography.Europe.world());
    assertThat(regions.worldOf("NewlandSouth")).contains(AzureGeography.UnitedStates.world());
    assertThat(regions.worldOf("westeurope")).contains(AzureGeography.Europe.world());
    assertThat(AzureRegions.builtIn().worldOf("europenew")).isEmpty();
  }

  @Test
  void aNewGeographyIsASecurityWorldOfItsOwnInThePublicCloud() {
    AzureRegions regions = AzureRegions.parse(OPTION, "denmarkeast=Denmark,denmarkwest=Denmark");
    SecurityWorld denmark = regions.worldOf("denmarkeast").orElseThrow();
    assertThat(denmark).isEqualTo(regions.worldOf("denmarkwest").orElseThrow());
    assertThat(denmark).isNotEqualTo(AzureGeography.Europe.world());
    assertThat(denmark.cloud()).isEqualTo(io.keyrotation.operator.keyvault.AzureCloud.AzurePublic);
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
  void refusesAGeographyNameThatIsNoName() {
    assertThatThrownBy(() -> AzureRegions.parse(OPTION, "denmarkeast=Den mark"))
        .hasMessageContaining("'Den mark' is not a geography name");
    assertThatThrownBy(() -> AzureRegions.parse(OPTION, "denmarkeast="))
        .hasMessageContaining("'' is not a geography name");
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
