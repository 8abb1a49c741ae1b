package io.keyrotation.operator.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.keyrotation.operator.sqlserver.AvailabilityRole.Role;
import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import io.keyrotation.sandbox.sqlserver.engine.AvailabilityGroup;
import io.keyrotation.sandbox.sqlserver.engine.AvailabilityGroup.SecondaryAccess;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two stand-in instances in one availability group, each reached by its own gateway. */
class SqlServerAvailabilityGroupTest {
  private StandInSqlServer primary;
  private StandInSqlServer secondary;
  private AvailabilityGroup group;
  private SqlServerGateway onPrimary;
  private SqlServerGateway onSecondary;

  @BeforeEach
  void start() throws Exception {
    primary = StandInSqlServer.start();
    secondary = StandInSqlServer.start("sql2", primary.clock, primary.vaults);
    group = AvailabilityGroup.create("ag-sales", primary.instance, List.of(secondary.instance), "Sales", "Inventory");
    onPrimary = primary.gateway();
    onSecondary = secondary.gateway();
    primary.createVaultKey("ContosoTdeKey2");
  }

  @AfterEach
  void stop() {
    primary.close();
    secondary.close();
  }

  private static void registerNewKey(SqlServerGateway gateway) {
    gateway.createAsymmetricKey("TDE_KEY2", "ContosoTdeKey2", KeyIntent.RECORDED_IN_STATUS);
    gateway.createLoginFromAsymmetricKey("TDE_Login2", "TDE_KEY2");
    gateway.createCredential("Azure_EKM_TDE_cred2", StandInSqlServer.VAULT, StandInSqlServer.secret());
    gateway.addCredentialToLogin("TDE_Login2", "Azure_EKM_TDE_cred2");
  }

  private static String state(SqlServerGateway gateway, String database) {
    return gateway.databaseEncryption().stream().filter(d -> d.name().equals(database)).findFirst()
        .orElseThrow().state();
  }

  @Test
  void readsEachReplicasRole() {
    assertThat(onPrimary.availabilityRoles()).containsExactly(new AvailabilityRole("ag-sales", Role.PRIMARY));
    assertThat(onSecondary.availabilityRoles()).containsExactly(new AvailabilityRole("ag-sales", Role.SECONDARY));
  }

  @Test
  void leavesSecondariesUnableToReadWhenThePrimaryReEncryptsWithAKeyTheyLack() {
    registerNewKey(onPrimary);
    assertThat(onPrimary.encryptDatabaseKeyWith("Sales", "TDE_KEY2")).isEqualTo(StepResult.APPLIED);
    assertThat(state(onPrimary, "Sales")).isEqualTo("ONLINE");
    assertThat(state(onSecondary, "Sales")).isEqualTo("RECOVERY_PENDING");
    assertThat(state(onSecondary, "Inventory")).isEqualTo("ONLINE");
  }

  @Test
  void keepsSecondariesReadableWhenEveryReplicaHasTheKeyBeforeTheReEncryption() {
    registerNewKey(onSecondary);
    registerNewKey(onPrimary);
    String thumbprint = onPrimary.asymmetricKeys().stream().filter(k -> k.name().equals("TDE_KEY2")).findFirst()
        .orElseThrow().thumbprint();
    assertThat(onSecondary.asymmetricKeys()).extracting(AsymmetricKey::thumbprint).contains(thumbprint);

    onPrimary.encryptDatabaseKeyWith("Sales", "TDE_KEY2");
    onPrimary.encryptDatabaseKeyWith("Inventory", "TDE_KEY2");

    assertThat(onSecondary.databaseEncryption()).allSatisfy(db -> {
      assertThat(db.state()).isEqualTo("ONLINE");
      assertThat(db.isEncryptedBy(thumbprint)).isTrue();
    });
  }

  @Test
  void swapsRolesOnFailoverAndLetsTheNewPrimaryReEncrypt() {
    registerNewKey(onSecondary);
    registerNewKey(onPrimary);
    group.failover(secondary.instance);
    assertThat(onSecondary.availabilityRoles()).containsExactly(new AvailabilityRole("ag-sales", Role.PRIMARY));
    assertThat(onPrimary.availabilityRoles()).containsExactly(new AvailabilityRole("ag-sales", Role.SECONDARY));
    assertThat(onSecondary.encryptDatabaseKeyWith("Sales", "TDE_KEY2")).isEqualTo(StepResult.APPLIED);
    assertThat(onPrimary.encryptDatabaseKeyWith("Sales", "TDE_KEY2")).isEqualTo(StepResult.ALREADY_DONE);
    assertThat(state(onPrimary, "Sales")).isEqualTo("ONLINE");
  }

  @Test
  void refusesToReEncryptOnASecondaryThatAllowsNoReadsAndSaysToUseThePrimary() {
    registerNewKey(onSecondary);
    secondary.instance.faults().clear();
    GatewayException e = catchThrowableOfType(GatewayException.class,
        () -> onSecondary.encryptDatabaseKeyWith("Sales", "TDE_KEY2"));
    assertThat(e.reason()).isEqualTo(FailureReason.Conflict);
    assertThat(e.getMessage()).contains("976").contains("connect to the primary replica (or the listener)");
    // the USE was refused, so the key change itself never reached the secondary
    assertThat(secondary.instance.faults().requestTexts()).anyMatch(t -> t.startsWith("USE"))
        .noneMatch(t -> t.contains("ALTER DATABASE ENCRYPTION KEY"));
  }

  @Test
  void refusesToReEncryptOnAReadableSecondaryAsReadOnly() {
    group.allowConnectionsOnSecondary(secondary.instance, SecondaryAccess.ALL);
    registerNewKey(onSecondary);
    GatewayException e = catchThrowableOfType(GatewayException.class,
        () -> onSecondary.encryptDatabaseKeyWith("Sales", "TDE_KEY2"));
    assertThat(e.reason()).isEqualTo(FailureReason.Conflict);
    assertThat(e.getMessage()).contains("3906").contains("read-only").contains("run the step on the primary");
  }

  @Test
  void readsEveryReplicasDatabaseStatesOnThePrimaryAndItsOwnOnASecondary() {
    assertThat(onPrimary.databaseReplicaStates()).hasSize(4).allSatisfy(s -> {
      assertThat(s.group()).isEqualTo("ag-sales");
      assertThat(s.isHealthy()).isTrue();
    });
    assertThat(onPrimary.databaseReplicaStates()).filteredOn(DatabaseReplicaState::local)
        .extracting(DatabaseReplicaState::database, DatabaseReplicaState::primaryReplica)
        .containsExactlyInAnyOrder(tuple("Sales", true), tuple("Inventory", true));
    assertThat(onSecondary.databaseReplicaStates()).hasSize(2)
        .allSatisfy(s -> assertThat(s.local() && !s.primaryReplica()).isTrue());
  }

  @Test
  void showsTheSecondaryCopyUnhealthyWhenThePrimaryReEncryptsWithAKeyItLacks() {
    registerNewKey(onPrimary);
    onPrimary.encryptDatabaseKeyWith("Sales", "TDE_KEY2");
    assertThat(onPrimary.databaseReplicaStates()).filteredOn(s -> !s.primaryReplica() && !s.isHealthy())
        .extracting(DatabaseReplicaState::database, DatabaseReplicaState::synchronizationState,
            DatabaseReplicaState::databaseState)
        .containsExactly(tuple("Sales", 0, 3));
  }

  @Test
  void readsWhetherSecondariesAreReadable() {
    assertThat(onPrimary.availabilityReplicas()).extracting(AvailabilityReplica::serverName,
        AvailabilityReplica::readableAsSecondary).containsExactly(tuple("sql1", false), tuple("sql2", false));
    group.allowConnectionsOnSecondary(secondary.instance, SecondaryAccess.ALL);
    assertThat(onSecondary.availabilityReplicas()).filteredOn(r -> r.serverName().equals("sql2"))
        .extracting(AvailabilityReplica::secondaryAccess).containsExactly(AvailabilityReplica.SecondaryAccess.ALL);
  }
}
