package io.keyrotation.sandbox.aad;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyrotation.sandbox.aad.AppRegistry.CredentialCheck;
import io.keyrotation.sandbox.aad.TokenIssuer.AccessTokenClaims;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The token endpoint over HTTPS, as a client-credentials client sees it, and the registry behind it. */
class AzureAdStandInTest {
  static final String TENANT = "aaaaaaaa-0000-4000-8000-000000000001";
  static final String APP = "bbbbbbbb-0000-4000-8000-000000000001";
  static String secret;
  static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

  static SandboxTls tls;
  static AppRegistry registry;
  static AzureAdStandIn aad;
  static HttpClient http;

  @BeforeAll
  static void start() {
    tls = SandboxTls.generate();
    registry = new AppRegistry(Clock.fixed(NOW, ZoneOffset.UTC));
    secret = registry.registerApp(TENANT, APP, "test app", NOW.plus(Duration.ofDays(30))).secretText();
    aad = AzureAdStandIn.start(tls, registry);
    http = HttpClient.newBuilder().sslContext(tls.clientContext()).build();
  }

  @AfterAll
  static void stop() {
    aad.close();
  }

  static HttpResponse<String> requestToken(String tenant, String clientId, String secret, String scope) throws Exception {
    return requestToken(aad, tenant, clientId, secret, scope);
  }

  static HttpResponse<String> requestToken(AzureAdStandIn aad, String tenant, String clientId, String secret, String scope)
      throws Exception {
    String form = "grant_type=client_credentials&client_id=" + enc(clientId) + "&client_secret=" + enc(secret) + "&scope=" + enc(scope);
    HttpRequest request = HttpRequest.newBuilder(URI.create(aad.authorityHost() + tenant + "/oauth2/v2.0/token"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  static JsonNode json(HttpResponse<String> response) throws Exception {
    return SandboxHttp.JSON.readTree(response.body());
  }

  @Test
  void issuesAVaultTokenForAValidClientSecret() throws Exception {
    HttpResponse<String> response = requestToken(TENANT, APP, secret, "openid profile offline_access https://vault.azure.net/.default");

    assertThat(response.statusCode()).isEqualTo(200);
    AccessTokenClaims claims = aad.tokens().verify(json(response).path("access_token").asText()).orElseThrow();
    assertThat(claims.audience()).isEqualTo("https://vault.azure.net");
    assertThat(claims.tenantId()).isEqualTo(TENANT);
    assertThat(claims.appId()).isEqualTo(APP);
    assertThat(claims.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(1)));
  }

  @Test
  void refusesAWrongSecretWithAadsts7000215() throws Exception {
    HttpResponse<String> response = requestToken(TENANT, APP, "not-the-secret", "https://vault.azure.net/.default");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(json(response).path("error").asText()).isEqualTo("invalid_client");
    assertThat(json(response).path("error_description").asText()).startsWith("AADSTS7000215").doesNotContain("not-the-secret");
  }

  @Test
  void refusesAnUnknownApplicationAndAnUnknownTenant() throws Exception {
    assertThat(json(requestToken(TENANT, UUID.randomUUID().toString(), secret, "https://vault.azure.net/.default"))
        .path("error_codes").get(0).asInt()).isEqualTo(700016);
    assertThat(json(requestToken(UUID.randomUUID().toString(), APP, secret, "https://vault.azure.net/.default"))
        .path("error_codes").get(0).asInt()).isEqualTo(90002);
  }

  @Test
  void refusesAScopeWithoutDefaultOrForAnUnknownResource() throws Exception {
    assertThat(json(requestToken(TENANT, APP, secret, "https://vault.azure.net/keys.read")).path("error").asText()).isEqualTo("invalid_scope");
    assertThat(json(requestToken(TENANT, APP, secret, "https://database.windows.net/.default")).path("error").asText()).isEqualTo("invalid_resource");
  }

  @Test
  void issuesBlobStorageTokensShapedAsAzuriteChecksThem() throws Exception {
    var token = json(requestToken(TENANT, APP, secret, "https://storage.azure.com/.default")).path("access_token").asText();
    var claims = aad.tokens().verify(token).orElseThrow();
    assertThat(claims.audience()).isEqualTo("https://storage.azure.com");
    assertThat(claims.issuer()).isEqualTo("https://sts.windows.net/" + TENANT + "/");
    assertThat(claims.expiresAt()).isAfter(claims.notBefore());
  }

  @Test
  void keepsTheOldSecretValidUntilRemovedAndRefusesExpiredOnes() {
    String app = "cccccccc-0000-4000-8000-000000000001";
    AppRegistry.NewSecret old = registry.registerApp(TENANT, app, "rotating", NOW.plus(Duration.ofDays(1)));
    AppRegistry.NewSecret fresh = registry.addSecret(app, NOW.plus(Duration.ofDays(730)));
    AppRegistry.NewSecret stale = registry.addSecret(app, NOW.minus(Duration.ofDays(2)), NOW.minus(Duration.ofDays(1)));

    assertThat(registry.isValidCredential(TENANT, app, old.secretText())).isTrue();
    assertThat(registry.isValidCredential(TENANT, app, fresh.secretText())).isTrue();
    assertThat(registry.check(TENANT, app, stale.secretText())).isEqualTo(CredentialCheck.EXPIRED_SECRET);
    assertThat(registry.secretsOf(app)).extracting(AppRegistry.SecretInfo::hint)
        .containsExactly(old.secretText().substring(0, 3), fresh.secretText().substring(0, 3), stale.secretText().substring(0, 3));

    assertThat(registry.removeSecret(app, old.keyId())).isTrue();

    assertThat(registry.check(TENANT, app, old.secretText())).isEqualTo(CredentialCheck.INVALID_SECRET);
    assertThat(registry.secretsOf(app)).extracting(AppRegistry.SecretInfo::keyId).contains(fresh.keyId()).doesNotContain(old.keyId());
  }

  @Test
  void generatesEachSecretAndShowsItsTextOnlyOnce() {
    String app = "cccccccc-0000-4000-8000-000000000002";
    AppRegistry.NewSecret first = registry.registerApp(TENANT, app, "generated", NOW.plus(Duration.ofDays(730)));
    AppRegistry.NewSecret second = registry.addSecret(app, NOW.plus(Duration.ofDays(730)));

    assertThat(first.secretText()).hasSize(40).matches("[A-Za-z0-9]{3}8Q~[A-Za-z0-9._~-]{34}").isNotEqualTo(second.secretText());
    assertThat(first.hint()).isEqualTo(first.secretText().substring(0, 3));
    assertThat(first.keyId()).isNotEqualTo(second.keyId());
    assertThat(first.startDateTime()).isEqualTo(NOW);
    assertThat(first.endDateTime()).isEqualTo(NOW.plus(Duration.ofDays(730)));
    assertThat(first.toString()).doesNotContain(first.secretText());
    assertThat(registry.secretsOf(app)).extracting(AppRegistry.SecretInfo::toString)
        .noneMatch(listed -> listed.contains(first.secretText()) || listed.contains(second.secretText()));
  }

  @Test
  void refusesANewSecretUntilItHasPropagatedSoACallerMustRetry() throws Exception {
    Instant[] now = {NOW};
    Clock movable = new Clock() {
      @Override
      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Instant instant() {
        return now[0];
      }
    };
    AppRegistry propagating = new AppRegistry(movable, Duration.ofSeconds(30));
    String app = "cccccccc-0000-4000-8000-000000000003";
    String secretText = propagating.registerApp(TENANT, app, "propagating", NOW.plus(Duration.ofDays(1))).secretText();
    try (AzureAdStandIn slowAad = AzureAdStandIn.start(tls, propagating)) {
      HttpResponse<String> early = requestToken(slowAad, TENANT, app, secretText, "https://vault.azure.net/.default");
      now[0] = NOW.plus(Duration.ofSeconds(29));
      HttpResponse<String> stillEarly = requestToken(slowAad, TENANT, app, secretText, "https://vault.azure.net/.default");
      now[0] = NOW.plus(Duration.ofSeconds(30));
      HttpResponse<String> retried = requestToken(slowAad, TENANT, app, secretText, "https://vault.azure.net/.default");

      assertThat(early.statusCode()).isEqualTo(401);
      assertThat(json(early).path("error_description").asText()).startsWith("AADSTS7000215");
      assertThat(stillEarly.statusCode()).isEqualTo(401);
      assertThat(retried.statusCode()).as("accepted once propagated").isEqualTo(200);
    }
  }

  @Test
  void acceptsANewSecretAtOnceWhenThePropagationDelayIsZero() {
    String app = "cccccccc-0000-4000-8000-000000000004";
    AppRegistry immediate = new AppRegistry(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ZERO);

    String secretText = immediate.registerApp(TENANT, app, "immediate", NOW.plus(Duration.ofDays(1))).secretText();

    assertThat(immediate.check(TENANT, app, secretText)).isEqualTo(CredentialCheck.VALID);
  }

  @Test
  void rejectsATokenItDidNotSign() {
    String forged = new TokenIssuer().issue(TENANT, APP, "https://vault.azure.net", NOW, NOW.plusSeconds(60));

    assertThat(aad.tokens().verify(forged)).isEmpty();
    assertThat(aad.tokens().verify("not.a.token")).isEmpty();
  }
}
