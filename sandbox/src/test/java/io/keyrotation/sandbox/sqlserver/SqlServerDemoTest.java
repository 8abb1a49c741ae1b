package io.keyrotation.sandbox.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyrotation.sandbox.sqlserver.engine.AvailabilityGroup;
import io.keyrotation.sandbox.sqlserver.engine.InMemoryEkmVaultDirectory;
import io.keyrotation.sandbox.sqlserver.engine.SqlServerInstance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ready-made demo instance, and the instance-level behaviours tests build on. */
class SqlServerDemoTest {
  private static final String VAULT = "contoso-tde";
  private static final String CLIENT_ID = "6f0a2f4e-2c1d-4b8e-9a57-3c2d1e0f9a8b";
  private static final String OLD_SECRET = "Qx8~client.secret-value_0001";
  private static final String NEW_SECRET = "Zz9~the.new-client-secret_0002";

  private final Clock clock = Clock.fixed(Instant.parse("2026-01-05T08:00:00Z"), ZoneOffset.UTC);
  private InMemoryEkmVaultDirectory vaults;

  @BeforeEach
  void vault() {
    vaults = new InMemoryEkmVaultDirectory(clock).createVault(VAULT);
    vaults.addKeyVersion(VAULT, "ContosoTdeKey1");
    vaults.addClientSecret(CLIENT_ID, OLD_SECRET, clock.instant().plus(Duration.ofDays(365)));
    vaults.grantKeyAccess(VAULT, CLIENT_ID);
  }

  private SqlServerInstance demo(String name) throws Exception {
    return SqlServerDemo.createInstance(vaults, new SqlServerDemo.Settings(name, VAULT, "ContosoTdeKey1", CLIENT_ID,
        OLD_SECRET, "keyrotation", "Op3rator!Passw0rd"), clock);
  }

  @Test
  void createsTwoOnlineDatabasesEncryptedByTheVaultKey() throws Exception {
    SqlServerInstance instance = demo("sql1");
    assertThat(SqlServerDemo.DATABASES).allSatisfy(db -> {
      assertThat(instance.databaseState(db)).isEqualTo("ONLINE");
      assertThat(instance.encryptorThumbprint(db)).isPresent();
    });
    assertThat(instance.encryptorThumbprint("Sales")).isEqualTo(instance.encryptorThumbprint("Inventory"));
  }

  @Test
  void keepsTheCachedSecretAfterAlterCredentialUntilRestart() throws Exception {
    SqlServerInstance instance = demo("sql1");
    vaults.addClientSecret(CLIENT_ID, NEW_SECRET, clock.instant().plus(Duration.ofDays(730)));
    instance.execute("keyrotation", "ALTER CREDENTIAL [Azure_EKM_TDE_cred1] WITH IDENTITY = N'contoso-tde', "
        + "SECRET = N'" + CLIENT_ID.replace("-", "") + NEW_SECRET + "'");
    vaults.removeClientSecret(CLIENT_ID, OLD_SECRET);

    instance.reopenAllDatabases();
    assertThat(instance.databaseState("Sales")).isEqualTo("RECOVERY_PENDING");
    instance.restart();
    assertThat(instance.databaseState("Sales")).isEqualTo("ONLINE");
  }

  @Test
  void makesASecondaryNeedTheKeyThePrimaryReEncryptsWith() throws Exception {
    SqlServerInstance primary = demo("sql1");
    SqlServerInstance secondary = demo("sql2");
    AvailabilityGroup group = AvailabilityGroup.create("ag", primary, List.of(secondary), "Sales");
    vaults.addKeyVersion(VAULT, "ContosoTdeKey2");
    String secret = CLIENT_ID.replace("-", "") + OLD_SECRET;
    primary.execute("keyrotation", "CREATE ASYMMETRIC KEY [TDE_KEY2] FROM PROVIDER [EKM] WITH PROVIDER_KEY_NAME = "
        + "N'ContosoTdeKey2', CREATION_DISPOSITION = OPEN_EXISTING; CREATE LOGIN [TDE_Login2] FROM ASYMMETRIC KEY "
        + "[TDE_KEY2]; CREATE CREDENTIAL [cred2] WITH IDENTITY = N'contoso-tde', SECRET = N'" + secret + "' FOR "
        + "CRYPTOGRAPHIC PROVIDER [EKM]; ALTER LOGIN [TDE_Login2] ADD CREDENTIAL [cred2]; USE [Sales]; "
        + "ALTER DATABASE ENCRYPTION KEY ENCRYPTION BY SERVER ASYMMETRIC KEY [TDE_KEY2]");

    assertThat(group.isPrimary(primary)).isTrue();
    assertThat(secondary.encryptorThumbprint("Sales")).isEqualTo(primary.encryptorThumbprint("Sales"));
    assertThat(secondary.databaseState("Sales")).isEqualTo("RECOVERY_PENDING");
    assertThat(secondary.databaseState("Inventory")).isEqualTo("ONLINE");
  }
}
