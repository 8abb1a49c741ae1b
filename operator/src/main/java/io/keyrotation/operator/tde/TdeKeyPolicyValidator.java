package io.keyrotation.operator.tde;

import io.keyrotation.operator.api.common.MaintenanceWindow;
import io.keyrotation.operator.api.common.NameRules;
import io.keyrotation.operator.api.common.SqlServerInstance;
import io.keyrotation.operator.api.tde.DatabaseSelection;
import io.keyrotation.operator.api.tde.TdeKeyPolicySpec;
import io.keyrotation.operator.api.tde.VaultKeySpec;
import io.keyrotation.operator.backup.AzureRegions;
import io.keyrotation.operator.schedule.IsoDuration;
import io.keyrotation.operator.validation.AzureCredentialsCheck;
import io.keyrotation.operator.validation.SpecProblem;
import io.keyrotation.operator.validation.SpecProblems;
import io.keyrotation.operator.validation.VaultTopologyCheck;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The checks on a TdeKeyPolicy spec that its schema cannot express; pure, no external calls. */
public final class TdeKeyPolicyValidator {
  static final Duration MINIMUM_INTERVAL = Duration.ofHours(1);
  private final AzureRegions regions;

  public TdeKeyPolicyValidator() {
    this(AzureRegions.builtIn());
  }

  public TdeKeyPolicyValidator(AzureRegions regions) {
    this.regions = regions;
  }

  public List<SpecProblem> validate(TdeKeyPolicySpec spec) {
    SpecProblems problems = new SpecProblems();
    if (spec == null) {
      problems.add("spec", "is required");
      return problems.list();
    }
    if (spec.vault() == null) {
      problems.add("spec.vault", "is required");
    } else {
      problems.vaultUrl("spec.vault.url", spec.vault().url());
      VaultTopologyCheck.check(problems, "spec.vault", spec.vault(), regions, false);
      if (spec.ekmCredential() != null) {
        VaultTopologyCheck.ekmIdentity(problems, "spec.ekmCredential.identity", spec.vault().url(), spec.ekmCredential().identity());
      }
    }
    Optional<IsoDuration> interval = problems.durationAtLeast("spec.rotation.interval", spec.rotation().interval(),
        MINIMUM_INTERVAL, "rotating more often only multiplies keys that must be kept");
    checkKey(problems, spec.key(), interval);
    checkWindow(problems, spec.rotation().maintenanceWindow());
    checkSqlServer(problems, spec);
    if (spec.ekmCredential() == null) {
      problems.add("spec.ekmCredential", "is required");
    } else if (!spec.ekmCredential().usesManagedIdentity() && spec.ekmCredential().servicePrincipalSecretRef() == null) {
      problems.add("spec.ekmCredential.servicePrincipalSecretRef", "is required: the Secret with the connector's client id and secret");
    } else if (spec.ekmCredential().usesManagedIdentity() && spec.ekmCredential().servicePrincipalSecretRef() != null) {
      problems.add("spec.ekmCredential.servicePrincipalSecretRef", "is not used with type ManagedIdentity: the credential carries no secret");
    }
    if (spec.ekmCredential() != null && spec.ekmCredential().identity() != null) {
      NameRules.ekmIdentityProblem(spec.ekmCredential().identity())
          .ifPresent(p -> problems.add("spec.ekmCredential.identity", "'" + spec.ekmCredential().identity() + "' " + p));
    }
    AzureCredentialsCheck.check(problems, "spec.azureCredentials", spec.azureCredentials());
    return problems.list();
  }

  private static void checkKey(SpecProblems problems, VaultKeySpec key, Optional<IsoDuration> interval) {
    if (key == null) {
      problems.add("spec.key", "is required");
      return;
    }
    boolean newName = key.namingStrategy() == VaultKeySpec.NamingStrategy.NewName;
    if (newName && (key.namePrefix() == null || key.name() != null)) {
      problems.add(key.namePrefix() == null ? "spec.key.namePrefix" : "spec.key.name",
          "the NewName strategy needs namePrefix (and no name)");
    }
    if (!newName && (key.name() == null || key.namePrefix() != null)) {
      problems.add(key.name() == null ? "spec.key.name" : "spec.key.namePrefix",
          "the NewVersion strategy needs name (and no namePrefix)");
    }
    if (key.namePrefix() != null) {
      problems.name("spec.key.namePrefix", key.namePrefix(), NameRules.KEY_NAME_PREFIX);
    }
    if (key.name() != null) {
      problems.name("spec.key.name", key.name(), NameRules.CONNECTOR_KEY_NAME);
    }
    if (key.size() != 2048 && key.size() != 3072) {
      problems.add("spec.key.size", "must be 2048 or 3072 (the RSA sizes the SQL Server Connector supports)");
    }
    if (key.expiresAfter() != null) {
      Optional<IsoDuration> expiry = problems.duration("spec.key.expiresAfter", key.expiresAfter());
      if (expiry.isPresent() && interval.isPresent()
          && SpecProblems.length(expiry.get()).compareTo(SpecProblems.length(interval.get())) <= 0) {
        problems.add("spec.key.expiresAfter", "must be longer than spec.rotation.interval, or a key would expire "
            + "while it still protects the databases and SQL Server would lose access to them");
      }
    }
  }

  private static void checkWindow(SpecProblems problems, MaintenanceWindow window) {
    if (window == null) {
      return;
    }
    String at = "spec.rotation.maintenanceWindow";
    problems.cron(at + ".schedule", window.schedule(), at + ".timeZone", window.timeZone());
    problems.durationAtLeast(at + ".duration", window.duration(), Duration.ofMinutes(5), "a re-encryption needs time to run");
  }

  private static void checkSqlServer(SpecProblems problems, TdeKeyPolicySpec spec) {
    if (spec.sqlServer() == null || spec.sqlServer().instances() == null || spec.sqlServer().instances().isEmpty()) {
      problems.add("spec.sqlServer.instances", "at least one SQL Server instance is required");
      return;
    }
    List<SqlServerInstance> instances = spec.sqlServer().instances();
    problems.name("spec.sqlServer.providerName", spec.sqlServer().providerName(), NameRules.SQL_NAME);
    problems.unique("spec.sqlServer.instances", instances, SqlServerInstance::name, ".name", "instance names");
    problems.unique("spec.sqlServer.instances", instances, TdeKeyPolicyValidator::address, ".host",
        "instance addresses (host:port, host names compare case-insensitively)");
    DatabaseSelection databases = spec.sqlServer().databases();
    if (databases.selection() == DatabaseSelection.Selection.Listed) {
      if (databases.names() == null || databases.names().isEmpty()) {
        problems.add("spec.sqlServer.databases.names", "is required with selection Listed");
      } else {
        problems.names("spec.sqlServer.databases.names", databases.names(), NameRules.SQL_NAME);
        problems.unique("spec.sqlServer.databases.names", databases.names(), n -> n, "", "database names");
      }
    }
  }

  /** Host names are case-insensitive (RFC 4343): SQL-0 and sql-0 are one instance. */
  private static String address(SqlServerInstance instance) {
    return (instance.host() == null ? "" : instance.host().toLowerCase(Locale.ROOT)) + ":" + instance.port();
  }
}
