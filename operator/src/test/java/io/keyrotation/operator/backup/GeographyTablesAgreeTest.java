package io.keyrotation.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyrotation.sandbox.keyvault.Geographies;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The operator's geography table and the Key Vault stand-in's must say the same about every region. */
class GeographyTablesAgreeTest {
  static final Map<String, String> SANDBOX = Geographies.all();

  @Test
  void bothKnowTheSameCurrentRegions() {
    Set<String> operator = Arrays.stream(AzureGeography.values()).filter(g -> !g.retired())
        .flatMap(g -> g.regions().stream()).collect(Collectors.toCollection(TreeSet::new));
    assertThat(new TreeSet<>(SANDBOX.keySet())).isEqualTo(operator);
  }

  @Test
  void bothGroupRegionsIntoTheSameSecurityWorlds() {
    Set<Set<String>> operator = Arrays.stream(AzureGeography.values()).filter(g -> !g.retired())
        .map(g -> Set.copyOf(g.regions())).collect(Collectors.toSet());
    Set<Set<String>> sandbox = SANDBOX.keySet().stream()
        .collect(Collectors.groupingBy(SANDBOX::get, Collectors.toSet())).values().stream().collect(Collectors.toSet());
    assertThat(sandbox).isEqualTo(operator);
  }

  @Test
  void bothPutEveryRegionInTheSameCloud() {
    for (String region : SANDBOX.keySet()) {
      assertThat(Geographies.vaultDnsSuffix(Geographies.cloudOf(region).orElseThrow()))
          .as(region).isEqualTo(AzureGeography.ofRegion(region).orElseThrow().cloud().vaultSuffix());
    }
  }

  @Test
  void theRetiredAzureGermanyHasNoVaultsInTheStandIn() {
    assertThat(AzureGeography.AzureGermany.regions()).allSatisfy(region -> assertThat(Geographies.geographyOf(region)).isEmpty());
  }
}
