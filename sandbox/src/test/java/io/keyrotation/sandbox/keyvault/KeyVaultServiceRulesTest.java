package io.keyrotation.sandbox.keyvault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.TokenRequestContext;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpClient;
import com.azure.identity.ClientSecretCredential;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.cryptography.CryptographyClientBuilder;
import com.azure.security.keyvault.keys.cryptography.models.KeyWrapAlgorithm;
import com.azure.security.keyvault.keys.models.CreateRsaKeyOptions;
import com.azure.security.keyvault.keys.models.KeyRotationLifetimeAction;
import com.azure.security.keyvault.keys.models.KeyRotationPolicy;
import com.azure.security.keyvault.keys.models.KeyRotationPolicyAction;
import io.keyrotation.sandbox.aad.AppRegistry;
import io.keyrotation.sandbox.aad.AzureAdStandIn;
import io.keyrotation.sandbox.aad.SandboxTls;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.spec.MGF1ParameterSpec;
import java.time.Instant;
import java.time.Period;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Key Vault's own rules as documented, through the unmodified SDK: expired and not-yet-valid keys,
 * purge protection, the vault SKU, rotation policies.
 */
class KeyVaultServiceRulesTest {
  static final String TENANT = "77777777-7777-4777-8777-777777777777";
  static final String SUBSCRIPTION = "88888888-8888-4888-8888-888888888888";
  static final String APP = "99999999-9999-4999-8999-999999999999";
  static final byte[] DEK = "a 32-byte database encryption k".getBytes();

  static SandboxTls tls;
  static AzureAdStandIn aad;
  static SandboxVaults vaults;
  static KeyVaultStandIn premium;
  static KeyVaultStandIn standard;
  static HttpClient http;
  static ClientSecretCredential credential;

  @BeforeAll
  static void start() {
    tls = SandboxTls.generate();
    AppRegistry registry = new AppRegistry();
    String secret = registry.registerApp(TENANT, APP, "rules", Instant.now().plus(1, ChronoUnit.DAYS)).secretText();
    aad = AzureAdStandIn.start(tls, registry);
    vaults = new SandboxVaults(aad, tls);
    premium = vaults.start(VaultDefinition.of("kv-rules-premium", "westeurope", SUBSCRIPTION, TENANT));
    standard = vaults.start(VaultDefinition.of("kv-rules-standard", "westeurope", SUBSCRIPTION, TENANT));
    standard.properties().sku(VaultProperties.Sku.STANDARD);
    for (KeyVaultStandIn vault : List.of(premium, standard)) {
      vault.grant(APP, KeyPermission.values());
    }
    http = StandInClients.httpClient(tls);
    credential = StandInClients.credential(aad, http, TENANT, APP, secret);
  }

  @AfterAll
  static void stop() {
    vaults.close();
    aad.close();
  }

  @Test
  void unwrapsWithAnExpiredKeyButRefusesToWrapWithIt() throws Exception {
    KeyView key = premium.createKey("expired-key", false, 2048, Map.of(), null, Instant.now().minus(1, ChronoUnit.DAYS));

    assertThat(unwrap(key, wrapLocally(key))).isEqualTo(DEK);
    assertThat(wrapOverHttp(key).statusCode()).isEqualTo(403);
  }

  @Test
  void unwrapsWithANotYetValidKeyButRefusesToWrapWithIt() throws Exception {
    KeyView key = premium.createKey("future-key", false, 2048, Map.of(), Instant.now().plus(1, ChronoUnit.DAYS), null);

    assertThat(unwrap(key, wrapLocally(key))).isEqualTo(DEK);
    assertThat(wrapOverHttp(key).statusCode()).isEqualTo(403);
  }

  @Test
  void refusesToPurgeASoftDeletedKeyWhileThePurgeProtectionHolds() {
    KeyVaultStandIn vault = vaults.start(VaultDefinition.of("kv-rules-protected", "westeurope", SUBSCRIPTION, TENANT));
    vault.grant(APP, KeyPermission.values());
    vault.properties().enablePurgeProtection();
    KeyClient keys = StandInClients.keyClient(vault, http, credential);
    keys.createRsaKey(new CreateRsaKeyOptions("protected-key"));
    assertThat(keys.getKey("protected-key").getProperties().getRecoveryLevel()).isEqualTo("Recoverable");
    keys.beginDeleteKey("protected-key").waitForCompletion(StandInClients.shortly());

    assertThatThrownBy(() -> keys.purgeDeletedKey("protected-key"))
        .isInstanceOfSatisfying(HttpResponseException.class, e -> {
          assertThat(e.getResponse().getStatusCode()).isEqualTo(403);
          assertThat(e.getMessage()).contains("purge protection is enabled");
        });
    assertThat(vault.isSoftDeleted("protected-key")).isTrue();
    assertThatThrownBy(() -> vault.purge("protected-key")).isInstanceOf(VaultError.class);
  }

  @Test
  void refusesAnHsmKeyInAStandardVault() {
    KeyClient keys = StandInClients.keyClient(standard, http, credential);

    assertThatThrownBy(() -> keys.createRsaKey(new CreateRsaKeyOptions("hsm-in-standard").setHardwareProtected(true)))
        .isInstanceOfSatisfying(HttpResponseException.class, e -> {
          assertThat(e.getResponse().getStatusCode()).isEqualTo(400);
          assertThat(e.getMessage()).contains("Hardware key operation not allowed on standard vault");
        });
    assertThat(standard.findKey("hsm-in-standard")).isEmpty();
    assertThat(keys.createRsaKey(new CreateRsaKeyOptions("software-in-standard")).getName()).isEqualTo("software-in-standard");
  }

  @Test
  void refusesToRestoreAnHsmKeyIntoAStandardVault() {
    premium.createKey("hsm-to-move", true, 2048, Map.of());
    byte[] backup = StandInClients.keyClient(premium, http, credential).backupKey("hsm-to-move");

    assertThatThrownBy(() -> StandInClients.keyClient(standard, http, credential).restoreKeyBackup(backup))
        .isInstanceOfSatisfying(HttpResponseException.class, e -> {
          assertThat(e.getResponse().getStatusCode()).isEqualTo(400);
          assertThat(e.getMessage()).contains("Hardware key operation not allowed on standard vault");
        });
    assertThat(standard.findKey("hsm-to-move")).isEmpty();
  }

  @Test
  void servesKeyVaultsDefaultRotationPolicyForAKeyThatHasNone() {
    premium.createKey("no-policy", false, 2048, Map.of());

    KeyRotationPolicy policy = StandInClients.keyClient(premium, http, credential).getKeyRotationPolicy("no-policy");

    assertThat(policy.getLifetimeActions()).extracting(KeyRotationLifetimeAction::getAction).containsExactly(KeyRotationPolicyAction.NOTIFY);
    assertThat(policy.getLifetimeActions().get(0).getTimeBeforeExpiry()).isEqualTo("P30D");
    assertThat(policy.getId()).isNull();
  }

  @Test
  void servesTheRotationPolicySetOnAKey() {
    premium.createKey("auto-rotated", false, 2048, Map.of());
    premium.setRotationPolicy("auto-rotated", new RotationPolicy(List.of(RotationPolicy.LifetimeAction.rotateAfterCreate(Period.ofDays(90))),
        Optional.of(Period.ofYears(1)), Instant.now(), Instant.now()));

    KeyRotationPolicy policy = StandInClients.keyClient(premium, http, credential).getKeyRotationPolicy("auto-rotated");

    assertThat(policy.getLifetimeActions()).singleElement().satisfies(action -> {
      assertThat(action.getAction()).isEqualTo(KeyRotationPolicyAction.ROTATE);
      assertThat(action.getTimeAfterCreate()).isEqualTo("P90D");
    });
    assertThat(policy.getExpiresIn()).isEqualTo("P1Y");
    assertThat(policy.getId()).endsWith("/keys/auto-rotated/rotationpolicy");
  }

  @Test
  void refusesToReadARotationPolicyWithoutThePermission() {
    premium.createKey("policy-guarded", false, 2048, Map.of());
    premium.revoke(APP, KeyPermission.GET_ROTATION_POLICY);
    try {
      assertThatThrownBy(() -> StandInClients.keyClient(premium, http, credential).getKeyRotationPolicy("policy-guarded"))
          .isInstanceOfSatisfying(HttpResponseException.class, e -> assertThat(e.getResponse().getStatusCode()).isEqualTo(403));
    } finally {
      premium.grant(APP, KeyPermission.GET_ROTATION_POLICY);
    }
  }

  private static byte[] wrapLocally(KeyView key) throws Exception {
    Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
    cipher.init(Cipher.ENCRYPT_MODE, java.security.KeyFactory.getInstance("RSA")
        .generatePublic(new java.security.spec.RSAPublicKeySpec(key.modulus(), key.publicExponent())),
        new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT));
    return cipher.doFinal(DEK);
  }

  private static byte[] unwrap(KeyView key, byte[] wrapped) {
    return new CryptographyClientBuilder().keyIdentifier(key.keyId()).credential(credential).httpClient(http)
        .disableChallengeResourceVerification().buildClient().unwrapKey(KeyWrapAlgorithm.RSA_OAEP, wrapped).getKey();
  }

  /** Straight to the vault: the SDK may wrap locally with the public key and never ask the vault. */
  private static HttpResponse<String> wrapOverHttp(KeyView key) throws Exception {
    String token = credential.getTokenSync(new TokenRequestContext().addScopes("https://vault.azure.net/.default")).getToken();
    String body = "{\"alg\":\"RSA-OAEP\",\"value\":\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(DEK) + "\"}";
    HttpRequest request = HttpRequest.newBuilder(URI.create(key.keyId() + "/wrapkey?api-version=7.6"))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    return java.net.http.HttpClient.newBuilder().sslContext(tls.clientContext()).build()
        .send(request, HttpResponse.BodyHandlers.ofString());
  }
}
