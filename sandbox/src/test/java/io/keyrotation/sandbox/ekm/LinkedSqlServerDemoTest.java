package io.keyrotation.sandbox.ekm;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyrotation.sandbox.keyvault.KeyVaultDemo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.HexFormat;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class LinkedSqlServerDemoTest {

  @Test
  void demoDatabasesAreProtectedByTheVaultsKeyOverValidatedTlsAndTheLoginFileIsPrivate() throws Exception {
    Path dir = Files.createTempDirectory("linked-demo");
    try (KeyVaultDemo keyVault = KeyVaultDemo.start(dir);
         LinkedSqlServerDemo sql = LinkedSqlServerDemo.start(keyVault, dir, 0)) {
      Properties login = new Properties();
      try (var in = Files.newBufferedReader(dir.resolve("sqlserver-demo.env"))) {
        login.load(in);
      }
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("sqlserver-demo.env")))).isEqualTo("rw-------");
      String vaultThumbprint = HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-1")
          .digest(keyVault.primary().findKey(KeyVaultDemo.FIRST_KEY).orElseThrow().modulusBytes()));

      assertThat(login.getProperty("SQLSERVER_CA_FILE")).isEqualTo(keyVault.caFile().toString());
      String url = sql.jdbcUrl();
      assertThat(url).contains("encrypt=true", "trustServerCertificate=false");
      try (Connection connection = DriverManager.getConnection(url, login.getProperty("SQLSERVER_USERNAME"),
          login.getProperty("SQLSERVER_PASSWORD"));
           ResultSet rows = connection.prepareStatement(
               "SELECT database_id, encryption_state, encryptor_thumbprint FROM sys.dm_database_encryption_keys").executeQuery()) {
        int databases = 0;
        while (rows.next()) {
          if (rows.getInt(1) <= 4) {
            continue; // system databases: tempdb is listed, encrypted, with no encryptor of its own
          }
          databases++;
          assertThat(rows.getInt(2)).isEqualTo(3);
          assertThat(HexFormat.of().withUpperCase().formatHex(rows.getBytes(3))).isEqualTo(vaultThumbprint);
        }
        assertThat(databases).isEqualTo(2);
      }
    }
  }
}
