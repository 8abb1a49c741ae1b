package io.keyrotation.operator.keyvault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyrotation.operator.config.OperatorConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyVaultSettingsTest {

  @Test
  void defaultsToPublicAzureWithEveryCheckOn() {
    KeyVaultSettings settings = OperatorConfig.fromEnvironment(Map.of()).keyVaultSettings();

    assertThat(settings.authorityHost()).isEqualTo(URI.create("https://login.microsoftonline.com/"));
    assertThat(settings.extraTrustedCaFile()).isEmpty();
    assertThat(settings.disableChallengeResourceVerification()).isFalse();
    assertThat(settings.disableInstanceDiscovery()).isFalse();
    assertThat(settings.rateLimits().hsmKeyCreates()).isEqualTo(RateLimit.perTenSeconds(10));
    assertThat(settings.rateLimits().softwareKeyCreates()).isEqualTo(RateLimit.perTenSeconds(20));
    assertThat(settings.rateLimits().softwareKeyOperations()).isEqualTo(RateLimit.perTenSeconds(4000));
    assertThat(settings.rateLimits().hsmKeyOperations()).isEqualTo(RateLimit.perTenSeconds(2000));
  }

  @Test
  void readsTheNationalCloudOrPrivateEndpointSettingsFromTheEnvironment() {
    KeyVaultSettings settings = OperatorConfig.fromEnvironment(Map.of(
        "AZURE_AUTHORITY_HOST", "https://login.chinacloudapi.cn/",
        "KEYROTATION_EXTRA_CA_FILE", "/etc/keyrotation/ca.pem",
        "KEYROTATION_KEYVAULT_DISABLE_CHALLENGE_RESOURCE_VERIFICATION", "true",
        "KEYROTATION_AZURE_DISABLE_INSTANCE_DISCOVERY", "TRUE")).keyVaultSettings();

    assertThat(settings.authorityHost()).isEqualTo(URI.create("https://login.chinacloudapi.cn/"));
    assertThat(settings.extraTrustedCaFile()).contains(Path.of("/etc/keyrotation/ca.pem"));
    assertThat(settings.disableChallengeResourceVerification()).isTrue();
    assertThat(settings.disableInstanceDiscovery()).isTrue();
  }

  @Test
  void refusesAnAuthorityThatIsNotHttps() {
    assertThatThrownBy(() -> KeyVaultSettings.defaults().withAuthorityHost(URI.create("http://login.example/")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void neverShowsTheClientSecret() {
    assertThat(AzureIdentity.clientSecret("tenant", "client", "s3cr3t-value").toString()).doesNotContain("s3cr3t-value");
  }

  @Test
  void normalisesVaultUrls() {
    assertThat(KeyVaultGateways.normalise(URI.create("https://Contoso.vault.azure.net"))).isEqualTo(URI.create("https://contoso.vault.azure.net/"));
  }
}
