package io.keyrotation.sandbox.sqlserver.engine;

import io.keyrotation.sandbox.sqlserver.engine.CatalogObjects.AsymmetricKey;
import io.keyrotation.sandbox.sqlserver.engine.CatalogObjects.Credential;
import io.keyrotation.sandbox.sqlserver.engine.CatalogObjects.Database;
import io.keyrotation.sandbox.sqlserver.engine.CatalogObjects.Login;
import io.keyrotation.sandbox.sqlserver.engine.CatalogObjects.Provider;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The server-level catalog of one instance. Names compare case-insensitively, as under the
 * default SQL_Latin1_General_CP1_CI_AS collation.
 */
final class ServerCatalog {
  private final Map<String, Provider> providers = new LinkedHashMap<>();
  private final Map<String, AsymmetricKey> asymmetricKeys = new LinkedHashMap<>();
  private final Map<String, Login> logins = new LinkedHashMap<>();
  private final Map<String, Credential> credentials = new LinkedHashMap<>();
  private final Map<String, Database> databases = new LinkedHashMap<>();
  private int nextPrincipalId = 256;
  private int nextKeyId = 256;
  private int nextCredentialId = 65536;
  private int nextProviderId = 65536;
  private int nextDatabaseId = 1;

  ServerCatalog() {
    for (String system : List.of("master", "tempdb", "model", "msdb")) {
      addDatabase(system);
    }
  }

  static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  int newPrincipalId() {
    return nextPrincipalId++;
  }

  int newKeyId() {
    return nextKeyId++;
  }

  int newCredentialId() {
    return nextCredentialId++;
  }

  int newProviderId() {
    return nextProviderId++;
  }

  Database addDatabase(String name) {
    Database database = new Database(nextDatabaseId++, name);
    databases.put(key(name), database);
    return database;
  }

  void add(Provider provider) {
    providers.put(key(provider.name), provider);
  }

  void add(AsymmetricKey key) {
    asymmetricKeys.put(key(key.name), key);
  }

  void add(Login login) {
    logins.put(key(login.name), login);
  }

  void add(Credential credential) {
    credentials.put(key(credential.name), credential);
  }

  Optional<Provider> provider(String name) {
    return Optional.ofNullable(providers.get(key(name)));
  }

  Optional<AsymmetricKey> asymmetricKey(String name) {
    return Optional.ofNullable(asymmetricKeys.get(key(name)));
  }

  Optional<AsymmetricKey> asymmetricKeyByThumbprint(byte[] thumbprint) {
    return asymmetricKeys.values().stream()
        .filter(k -> java.util.Arrays.equals(k.thumbprint, thumbprint)).findFirst();
  }

  Optional<Login> login(String name) {
    return Optional.ofNullable(logins.get(key(name)));
  }

  Optional<Login> loginFor(AsymmetricKey key) {
    return logins.values().stream().filter(l -> l.asymmetricKey == key).findFirst();
  }

  Optional<Credential> credential(String name) {
    return Optional.ofNullable(credentials.get(key(name)));
  }

  Optional<Database> database(String name) {
    return Optional.ofNullable(databases.get(key(name)));
  }

  Provider requireProvider(String name) throws SqlServerError {
    return provider(name).orElseThrow(() -> SqlServerError.cannotFind("cryptographic provider", name));
  }

  AsymmetricKey requireAsymmetricKey(String name) throws SqlServerError {
    return asymmetricKey(name).orElseThrow(() -> SqlServerError.cannotFind("asymmetric key", name));
  }

  Login requireLogin(String name) throws SqlServerError {
    return login(name).orElseThrow(() -> new SqlServerError(15151, 1, 16,
        "Cannot alter the login '" + name + "', because it does not exist or you do not have permission."));
  }

  Credential requireCredential(String name) throws SqlServerError {
    return credential(name).orElseThrow(() -> SqlServerError.cannotFind("credential", name));
  }

  Collection<Provider> providers() {
    return providers.values();
  }

  Collection<AsymmetricKey> asymmetricKeys() {
    return asymmetricKeys.values();
  }

  Collection<Login> logins() {
    return logins.values();
  }

  Collection<Credential> credentials() {
    return credentials.values();
  }

  List<Database> databases() {
    return new ArrayList<>(databases.values());
  }
}
