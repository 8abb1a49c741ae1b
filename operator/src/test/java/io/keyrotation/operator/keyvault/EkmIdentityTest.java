package io.keyrotation.operator.keyvault;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EkmIdentityTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "https://contoso-tde.vault.azure.net, contoso-tde",
      "https://Contoso-TDE.vault.azure.net/, contoso-tde",
      "https://contoso-tde.vault.azure.net:443, contoso-tde",
      "https://contoso-tde.vault.usgovcloudapi.net, contoso-tde.vault.usgovcloudapi.net",
      "https://contoso-tde.vault.azure.cn, contoso-tde.vault.azure.cn",
      "https://contoso-hsm.managedhsm.azure.net, contoso-hsm.managedhsm.azure.net"})
  void derivesTheIdentityEachCloudNeeds(String url, String identity) {
    assertThat(EkmIdentity.of(url)).contains(identity);
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://localhost:8443", "https://contoso.vault.contoso.internal", "https://vault.azure.net",
      "https://a.b.vault.azure.net", "not a url"})
  void derivesNothingForAHostOutsideTheKnownVaultDomains(String url) {
    assertThat(EkmIdentity.of(url)).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void theCredentialUsesTheDeclaredIdentityElseTheDerivedOne() {
    assertThat(EkmIdentity.forCredential("https://contoso-tde.vault.azure.cn", null)).contains("contoso-tde.vault.azure.cn");
    assertThat(EkmIdentity.forCredential("https://localhost:8443", "contoso-tde")).contains("contoso-tde");
    assertThat(EkmIdentity.forCredential("https://localhost:8443", null)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "https://contoso-tde.vault.azure.net, AzurePublic, false",
      "https://contoso-tde.vault.usgovcloudapi.net, AzureUSGovernment, false",
      "https://contoso-tde.vault.azure.cn, AzureChina, false",
      "https://contoso-tde.vault.microsoftazure.de, AzureGermany, false",
      "https://contoso-hsm.managedhsm.azure.net, AzurePublic, true"})
  void tellsTheCloudFromTheVaultHost(String url, AzureCloud cloud, boolean managedHsm) {
    VaultEndpoint endpoint = VaultEndpoint.of(url).orElseThrow();
    assertThat(endpoint.cloud()).isEqualTo(cloud);
    assertThat(endpoint.managedHsm()).isEqualTo(managedHsm);
  }
}
