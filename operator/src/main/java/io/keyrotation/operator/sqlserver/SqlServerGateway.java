package io.keyrotation.operator.sqlserver;

import io.keyrotation.operator.status.GatewayException;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The operator's only way into one SQL Server instance: catalog reads and the idempotent TDE
 * rotation steps of DOMAIN.md section 1. Every step reads the catalog first and acts only when
 * its effect is missing, so re-running it after a crash is harmless. There is deliberately no
 * way to drop an asymmetric key or a credential. Failures are thrown as {@link GatewayException}
 * with a reason and a message free of secrets; names are validated ({@link SqlNames}) before use.
 */
public interface SqlServerGateway {

  SqlServerEndpoint endpoint();

  // ---- reads ----

  /** {@code sys.cryptographic_providers}. */
  List<CryptographicProvider> cryptographicProviders();

  /** Asymmetric keys in master with thumbprint, provider and provider key name. */
  List<AsymmetricKey> asymmetricKeys();

  /** Logins created from asymmetric keys, with their mapped credentials. */
  List<KeyMappedLogin> loginsFromAsymmetricKeys();

  /** Credentials with name and identity, never the secret. */
  List<SqlCredential> credentials();

  /** The credentials mapped to a login of any kind (NotFound if there is no such login). */
  List<String> credentialsOfLogin(String login);

  /** Every user database with its TDE state (system databases and tempdb left out). */
  List<DatabaseEncryption> databaseEncryption();

  /**
   * The thumbprints the database's transaction log is still encrypted with
   * ({@code sys.dm_db_log_info.vlf_encryptor_thumbprint}); empty if the server version lacks it
   * (before SQL Server 2019).
   */
  Optional<Set<String>> logThumbprints(String database);

  /** This instance's role in each availability group it belongs to; empty when standalone. */
  List<AvailabilityRole> availabilityRoles();

  /**
   * Availability group databases and their replicas' states
   * ({@code sys.dm_hadr_database_replica_states}); a secondary reports only its own copies. Empty
   * when standalone.
   */
  List<DatabaseReplicaState> databaseReplicaStates();

  /** The replicas of this instance's availability groups and whether their secondaries are readable. */
  List<AvailabilityReplica> availabilityReplicas();

  /** {@code sys.dm_os_sys_info.sqlserver_start_time}, in the server's local time. */
  LocalDateTime startTime();

  /**
   * Whether the credential was changed after the instance last started, so the EKM provider may
   * still use its previous secret (DOMAIN.md section 6: restart after ALTER CREDENTIAL).
   */
  boolean restartPendingFor(String credential);

  // ---- steps ----

  /**
   * {@code CREATE ASYMMETRIC KEY [key] FROM PROVIDER [provider] WITH PROVIDER_KEY_NAME = N'...',
   * CREATION_DISPOSITION = OPEN_EXISTING}; {@code providerKeyName} is "name" or "name/version".
   * SQL Server cannot tell which vault key is behind an existing asymmetric key, so an existing key
   * of that name is ALREADY_DONE only if the caller recorded the name in status before this call
   * ({@link KeyIntent#RECORDED_IN_STATUS}) and the key is an EKM key of the endpoint's provider;
   * otherwise Conflict. The statement runs as the operator's login, whose own EKM credential opens
   * the vault key (see {@link #ensureOwnEkmCredential}).
   */
  StepResult createAsymmetricKey(String keyName, String providerKeyName, KeyIntent intent);

  /**
   * Makes sure the operator's own login (the endpoint's SQL login) has credential {@code name}
   * (IDENTITY = vault, for the endpoint's provider) mapped to it: {@code CREATE ASYMMETRIC KEY ...
   * FROM PROVIDER} opens the vault key with the credential of the executing login. Creates the
   * credential and maps it as needed; Conflict if the login already has another credential for
   * that provider (SQL Server allows one per provider: rotate that one's secret instead). The
   * service principal rotation must change this credential's secret too.
   */
  StepResult ensureOwnEkmCredential(String name, String vaultName, EkmCredentialSecret secret);

  /** {@code CREATE LOGIN [login] FROM ASYMMETRIC KEY [key]}, unless that login exists for that key. */
  StepResult createLoginFromAsymmetricKey(String login, String keyName);

  /**
   * {@code CREATE CREDENTIAL [name] WITH IDENTITY = N'vault', SECRET = N'...' FOR CRYPTOGRAPHIC
   * PROVIDER [provider]}, unless a credential with that name and identity exists for the provider
   * (its secret cannot be read back: use {@link #alterCredentialSecret} to change it).
   */
  StepResult createCredential(String name, String vaultName, EkmCredentialSecret secret);

  /**
   * {@code CREATE CREDENTIAL [vault DNS name] WITH IDENTITY = N'Managed Identity' FOR CRYPTOGRAPHIC
   * PROVIDER [provider]}, no secret: the connector signs in as the instance's managed identity
   * (SQL Server 2022 CU17+ on Azure VMs, Arc-enabled SQL Server). Unless it exists with that identity.
   */
  StepResult createManagedIdentityCredential(String vaultDnsName);

  /** {@code ALTER LOGIN [login] ADD CREDENTIAL [credential]}, unless already mapped. */
  StepResult addCredentialToLogin(String login, String credential);

  /** {@code ALTER LOGIN [login] DROP CREDENTIAL [credential]} (the credential stays), unless not mapped. */
  StepResult dropCredentialFromLogin(String login, String credential);

  /**
   * {@code ALTER CREDENTIAL [name] WITH IDENTITY = N'vault', SECRET = N'...'}. Always APPLIED (the
   * secret cannot be compared); harmless to repeat. The instance must restart before the EKM
   * provider uses the new secret: see {@link #restartPendingFor}.
   */
  StepResult alterCredentialSecret(String name, String vaultName, EkmCredentialSecret secret);

  /**
   * {@code USE [db]} then {@code ALTER DATABASE ENCRYPTION KEY ENCRYPTION BY SERVER ASYMMETRIC KEY
   * [key]}. ALREADY_DONE when the database's encryptor thumbprint is already that key's (in any
   * encryption state); IN_PROGRESS, without running anything, while a scan or protection change is
   * under way (SQL Server would refuse with Msg 33110). A running data backup (3023) and a third
   * change without a log backup in between (33122) fail as retryable with what to do.
   */
  StepResult encryptDatabaseKeyWith(String database, String keyName);
}
