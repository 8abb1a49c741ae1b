package io.keyrotation.operator.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a DBA sees of the operator's sessions in {@code sys.dm_exec_sessions}: {@code program_name}
 * keyrotation-operator and, as {@code host_name}, the replica that opened them, though every replica logs in
 * with the same SQL login. Asserted on the LOGIN7 messages the SQL Server stand-in received.
 */
class SqlServerSessionNameTest {
  static StandInSqlServer sql;

  @BeforeAll
  static void start() throws Exception {
    sql = StandInSqlServer.start();
  }

  @AfterAll
  static void stop() {
    sql.close();
  }

  @Test
  void eachSessionNamesTheReplicaAsItsHostAndTheOperatorAsItsProgram() {
    for (String pod : new String[] {"keyrotation-operator-6f9c8d7b5-x2k9p", "keyrotation-operator-6f9c8d7b5-q7w2z"}) {
      sql.server.clearLogins();
      SqlServerGateway replica = SqlServerGatewayFactory.mssqlJdbc(pod).create(sql.endpoint());

      assertThat(replica.cryptographicProviders()).isNotEmpty();

      assertThat(sql.server.logins()).isNotEmpty().allSatisfy(login -> {
        assertThat(login.hostName()).isEqualTo(pod);
        assertThat(login.programName()).isEqualTo("keyrotation-operator");
        assertThat(login.userName()).isEqualTo(StandInSqlServer.OPERATOR_LOGIN);
        assertThat(login.accepted()).isTrue();
      });
    }
  }
}
