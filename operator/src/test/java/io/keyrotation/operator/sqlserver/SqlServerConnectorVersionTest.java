package io.keyrotation.operator.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyrotation.sandbox.sqlserver.engine.AvailabilityGroup;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Replicas running different EKM connector builds (1.0.5.0 on sql1, 1.0.4.0 on sql2) see the same
 * vault key under different thumbprints (KB 4470999); the gateway reads each build, and
 * {@link ConnectorSupport} refuses to rotate across them.
 */
class SqlServerConnectorVersionTest {
  private StandInSqlServer primary;
  private StandInSqlServer secondary;

  @BeforeEach
  void start() throws Exception {
    primary = StandInSqlServer.start();
    secondary = StandInSqlServer.start("sql2", primary.clock, primary.vaults);
    AvailabilityGroup.create("ag-sales", primary.instance, List.of(secondary.instance), "Sales", "Inventory");
    primary.createVaultKey("ContosoTdeKey2");
    secondary.instance.installConnector("13.0.811.168");
  }

  @AfterEach
  void stop() {
    primary.close();
    secondary.close();
  }

  private static String thumbprintOf(SqlServerGateway gateway, String key) {
    return gateway.asymmetricKeys().stream().filter(k -> k.name().equals(key)).findFirst().orElseThrow().thumbprint();
  }

  @Test
  void seesDifferentThumbprintsForTheSameVaultKeyAndRefusesToRotateAcrossTheReplicas() {
    SqlServerGateway onPrimary = primary.gateway();
    SqlServerGateway onSecondary = secondary.gateway();
    for (SqlServerGateway gateway : List.of(onPrimary, onSecondary)) {
      gateway.createAsymmetricKey("TDE_KEY2", "ContosoTdeKey2", KeyIntent.RECORDED_IN_STATUS);
    }
    assertThat(thumbprintOf(onPrimary, "TDE_KEY2")).isNotEqualTo(thumbprintOf(onSecondary, "TDE_KEY2"));

    Map<String, String> versions = new LinkedHashMap<>();
    for (SqlServerGateway gateway : List.of(onPrimary, onSecondary)) {
      versions.put(gateway.endpoint().name(), gateway.cryptographicProviders().get(0).providerVersion());
    }
    assertThat(versions).containsExactly(Map.entry("sql1", "15.0.2000.440"), Map.entry("sql2", "13.0.811.168"));
    assertThat(ConnectorSupport.refuseMixedVersions(versions)).isPresent();
    assertThat(ConnectorSupport.refuseKeyVersions("sql2", versions.get("sql2"))).isPresent();
  }
}
