package io.keyrotation.sandbox.aad;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
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
 * client secrets. As in Azure AD and Microsoft Graph ({@code addPassword}), the registry generates
 * each secret's text, returns it once ({@link NewSecret}), and keeps only a hash, a three-character
 * hint, a key id and the validity period. A new secret is accepted at the token endpoint only after
 * a propagation delay (configurable, zero by default): Azure AD replicates a new credential before
 * every sign-in node knows it, and until then answers "invalid client secret" (AADSTS7000215), so a
 * caller that just added a secret must retry its verification rather than give up. Shared by the
 * token endpoint, the Key Vault stand-in (which client may do what) and the Graph stand-in.
 */
public final class AppRegistry {

  /** What the token endpoint decides about a (tenant, client id, secret) triple. */
  public enum CredentialCheck {
    VALID, UNKNOWN_TENANT, UNKNOWN_APPLICATION, INVALID_SECRET, EXPIRED_SECRET
  }

  /** A client secret as Graph lists it ({@code passwordCredentials}): never the secret itself. */
  public record SecretInfo(UUID keyId, String hint, Instant startDateTime, Instant endDateTime) {}

  /** A client secret as Graph's {@code addPassword} returns it: the only time {@code secretText} is shown. */
  public record NewSecret(UUID keyId, String secretText, String hint, Instant startDateTime, Instant endDateTime) {
    public SecretInfo info() {
      return new SecretInfo(keyId, hint, startDateTime, endDateTime);
    }

    @Override
    public String toString() {
      return "NewSecret[keyId=" + keyId + ", hint=" + hint + ", startDateTime=" + startDateTime + ", endDateTime=" + endDateTime + "]";
    }
  }

  /** A password credential as Graph lists it ({@code passwordCredentials}), with its display name; never the secret. */
  public record PasswordCredential(UUID keyId, String displayName, String hint, Instant startDateTime, Instant endDateTime) {}

  /** Graph refused {@code addPassword}: the application already holds as many password credentials as it may. */
  public static final class TooManyPasswordsException extends RuntimeException {
    private final int limit;

    TooManyPasswordsException(int existing, int limit) {
      super("Not allowed to add " + (existing + 1) + " passwords. You can only add a maximum of " + limit + " passwords.");
      this.limit = limit;
    }

    public int limit() {
      return limit;
    }
  }

  private record StoredSecret(UUID keyId, String displayName, String hint, byte[] sha256, Instant startDateTime, Instant endDateTime,
                              Instant acceptedFrom) {}

  private record Application(String tenantId, String clientId, String displayName, List<StoredSecret> secrets) {}

  private final Clock clock;
  private final Duration propagationDelay;
  private final Set<String> tenants = ConcurrentHashMap.newKeySet();
  private final Map<String, Application> applications = new ConcurrentHashMap<>();
  private final Map<String, Integer> passwordLimits = new ConcurrentHashMap<>();
  private volatile int defaultPasswordLimit = DEFAULT_PASSWORD_LIMIT;

  /**
   * Password credentials an application may hold, unless set per application. Microsoft documents
   * a maximum of 2 for applications that accept personal Microsoft accounts (the error "You can
   * only add a maximum of 2 passwords"); for other applications it documents no number. The
   * stand-in takes the documented, stricter 2 for every application: a rotation that needs more
   * than the old and the new secret at once is a bug (see GRAPH-STANDIN.md).
   */
  public static final int DEFAULT_PASSWORD_LIMIT = 2;

  public AppRegistry(Clock clock, Duration propagationDelay) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.propagationDelay = Objects.requireNonNull(propagationDelay, "propagationDelay");
    if (propagationDelay.isNegative()) {
      throw new IllegalArgumentException("the propagation delay cannot be negative");
    }
  }

  public AppRegistry(Clock clock) {
    this(clock, Duration.ZERO);
  }

  public AppRegistry() {
    this(Clock.systemUTC());
  }

  public Clock clock() {
    return clock;
  }

  public Duration propagationDelay() {
    return propagationDelay;
  }

  public void registerTenant(String tenantId) {
    tenants.add(normalise(tenantId));
  }

  public boolean hasTenant(String tenantId) {
    return tenantId != null && tenants.contains(normalise(tenantId));
  }

  /** Registers an application in a tenant (created if new) with a first client secret valid from now. */
  public NewSecret registerApp(String tenantId, String clientId, String displayName, Instant endDateTime) {
    return registerApp(tenantId, clientId, displayName, clock.instant(), endDateTime);
  }

  /** As {@link #registerApp(String, String, String, Instant)} with the first secret's whole validity period. */
  public NewSecret registerApp(String tenantId, String clientId, String displayName, Instant startDateTime, Instant endDateTime) {
    registerTenant(tenantId);
    Application app = new Application(normalise(tenantId), normalise(clientId), displayName, new ArrayList<>());
    if (applications.putIfAbsent(app.clientId(), app) != null) {
      throw new IllegalArgumentException("application " + clientId + " is already registered");
    }
    return addSecret(clientId, startDateTime, endDateTime);
  }

  /** Adds a client secret valid from now, as Graph's {@code addPassword} does; the old ones stay valid. */
  public NewSecret addSecret(String clientId, Instant endDateTime) {
    return addSecret(clientId, clock.instant(), endDateTime);
  }

  /** Adds a client secret with its validity period ({@code passwordCredential.startDateTime/endDateTime}). */
  public NewSecret addSecret(String clientId, Instant startDateTime, Instant endDateTime) {
    Application app = application(clientId).orElseThrow(() -> new IllegalArgumentException("unknown application " + clientId));
    return store(app, null, startDateTime, endDateTime, false);
  }

  /**
   * Graph's {@code addPassword}: a new password credential with a display name, valid from now to
   * {@code endDateTime}, refused with {@link TooManyPasswordsException} when the application already
   * holds its limit of password credentials.
   */
  public NewSecret addPassword(String clientId, String displayName, Instant endDateTime) {
    Application app = application(clientId).orElseThrow(() -> new IllegalArgumentException("unknown application " + clientId));
    return store(app, displayName, clock.instant(), endDateTime, true);
  }

  /** Sets how many password credentials this application may hold ({@link #DEFAULT_PASSWORD_LIMIT} otherwise). */
  public void passwordLimit(String clientId, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("an application may hold at least one password credential");
    }
    passwordLimits.put(normalise(clientId), limit);
  }

  /** Sets the limit for applications without one of their own. */
  public void defaultPasswordLimit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("an application may hold at least one password credential");
    }
    defaultPasswordLimit = limit;
  }

  public List<PasswordCredential> passwordCredentialsOf(String clientId) {
    Application app = application(clientId).orElseThrow(() -> new IllegalArgumentException("unknown application " + clientId));
    synchronized (app) {
      return app.secrets().stream()
          .map(s -> new PasswordCredential(s.keyId(), s.displayName(), s.hint(), s.startDateTime(), s.endDateTime())).toList();
    }
  }

  public boolean hasApplication(String clientId) {
    return application(clientId).isPresent();
  }

  private NewSecret store(Application app, String displayName, Instant startDateTime, Instant endDateTime, boolean limited) {
    if (!startDateTime.isBefore(endDateTime)) {
      throw new IllegalArgumentException("a client secret's endDateTime must be after its startDateTime");
    }
    String text = ClientSecrets.generate();
    Instant propagated = clock.instant().plus(propagationDelay);
    StoredSecret stored = new StoredSecret(UUID.randomUUID(), displayName, text.substring(0, 3), sha256(text), startDateTime, endDateTime,
        propagated.isAfter(startDateTime) ? propagated : startDateTime);
    synchronized (app) {
      int limit = passwordLimits.getOrDefault(app.clientId(), defaultPasswordLimit);
      if (limited && app.secrets().size() >= limit) {
        throw new TooManyPasswordsException(app.secrets().size(), limit);
      }
      app.secrets().add(stored);
    }
    return new NewSecret(stored.keyId(), text, stored.hint(), startDateTime, endDateTime);
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

  public Optional<String> displayNameOf(String clientId) {
    return application(clientId).map(Application::displayName);
  }

  public Optional<String> tenantOf(String clientId) {
    return application(clientId).map(Application::tenantId);
  }

  /** Whether the application still has this secret (valid, expired or not yet replicated); read-only, for checks. */
  public boolean holdsSecret(String clientId, String secret) {
    Optional<Application> app = application(clientId);
    if (app.isEmpty() || secret == null) {
      return false;
    }
    byte[] presented = sha256(secret);
    synchronized (app.get()) {
      return app.get().secrets().stream().anyMatch(s -> MessageDigest.isEqual(s.sha256(), presented));
    }
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
          if (!now.isBefore(stored.endDateTime())) {
            return CredentialCheck.EXPIRED_SECRET;
          }
          // Not yet replicated, or not yet valid: Azure AD does not know it as a valid secret yet.
          return now.isBefore(stored.acceptedFrom()) ? CredentialCheck.INVALID_SECRET : CredentialCheck.VALID;
        }
      }
    }
    return CredentialCheck.INVALID_SECRET;
  }

  private Optional<Application> application(String clientId) {
    return clientId == null ? Optional.empty() : Optional.ofNullable(applications.get(normalise(clientId)));
  }

  private static SecretInfo info(StoredSecret stored) {
    return new SecretInfo(stored.keyId(), stored.hint(), stored.startDateTime(), stored.endDateTime());
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
