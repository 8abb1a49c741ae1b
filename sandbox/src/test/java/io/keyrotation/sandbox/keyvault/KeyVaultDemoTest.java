package io.keyrotation.sandbox.keyvault;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyrotation.sandbox.aad.SandboxTls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyVaultDemoTest {

  @Test
  void startsTwoVaultsOfOneGeographyWithTheEkmIdentityAllowedToUseTheFirstKey(@TempDir Path dir) throws Exception {
    try (KeyVaultDemo demo = KeyVaultDemo.start(dir)) {
      String env = Files.readString(demo.envFile());

      assertThat(demo.vaults().byName("tde-demo-weu")).containsSame(demo.primary());
      assertThat(demo.primary().definition().geography()).isEqualTo(demo.standby().definition().geography());
      assertThat(demo.primary().findKey(KeyVaultDemo.FIRST_KEY)).get().satisfies(k -> assertThat(k.enabled()).isTrue());
      for (KeyPermission needed : new KeyPermission[] {KeyPermission.GET, KeyPermission.WRAP_KEY, KeyPermission.UNWRAP_KEY}) {
        assertThat(demo.primary().permits(KeyVaultDemo.EKM_CLIENT_ID, needed)).isTrue();
      }
      assertThat(demo.primary().permits(KeyVaultDemo.EKM_CLIENT_ID, KeyPermission.CREATE)).isFalse();
      assertThat(env).contains("AZURE_CLIENT_SECRET=", "KEYVAULT_PRIMARY_URL=" + demo.primary().vaultUrl());
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(demo.envFile()))).isEqualTo("rw-------");
      assertThat(demo.describe()).doesNotContain(secretFrom(env, "AZURE_CLIENT_SECRET"), secretFrom(env, "EKM_CLIENT_SECRET"));
      assertThat(Files.readString(demo.caFile())).startsWith("-----BEGIN CERTIFICATE-----").doesNotContain("PRIVATE");
      assertThat(demo.aad().registry().isValidCredential(KeyVaultDemo.TENANT_ID, KeyVaultDemo.EKM_CLIENT_ID,
          secretFrom(env, "EKM_CLIENT_SECRET"))).isTrue();
    }
  }

  @Test
  void writesTheSecretsAzureAdGeneratedToThePrivateEnvFileAndLetsTheOperatorReadRotationPolicies(@TempDir Path dir) throws Exception {
    try (KeyVaultDemo demo = KeyVaultDemo.start(dir)) {
      String env = Files.readString(demo.envFile());

      for (String[] app : new String[][] {{"AZURE_CLIENT_SECRET", KeyVaultDemo.OPERATOR_CLIENT_ID}, {"EKM_CLIENT_SECRET", KeyVaultDemo.EKM_CLIENT_ID}}) {
        String secret = secretFrom(env, app[0]);
        assertThat(secret).matches("[A-Za-z0-9]{3}8Q~[A-Za-z0-9._~-]{34}");
        assertThat(demo.aad().registry().secretsOf(app[1])).singleElement()
            .satisfies(listed -> assertThat(listed.hint()).isEqualTo(secret.substring(0, 3)));
        assertThat(demo.aad().registry().isValidCredential(KeyVaultDemo.TENANT_ID, app[1], secret)).isTrue();
      }
      assertThat(demo.ekmClientSecret()).isEqualTo(secretFrom(env, "EKM_CLIENT_SECRET"));
      assertThat(demo.primary().permits(KeyVaultDemo.OPERATOR_CLIENT_ID, KeyPermission.GET_ROTATION_POLICY)).isTrue();
    }
  }

  private static String secretFrom(String env, String name) {
    return env.lines().filter(l -> l.startsWith(name + "=")).findFirst().orElseThrow().substring(name.length() + 1);
  }

  @Test
  void certificateCoversLocalhostAndLoopbackAddress() throws Exception {
    SandboxTls tls = SandboxTls.generate();

    assertThat(tls.certificate().getSubjectAlternativeNames().stream().map(entry -> String.valueOf(entry.get(1))).toList())
        .contains("localhost", "127.0.0.1");
  }
}
