package io.keyrotation.operator.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Several reconciles reading one instance at once, as the operator's worker threads do. */
class SqlServerGatewayConcurrencyTest {
  private StandInSqlServer sql;

  @BeforeEach
  void start() throws Exception {
    sql = StandInSqlServer.start();
  }

  @AfterEach
  void stop() {
    sql.close();
  }

  @Test
  void servesParallelGatewaysConsistentReads() throws Exception {
    SqlServerGateway gateway = sql.gateway();
    String thumbprint = sql.instance.encryptorThumbprint("Sales").orElseThrow();
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<List<DatabaseEncryption>>> results = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        results.add(pool.submit(() -> {
          gateway.asymmetricKeys();
          return gateway.databaseEncryption();
        }));
      }
      for (Future<List<DatabaseEncryption>> result : results) {
        assertThat(result.get()).hasSize(2).allSatisfy(db -> assertThat(db.isEncryptedBy(thumbprint)).isTrue());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
