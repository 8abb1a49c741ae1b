package io.keyrotation.operator.tde;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyrotation.operator.api.common.LoginSecretRef;
import io.keyrotation.operator.api.common.SqlServerInstance;
import io.keyrotation.operator.api.tde.DatabaseSelection;
import io.keyrotation.operator.api.tde.SqlServerTarget;
import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.keyrotation.operator.api.tde.TdeKeyPolicySpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyOverlapTest {

  @Test
  void theYoungerOfTwoPoliciesOnTheSameDatabaseIsRefusedNamingTheOlder() {
    TdeKeyPolicy first = policy("first", "2026-01-01T00:00:00Z", "sql-0.svc", 1433, listed("Sales"));
    TdeKeyPolicy second = policy("second", "2026-02-01T00:00:00Z", "SQL-0.svc", 1433, listed("sales", "Other"));

    assertThat(PolicyOverlap.olderOverlapping(second, List.of(first, second))).contains("tde/first");
    assertThat(PolicyOverlap.olderOverlapping(first, List.of(first, second))).isEmpty();
  }

  @Test
  void allEncryptedOverlapsAnySelectionOnTheSameInstance() {
    TdeKeyPolicy first = policy("first", "2026-01-01T00:00:00Z", "sql-0.svc", 1433, DatabaseSelection.allEncrypted());
    TdeKeyPolicy second = policy("second", "2026-02-01T00:00:00Z", "sql-0.svc", 1433, listed("Inventory"));

    assertThat(PolicyOverlap.olderOverlapping(second, List.of(first))).contains("tde/first");
  }

  @Test
  void differentDatabasesOrInstancesDoNotOverlap() {
    TdeKeyPolicy sales = policy("sales", "2026-01-01T00:00:00Z", "sql-0.svc", 1433, listed("Sales"));
    TdeKeyPolicy inventory = policy("inventory", "2026-02-01T00:00:00Z", "sql-0.svc", 1433, listed("Inventory"));
    TdeKeyPolicy otherPort = policy("other", "2026-03-01T00:00:00Z", "sql-0.svc", 1434, DatabaseSelection.allEncrypted());

    assertThat(PolicyOverlap.olderOverlapping(inventory, List.of(sales))).isEmpty();
    assertThat(PolicyOverlap.olderOverlapping(otherPort, List.of(sales, inventory))).isEmpty();
  }

  static DatabaseSelection listed(String... names) {
    return new DatabaseSelection(DatabaseSelection.Selection.Listed, List.of(names));
  }

  static TdeKeyPolicy policy(String name, String created, String host, int port, DatabaseSelection databases) {
    TdeKeyPolicy policy = new TdeKeyPolicy();
    policy.getMetadata().setName(name);
    policy.getMetadata().setNamespace("tde");
    policy.getMetadata().setCreationTimestamp(created);
    SqlServerInstance instance = new SqlServerInstance("i", host, port, null, null, new LoginSecretRef("l", null, null));
    policy.setSpec(new TdeKeyPolicySpec(null, null, null, new SqlServerTarget(null, List.of(instance), databases, null),
        null, null, false));
    return policy;
  }
}
