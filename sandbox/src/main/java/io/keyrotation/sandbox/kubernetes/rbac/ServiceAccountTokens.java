package io.keyrotation.sandbox.kubernetes.rbac;

import io.keyrotation.sandbox.IssuedSecrets;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Bearer tokens the stand-in issued, each for one ServiceAccount (as the TokenRequest API would). */
public final class ServiceAccountTokens {

  private final SecureRandom random = new SecureRandom();
  private final Map<String, ServiceAccount> byToken = new ConcurrentHashMap<>();

  public String issue(ServiceAccount account) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String token = "sa." + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    byToken.put(token, account);
    IssuedSecrets.record("ServiceAccount token", token);
    return token;
  }

  public Optional<ServiceAccount> holderOf(String token) {
    return Optional.ofNullable(byToken.get(token));
  }
}
