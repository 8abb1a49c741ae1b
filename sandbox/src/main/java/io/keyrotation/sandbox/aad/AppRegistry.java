package io.keyrotation.sandbox.aad;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Azure AD as far as the sandbox needs it: tenants, applications (service principals) and their
 * client secrets, each with an expiry. Like Azure AD, it keeps only a hash of each secret and a
 * three-character hint. Shared by the token endpoint, the Key Vault stand-in (which client may do
 * what) and, later, the Graph stand-in ({@code addPassword}/{@code removePassword}).
 */
public final class AppRegistry {

  /** What the token endpoint decides about a (tenant, client id, secret) triple. */
  public enum CredentialCheck {
    VALID, UNKNOWN_TENANT, UNKNOWN_APPLICATION, INVALID_SECRET, EXPIRED_SECRET
  }

  /** A client secret as Graph lists it ({@code passwordCredentials}): never the secret itself. */
  public record SecretInfo(UUID keyId, String hint, Instant endDateTime) {}

  private record StoredSecret(UUID keyId, String hint, byte[] sha256, Instant endDateTime) {}

  private record Application(String tenantId, String clientId, String displayName, List<StoredSecret> secrets) {}

  private final Clock clock;
  private final Set<String> tenants = ConcurrentHashMap.newKeySet();
  private final Map<String, Application> applications = new ConcurrentHashMap<>();

  public AppRegistry(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public AppRegistry() {
    this(Clock.systemUTC());
  }

  public Clock clock() {
    return clock;
  }

  public void registerTenant(String tenantId) {
    tenants.add(normalise(tenantId));
  }

  public boolean hasTenant(String tenantId) {
    return tenantId != null && tenants.contains(normalise(tenantId));
  }

  /** Registers an application in a tenant (created if new) with its first client secret. */
  public SecretInfo registerApp(String tenantId, String clientId, String displayName, String secret, Instant expiresAt) {
    registerTenant(tenantId);
    Application app = new Application(normalise(tenantId), normalise(clientId), displayName, new ArrayList<>());
    if (applications.putIfAbsent(app.clientId(), app) != null) {
      throw new IllegalArgumentException("application " + clientId + " is already registered");
    }
    return addSecret(clientId, secret, expiresAt);
  }

  /** Adds a client secret, as Graph's {@code addPassword} does; the old ones stay valid. */
  public SecretInfo addSecret(String clientId, String secret, Instant expiresAt) {
    Application app = application(clientId).orElseThrow(() -> new IllegalArgumentException("unknown application " + clientId));
    if (secret == null || secret.length() < 3) {
      throw new IllegalArgumentException("a client secret needs at least 3 characters");
    }
    StoredSecret stored = new StoredSecret(UUID.randomUUID(), secret.substring(0, 3), sha256(secret), expiresAt);
    synchronized (app) {
      app.secrets().add(stored);
    }
    return info(stored);
  }

  /** Removes a client secret by its key id, as Graph's {@code removePassword} does. */
  public boolean removeSecret(String clientId, UUID keyId) {
    Optional<Application> app = application(clientId);
    if (app.isEmpty()) {
      return false;
    }
    synchronized (app.get()) {
      return app.get().secrets().removeIf(s -> s.keyId().equals(keyId));
    }
  }

  public List<SecretInfo> secretsOf(String clientId) {
    Application app = application(clientId).orElseThrow(() -> new IllegalArgumentException("unknown application " + clientId));
    synchronized (app) {
      return app.secrets().stream().map(AppRegistry::info).toList();
    }
  }

  public Optional<String> tenantOf(String clientId) {
    return application(clientId).map(Application::tenantId);
  }

  public boolean isValidCredential(String tenantId, String clientId, String secret) {
    return check(tenantId, clientId, secret) == CredentialCheck.VALID;
  }

  public CredentialCheck check(String tenantId, String clientId, String secret) {
    if (!hasTenant(tenantId)) {
      return CredentialCheck.UNKNOWN_TENANT;
    }
    Optional<Application> app = application(clientId).filter(a -> a.tenantId().equals(normalise(tenantId)));
    if (app.isEmpty()) {
      return CredentialCheck.UNKNOWN_APPLICATION;
    }
    byte[] presented = sha256(secret == null ? "" : secret);
    Instant now = clock.instant();
    synchronized (app.get()) {
      for (StoredSecret stored : app.get().secrets()) {
        if (MessageDigest.isEqual(stored.sha256(), presented)) {
          return now.isBefore(stored.endDateTime()) ? CredentialCheck.VALID : CredentialCheck.EXPIRED_SECRET;
        }
      }
    }
    return CredentialCheck.INVALID_SECRET;
  }

  private Optional<Application> application(String clientId) {
    return clientId == null ? Optional.empty() : Optional.ofNullable(applications.get(normalise(clientId)));
  }

  private static SecretInfo info(StoredSecret stored) {
    return new SecretInfo(stored.keyId(), stored.hint(), stored.endDateTime());
  }

  private static String normalise(String id) {
    return Objects.requireNonNull(id, "id").toLowerCase(java.util.Locale.ROOT);
  }

  private static byte[] sha256(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
