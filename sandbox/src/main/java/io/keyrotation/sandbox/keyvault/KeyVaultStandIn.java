package io.keyrotation.sandbox.keyvault;

import io.keyrotation.sandbox.aad.AzureAdStandIn;
import io.keyrotation.sandbox.aad.SandboxHttp;
import io.keyrotation.sandbox.aad.SandboxTls;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Azure Key Vault on its own HTTPS port, reached by the unmodified {@code KeyClient} at
 * {@link #vaultUrl()} (with challenge-resource verification disabled, as for any vault outside
 * {@code *.vault.azure.net}). Tokens come from the {@link AzureAdStandIn}; access is per client id
 * ({@link #grant}). The Java methods below are for tests and other stand-ins; they bypass HTTP,
 * tokens, limits and faults.
 */
public final class KeyVaultStandIn implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KeyVaultStandIn.class);
  /** Ports a vault of this JVM listened on, never handed to another vault (see start). */
  private static final java.util.Set<Integer> USED_PORTS = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private static final int REQUEST_LOG_CAPACITY = 10_000;

  private final VaultDefinition definition;
  private final Clock clock;
  private final VaultKeys keys;
  private final AccessPolicies access = new AccessPolicies();
  private final ThrottleWindows throttle;
  private final FaultInjector faults = new FaultInjector();
  private final VaultProperties properties = new VaultProperties();
  private final Deque<RecordedRequest> requests = new ConcurrentLinkedDeque<>();
  private final AtomicInteger requestCount = new AtomicInteger();
  private final RequestGate gate;
  private final SandboxHttp.Server server;
  private final String vaultUrl;
  private final KeyVaultJson json;

  private KeyVaultStandIn(VaultDefinition definition, AzureAdStandIn aad, SandboxTls tls, int port, String hostName) {
    this.definition = definition;
    this.clock = aad.registry().clock();
    this.keys = new VaultKeys(definition, properties, clock);
    this.throttle = new ThrottleWindows(definition.limits());
    RequestGate gate = new RequestGate(clock, keys, access, throttle, faults);
    this.gate = gate;
    this.server = SandboxHttp.startHttps(tls, port, "keyvault-" + definition.name(), 16, boundPort -> {
      String url = "https://" + hostName + ":" + boundPort;
      KeyVaultOperations operations = new KeyVaultOperations(keys, new KeyVaultJson(url, definition, properties), url, clock);
      return new KeyVaultHttpApi(definition, aad.authorityHost(), aad.tokens(), clock, gate, operations, this::record)::handle;
    });
    this.vaultUrl = "https://" + hostName + ":" + server.port();
    this.json = new KeyVaultJson(vaultUrl, definition, properties);
  }

  /** Starts a vault on a free loopback port. */
  public static KeyVaultStandIn start(VaultDefinition definition, AzureAdStandIn aad, SandboxTls tls) {
    return start(definition, aad, tls, 0);
  }

  public static KeyVaultStandIn start(VaultDefinition definition, AzureAdStandIn aad, SandboxTls tls, int port) {
    return start(definition, aad, tls, port, "localhost");
  }

  /**
   * Starts a vault that calls itself {@code hostName} in its URL and key ids, e.g.
   * {@code <name>.vault.azure.net}, for clients that resolve that name to the loopback address.
   */
  public static KeyVaultStandIn start(VaultDefinition definition, AzureAdStandIn aad, SandboxTls tls, int port, String hostName) {
    KeyVaultStandIn vault = new KeyVaultStandIn(definition, aad, tls, port, hostName);
    // A real vault's host name is its own for good; clients cache its bearer challenge (tenant) per host:port for the
    // life of the JVM. A free port the OS hands out again would give a new vault another vault's cached tenant.
    for (int attempt = 0; port == 0 && !USED_PORTS.add(vault.server.port()) && attempt < 50; attempt++) {
      vault.close();
      vault = new KeyVaultStandIn(definition, aad, tls, port, hostName);
    }
    LOG.info("Key Vault stand-in '{}' ({}, {}) listening on {}", definition.name(), definition.region(),
        definition.geography(), vault.vaultUrl());
    return vault;
  }

  public URI vaultUrl() {
    return URI.create(vaultUrl);
  }

  public VaultDefinition definition() {
    return definition;
  }

  public String name() {
    return definition.name();
  }

  public void grant(String clientId, KeyPermission... permissions) {
    access.grant(clientId, permissions);
  }

  public void revoke(String clientId, KeyPermission... permissions) {
    access.revoke(clientId, permissions);
  }

  public boolean permits(String clientId, KeyPermission permission) {
    return access.permits(clientId, permission);
  }

  /**
   * The key {@code name} (latest version) or {@code name/version}, if it exists and is not
   * soft-deleted; {@link KeyView#enabled()} and {@link KeyView#usableNow()} tell whether it may be used.
   */
  public Optional<KeyView> findKey(String nameOrNameSlashVersion) {
    int slash = nameOrNameSlashVersion.indexOf('/');
    String name = slash < 0 ? nameOrNameSlashVersion : nameOrNameSlashVersion.substring(0, slash);
    String version = slash < 0 ? null : nameOrNameSlashVersion.substring(slash + 1);
    Optional<StoredKey> key = keys.findActive(name);
    if (key.isEmpty()) {
      return Optional.empty();
    }
    return key.get().versions().stream()
        .filter(v -> version == null || version.isEmpty() || v.version().equalsIgnoreCase(version))
        .reduce((first, second) -> second)
        .map(v -> KeyView.of(key.get().name(), v, json.keyId(key.get().name(), v.version()), clock.instant()));
  }

  /** Every version of an active key, oldest first. */
  public List<KeyView> versionsOf(String name) {
    StoredKey key = keys.active(name);
    return key.versions().stream().map(v -> KeyView.of(key.name(), v, json.keyId(key.name(), v.version()), clock.instant())).toList();
  }

  public List<String> keyNames() {
    return keys.activeKeys().stream().map(StoredKey::name).toList();
  }

  public boolean isSoftDeleted(String name) {
    return keys.find(name).map(StoredKey::isDeleted).orElse(false);
  }

  /** Creates a software (RSA) or HSM (RSA-HSM) key, or a new version of it, as a seed for demos and tests. */
  public KeyView createKey(String name, boolean hsm, int keySize, Map<String, String> tags) {
    return createKey(name, hsm, keySize, tags, null, null);
  }

  /** As {@link #createKey(String, boolean, int, Map)}, with an activation date and an expiry (either may be null). */
  public KeyView createKey(String name, boolean hsm, int keySize, Map<String, String> tags, Instant notBefore, Instant expires) {
    KeyVersion created = keys.create(name, new VaultKeys.CreateRequest(hsm ? "RSA-HSM" : "RSA", keySize, 0, List.of(),
        true, notBefore, expires, tags));
    return KeyView.of(keys.active(name).name(), created, json.keyId(keys.active(name).name(), created.version()), clock.instant());
  }

  /** Adds {@code count} versions with the same key material as the latest (as re-importing it would). */
  public void importVersions(String name, int count) {
    keys.importSameMaterial(name, count);
  }

  public void softDelete(String name) {
    keys.softDelete(name);
  }

  public void purge(String name) {
    keys.purge(name);
  }

  /** SKU and purge protection, which a vault's owner may change after creation. */
  public VaultProperties properties() {
    return properties;
  }

  /** Sets the key's rotation policy (as {@code PUT /keys/{name}/rotationpolicy} would). */
  public void setRotationPolicy(String name, RotationPolicy policy) {
    keys.setRotationPolicy(name, policy);
  }

  public void setEnabled(String name, boolean enabled) {
    keys.setEnabled(name, enabled);
  }

  /**
   * Charges a request by {@code clientId} for {@code operation} on key {@code keyName} as the HTTP
   * front door would after authentication: injected faults, then service limits, then the access
   * policy. The request is recorded like an HTTP one (method {@code EKM}). For other stand-ins
   * whose own clients would call the vault, so that they see the same limits, faults and policies.
   */
  public Admission admit(String clientId, VaultOperation operation, String keyName) {
    Instant received = clock.instant();
    RequestGate.Decision decision = gate.decide(clientId, operation, keyName, null, 0);
    Admission admission = new Admission(decision.status(), Optional.ofNullable(decision.retryAfterSeconds()));
    record(new RecordedRequest(received, clock.instant(), "EKM", "/keys/" + keyName, operation, clientId,
        admission.status(), admission.retryAfterSeconds().orElse(null), null));
    return admission;
  }

  public FaultInjector faults() {
    return faults;
  }

  public ServiceLimits limits() {
    return throttle.limits();
  }

  public void limits(ServiceLimits limits) {
    throttle.limits(limits);
  }

  /** The most recent requests (up to 10,000), oldest first. */
  public List<RecordedRequest> requests() {
    return new ArrayList<>(requests);
  }

  public void clearRequests() {
    requests.clear();
    requestCount.set(0);
  }

  @Override
  public void close() {
    server.close();
  }

  private void record(RecordedRequest request) {
    requests.addLast(request);
    if (requestCount.incrementAndGet() > REQUEST_LOG_CAPACITY) {
      requests.pollFirst();
      requestCount.decrementAndGet();
    }
  }
}
