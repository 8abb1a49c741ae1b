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
    require(executor, "CREATE ASYMMETRIC KEY");
    if (catalog.asymmetricKey(statement.name()).isPresent()) {
      throw keyExists(statement.name());
    }
    Provider provider = catalog.requireProvider(statement.provider());
    if (!statement.disposition().equals("OPEN_EXISTING")) {
      throw EkmConnector.keyError(statement.providerKeyName(), 3); // the connector cannot create keys
    }
    Credential credential = credentialFor(executor, provider, statement.providerKeyName());
    EkmKeyAccess opened = instance.ekm().openForRegistration(credential, statement.providerKeyName());
    byte[] thumbprint = EkmConnector.thumbprint(opened.modulus());
    if (catalog.asymmetricKeyByThumbprint(thumbprint).isPresent()) {
      throw keyExists(statement.name());
    }
    catalog.add(new AsymmetricKey(catalog.newKeyId(), statement.name(), provider, statement.providerKeyName(),
        opened.version(), thumbprint, sidOf(thumbprint)));
    return new Done(Done.CMD_ASYMMETRIC_KEY_CREATE, -1);
  }

  Done createLogin(Login executor, CreateLoginFromAsymmetricKey statement) throws SqlServerError {
    require(executor, "ALTER ANY LOGIN");
    if (catalog.login(statement.login()).isPresent()) {
      throw principalExists(statement.login());
    }
    AsymmetricKey key = catalog.requireAsymmetricKey(statement.asymmetricKey());
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
    if (statement.secret() != null) {
      credential.secret = statement.secret(); // the EKM provider keeps its cached secret until restart
    }
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
      login.credentials.add(credential);
    } else if (!login.credentials.remove(credential)) {
      throw SqlServerError.cannotFind("credential", statement.credential());
    }
    return new Done(Done.CMD_LOGIN_ALTER, -1);
  }

  /** The credential the provider authenticates with for {@code login}, or provider error 5. */
  static Credential credentialFor(Login login, Provider provider, String providerKeyName) throws SqlServerError {
    return login.credentials.stream()
        .filter(c -> c.provider == provider)
        .findFirst()
        .orElseThrow(() -> EkmConnector.keyError(providerKeyName, 5));
  }

  static void require(Login login, String permission) throws SqlServerError {
    if (!login.has(permission)) {
      throw SqlServerError.permissionDenied();
    }
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
