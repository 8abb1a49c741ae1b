package io.keyrotation.sandbox.keyvault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpClient;
import com.azure.security.keyvault.keys.cryptography.CryptographyClient;
import com.azure.security.keyvault.keys.cryptography.CryptographyClientBuilder;
import com.azure.security.keyvault.keys.cryptography.models.KeyWrapAlgorithm;
import io.keyrotation.sandbox.aad.AppRegistry;
import io.keyrotation.sandbox.aad.AzureAdStandIn;
import io.keyrotation.sandbox.aad.SandboxTls;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Who may do what: bearer tokens checked as Key Vault checks them, key permissions, the Java admission API. */
class KeyVaultAccessTest {
  static final String TENANT = "44444444-4444-4444-4444-444444444444";
  static final String EKM_APP = "55555555-5555-5555-5555-555555555555";
  static String ekmSecret;

  static SandboxTls tls;
  static AzureAdStandIn aad;
  static KeyVaultStandIn vault;
  static HttpClient azureHttp;
  static java.net.http.HttpClient plainHttp;

  @BeforeAll
  static void start() {
    tls = SandboxTls.generate();
    AppRegistry registry = new AppRegistry();
    ekmSecret = registry.registerApp(TENANT, EKM_APP, "sql ekm", Instant.now().plus(1, ChronoUnit.DAYS)).secretText();
    aad = AzureAdStandIn.start(tls, registry);
    vault = KeyVaultStandIn.start(VaultDefinition.of("kv-access", "westeurope", "66666666-6666-6666-6666-666666666666", TENANT), aad, tls);
    vault.grant(EKM_APP, KeyPermission.GET, KeyPermission.LIST, KeyPermission.WRAP_KEY, KeyPermission.UNWRAP_KEY);
    vault.createKey("tde-key", false, 2048, Map.of());
    azureHttp = StandInClients.httpClient(tls);
    plainHttp = java.net.http.HttpClient.newBuilder().sslContext(tls.clientContext()).build();
  }

  @AfterAll
  static void stop() {
    vault.close();
    aad.close();
  }

  static CryptographyClient crypto(String keyId) {
    return new CryptographyClientBuilder().keyIdentifier(keyId)
        .credential(StandInClients.credential(aad, azureHttp, TENANT, EKM_APP, ekmSecret))
        .httpClient(azureHttp).disableChallengeResourceVerification().buildClient();
  }

  static HttpResponse<String> getKeyWith(String authorization) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(vault.vaultUrl() + "/keys/tde-key/?api-version=7.6"));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return plainHttp.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void wrapsAndUnwrapsWithTheVaultKeyForAnIdentityHoldingTheCryptoPermissions() {
    KeyView key = vault.findKey("tde-key").orElseThrow();
    CryptographyClient crypto = crypto(key.keyId());
    byte[] dek = "a 32-byte database encryption k".getBytes();

    byte[] wrapped = crypto.wrapKey(KeyWrapAlgorithm.RSA_OAEP, dek).getEncryptedKey();

    assertThat(crypto.unwrapKey(KeyWrapAlgorithm.RSA_OAEP, wrapped).getKey()).isEqualTo(dek);
    assertThat(crypto.unwrapKey(KeyWrapAlgorithm.RSA_OAEP_256, crypto.wrapKey(KeyWrapAlgorithm.RSA_OAEP_256, dek).getEncryptedKey()).getKey())
        .isEqualTo(dek);
  }

  @Test
  void refusesUnwrapWithoutThePermissionAndOnADisabledKey() {
    KeyView key = vault.createKey("guarded-key", false, 2048, Map.of());
    byte[] wrapped = crypto(key.keyId()).wrapKey(KeyWrapAlgorithm.RSA_OAEP, new byte[32]).getEncryptedKey();

    vault.revoke(EKM_APP, KeyPermission.UNWRAP_KEY);
    try {
      assertThatThrownBy(() -> crypto(key.keyId()).unwrapKey(KeyWrapAlgorithm.RSA_OAEP, wrapped))
          .isInstanceOfSatisfying(HttpResponseException.class, e -> assertThat(e.getMessage()).contains("does not have keys unwrapKey permission"));
    } finally {
      vault.grant(EKM_APP, KeyPermission.UNWRAP_KEY);
    }
    vault.setEnabled("guarded-key", false);
    assertThatThrownBy(() -> crypto(key.keyId()).unwrapKey(KeyWrapAlgorithm.RSA_OAEP, wrapped))
        .isInstanceOfSatisfying(HttpResponseException.class, e -> assertThat(e.getMessage()).contains("disabled key"));
  }

  @Test
  void challengesARequestWithoutTokenNamingTheTenantAndResource() throws Exception {
    HttpResponse<String> response = getKeyWith(null);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).contains(
        "Bearer authorization=\"" + aad.authorityHost() + TENANT + "\", resource=\"https://vault.azure.net\"");
  }

  @Test
  void refusesTokensForAnotherResourceTenantOrTime() throws Exception {
    Instant now = Instant.now();
    String graphToken = aad.tokens().issue(TENANT, EKM_APP, "https://graph.microsoft.com", now, now.plusSeconds(600));
    String foreignToken = aad.tokens().issue("77777777-7777-7777-7777-777777777777", EKM_APP, "https://vault.azure.net", now, now.plusSeconds(600));
    String expiredToken = aad.tokens().issue(TENANT, EKM_APP, "https://vault.azure.net", now.minusSeconds(7200), now.minusSeconds(3600));
    String goodToken = aad.tokens().issue(TENANT, EKM_APP, "https://vault.azure.net", now, now.plusSeconds(600));

    assertThat(getKeyWith("Bearer " + graphToken).body()).contains("AKV10022: Invalid audience");
    assertThat(getKeyWith("Bearer " + foreignToken).body()).contains("AKV10032: Invalid issuer");
    assertThat(getKeyWith("Bearer " + expiredToken).body()).contains("expired");
    assertThat(getKeyWith("Bearer " + goodToken).statusCode()).isEqualTo(200);
  }

  @Test
  void admitsJavaApiRequestsThroughTheSameFaultsLimitsAndPolicies() {
    KeyVaultStandIn limited = KeyVaultStandIn.start(VaultDefinition.of("kv-admit", "westeurope", "66666666-6666-6666-6666-666666666666", TENANT)
        .withLimits(new ServiceLimits(20, 10, 2, 2, Duration.ofMinutes(1))), aad, tls);
    try {
      limited.grant(EKM_APP, KeyPermission.GET);

      assertThat(limited.admit(EKM_APP, VaultOperation.GET_KEY, "k").status()).isEqualTo(200);
      assertThat(limited.admit("someone-else", VaultOperation.GET_KEY, "k").status()).isEqualTo(403);
      Admission throttled = limited.admit(EKM_APP, VaultOperation.GET_KEY, "k");
      assertThat(throttled.status()).isEqualTo(429);
      assertThat(throttled.retryAfterSeconds()).get().satisfies(s -> assertThat(s).isPositive());
      limited.faults().failNext(VaultOperation.UNWRAP_KEY, 1, 503);
      assertThat(limited.admit(EKM_APP, VaultOperation.UNWRAP_KEY, "k").status()).isEqualTo(503);
      assertThat(limited.requests()).extracting(RecordedRequest::status).containsExactly(200, 403, 429, 503);
    } finally {
      limited.close();
    }
  }
}
