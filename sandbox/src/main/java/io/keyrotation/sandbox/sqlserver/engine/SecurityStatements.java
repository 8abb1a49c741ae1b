package io.keyrotation.sandbox.sqlserver.engine;

import io.keyrotation.sandbox.sqlserver.engine.CatalogObjects.AsymmetricKey;
import io.keyrotation.sandbox.sqlserver.engine.CatalogObjects.Credential;
import io.keyrotation.sandbox.sqlserver.engine.CatalogObjects.Login;
import io.keyrotation.sandbox.sqlserver.engine.CatalogObjects.Provider;
import io.keyrotation.sandbox.sqlserver.engine.Statement.AlterCredential;
import io.keyrotation.sandbox.sqlserver.engine.Statement.AlterLoginCredential;
import io.keyrotation.sandbox.sqlserver.engine.Statement.CreateAsymmetricKey;
import io.keyrotation.sandbox.sqlserver.engine.Statement.CreateCredential;
import io.keyrotation.sandbox.sqlserver.engine.Statement.CreateLoginFromAsymmetricKey;
import io.keyrotation.sandbox.sqlserver.engine.StatementResult.Done;
import java.nio.ByteBuffer;
import java.time.LocalDateTime;

/** CREATE ASYMMETRIC KEY / LOGIN / CREDENTIAL, ALTER CREDENTIAL and ALTER LOGIN ... CREDENTIAL. */
final class SecurityStatements {
  private final SqlServerInstance instance;
  private final ServerCatalog catalog;

  SecurityStatements(SqlServerInstance instance) {
    this.instance = instance;
    this.catalog = instance.catalog();
  }

  Done createAsymmetricKey(Login executor, CreateAsymmetricKey statement) throws SqlServerError {
    Permissions.requireCreateAsymmetricKey(executor);
    if (catalog.asymmetricKey(statement.name()).isPresent()) {
      throw keyExists(statement.name());
    }
    Provider provider = catalog.requireProvider(statement.provider());
    if (!statement.disposition().equals("OPEN_EXISTING")) {
      // CREATE_NEW (also the default when the clause is left out) asks the provider to create the
      // key; the Azure Key Vault connector does not create keys (provider error 3, scp_err_NotSupported)
      throw EkmConnector.keyError(statement.providerKeyName(), 3);
    }
    Credential credential = credentialFor(executor, provider, statement.providerKeyName());
    EkmKeyAccess opened = instance.ekm().openForRegistration(credential, statement.providerKeyName());
    byte[] thumbprint = instance.ekm().thumbprintOf(opened.modulus());
    if (catalog.asymmetricKeyByThumbprint(thumbprint).isPresent()) {
      throw keyExists(statement.name());
    }
    catalog.add(new AsymmetricKey(catalog.newKeyId(), statement.name(), provider, statement.providerKeyName(),
        opened.version(), thumbprint, sidOf(thumbprint), executor.principalId));
    return new Done(Done.CMD_ASYMMETRIC_KEY_CREATE, -1);
  }

  Done createLogin(Login executor, CreateLoginFromAsymmetricKey statement) throws SqlServerError {
    require(executor, "ALTER ANY LOGIN");
    if (catalog.login(statement.login()).isPresent()) {
      throw principalExists(statement.login());
    }
    AsymmetricKey key = visibleKey(executor, statement.asymmetricKey());
    Login existing = catalog.loginFor(key).orElse(null);
    if (existing != null) {
      throw principalExists(existing.name);
    }
    catalog.add(new Login(catalog.newPrincipalId(), statement.login(), key.sid, null, key, now()));
    return new Done(Done.CMD_LOGIN_CREATE, -1);
  }

  Done createCredential(Login executor, CreateCredential statement) throws SqlServerError {
    require(executor, "ALTER ANY CREDENTIAL");
    if (catalog.credential(statement.name()).isPresent()) {
      throw new SqlServerError(15025, 1, 16, "The credential '" + statement.name() + "' already exists.");
    }
    Provider provider = catalog.requireProvider(statement.provider());
    catalog.add(new Credential(catalog.newCredentialId(), statement.name(), provider, statement.identity(),
        statement.secret(), now()));
    return new Done(Done.CMD_CREDENTIAL_CREATE, -1);
  }

  Done alterCredential(Login executor, AlterCredential statement) throws SqlServerError {
    require(executor, "ALTER ANY CREDENTIAL");
    Credential credential = catalog.requireCredential(statement.name());
    credential.identity = statement.identity();
    // without SECRET the secret becomes NULL (ALTER CREDENTIAL, Remarks); the EKM provider keeps
    // its cached secret until restart
    credential.secret = statement.secret();
    credential.modifyDate = now();
    return new Done(Done.CMD_CREDENTIAL_ALTER, -1);
  }

  Done alterLoginCredential(Login executor, AlterLoginCredential statement) throws SqlServerError {
    require(executor, "ALTER ANY LOGIN");
    if (statement.add()) {
      require(executor, "ALTER ANY CREDENTIAL");
    }
    Login login = catalog.requireLogin(statement.login());
    Credential credential = catalog.requireCredential(statement.credential());
    if (statement.add()) {
      boolean providerTaken = login.credentials.stream()
          .anyMatch(c -> c.provider != null && c.provider == credential.provider);
      if (login.credentials.contains(credential) || providerTaken) {
        throw new SqlServerError(15550, 1, 16, "The login '" + login.name
            + "' already has a credential mapped for this cryptographic provider.");
      }
      // "A single credential can only be mapped to a single SQL Server login" (Credentials
      // (Database Engine)); SQL Server 2017 answers Msg 33042 (MicrosoftDocs/sql-docs issue 2383)
      if (catalog.logins().stream().anyMatch(other -> other != login && other.credentials.contains(credential))) {
        throw new SqlServerError(33042, 1, 16, "Cannot add credential because it is already mapped to a login.");
      }
      login.credentials.add(credential);
    } else if (!login.credentials.remove(credential)) {
      throw SqlServerError.cannotFind("credential", statement.credential());
    }
    return new Done(Done.CMD_LOGIN_ALTER, -1);
  }

  /**
   * GRANT to a login. Only a CONTROL SERVER login may grant here (SQL Server also lets holders of
   * WITH GRANT OPTION grant; the stand-in is stricter). The securable must exist.
   */
  Done grant(Login executor, Statement.Grant statement) throws SqlServerError {
    require(executor, Permissions.CONTROL_SERVER);
    Login grantee = catalog.login(statement.login())
        .orElseThrow(() -> SqlServerError.cannotFind("login", statement.login()));
    String permission = statement.permission();
    if (statement.securable() != null) {
      String[] parts = statement.securable().split("::", 2);
      String securableClass = Permissions.normalize(parts[0]);
      boolean exists = switch (securableClass) {
        case "DATABASE" -> catalog.database(parts[1]).isPresent();
        case "ASYMMETRIC KEY" -> catalog.asymmetricKey(parts[1]).isPresent();
        case "LOGIN" -> catalog.login(parts[1]).isPresent();
        default -> throw SqlServerError.syntaxNear(parts[0]);
      };
      if (!exists) {
        throw SqlServerError.cannotFind(securableClass.toLowerCase(java.util.Locale.ROOT), parts[1]);
      }
      permission = Permissions.on(permission, securableClass, parts[1]);
    }
    grantee.permissions.add(Permissions.normalize(permission));
    return new Done(Done.CMD_CMD, -1);
  }

  /** The credential the provider authenticates with for {@code login}, or provider error 5. */
  static Credential credentialFor(Login login, Provider provider, String providerKeyName) throws SqlServerError {
    return login.credentials.stream()
        .filter(c -> c.provider == provider)
        .findFirst()
        .orElseThrow(() -> EkmConnector.keyError(providerKeyName, 5));
  }

  static void require(Login login, String permission) throws SqlServerError {
    Permissions.requireServer(login, permission);
  }

  /** An asymmetric key the executor may see; one it may not see is reported as missing (Msg 15151). */
  AsymmetricKey visibleKey(Login executor, String name) throws SqlServerError {
    AsymmetricKey key = catalog.requireAsymmetricKey(name);
    Permissions.requireViewDefinition(executor, key);
    return key;
  }

  private static SqlServerError keyExists(String name) {
    return new SqlServerError(15282, 1, 16, "A key with name '" + name
        + "' or user defined unique identifier already exists or you do not have permissions to create it.");
  }

  private static SqlServerError principalExists(String name) {
    return new SqlServerError(15025, 1, 16, "The server principal '" + name + "' already exists.");
  }

  /** Asymmetric-key SIDs start S-1-9-1 (0x010600000000000901000000) and continue with the thumbprint. */
  private static byte[] sidOf(byte[] thumbprint) {
    return ByteBuffer.allocate(12 + thumbprint.length)
        .put(new byte[] {1, 6, 0, 0, 0, 0, 0, 9, 1, 0, 0, 0})
        .put(thumbprint)
        .array();
  }

  private LocalDateTime now() {
    return instance.now();
  }
}
