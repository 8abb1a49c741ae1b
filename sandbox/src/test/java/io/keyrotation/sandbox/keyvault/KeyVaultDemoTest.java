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
