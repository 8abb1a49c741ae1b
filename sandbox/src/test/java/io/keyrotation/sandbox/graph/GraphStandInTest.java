package io.keyrotation.sandbox.graph;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyrotation.sandbox.aad.AppRegistry;
import io.keyrotation.sandbox.aad.AzureAdStandIn;
import io.keyrotation.sandbox.aad.SandboxTls;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Graph's application password endpoints over HTTPS, as a client with a Graph token sees them. */
class GraphStandInTest {
  static final String TENANT = "aaaaaaaa-0000-4000-8000-000000000001";
  static final String OPERATOR = "cccccccc-0000-4000-8000-000000000001";
  static final String EKM_APP = "dddddddd-0000-4000-8000-000000000001";
  static final String OTHER_APP = "dddddddd-0000-4000-8000-000000000002";
  static final ObjectMapper JSON = new ObjectMapper();

  SandboxTls tls = SandboxTls.generate();
  AppRegistry registry = new AppRegistry();
  AzureAdStandIn aad;
  GraphStandIn graph;
  HttpClient http;
  String operatorSecret;
  String ekmSecret;

  @BeforeEach
  void start() {
    Instant inAYear = Instant.now().plus(365, ChronoUnit.DAYS);
    operatorSecret = registry.registerApp(TENANT, OPERATOR, "operator", inAYear).secretText();
    ekmSecret = registry.registerApp(TENANT, EKM_APP, "sqlserver-ekm", inAYear).secretText();
    registry.registerApp(TENANT, OTHER_APP, "someone else's", inAYear);
    aad = AzureAdStandIn.start(tls, registry);
    graph = GraphStandIn.start(tls, aad);
    graph.access().grant(OPERATOR, GraphPermission.APPLICATION_READ_WRITE_OWNED_BY);
    graph.access().addOwner(EKM_APP, OPERATOR);
    http = HttpClient.newBuilder().sslContext(tls.clientContext()).build();
  }

  @AfterEach
  void stop() {
    graph.close();
    aad.close();
  }

  @Test
  void addPasswordShowsTheGeneratedSecretOnceAndTheListingOnlyItsHint() throws Exception {
    HttpResponse<String> added = post(EKM_APP, "addPassword",
        "{\"passwordCredential\":{\"displayName\":\"keyrotation:ns/spr:r1\",\"endDateTime\":\"2099-01-01T00:00:00Z\",\"secretText\":\"chosen\"}}");
    assertThat(added.statusCode()).isEqualTo(200);
    JsonNode credential = JSON.readTree(added.body());
    String secretText = credential.path("secretText").asText();
    assertThat(secretText).hasSize(40).isNotEqualTo("chosen");
    assertThat(credential.path("hint").asText()).isEqualTo(secretText.substring(0, 3));
    assertThat(credential.path("displayName").asText()).isEqualTo("keyrotation:ns/spr:r1");
    assertThat(credential.path("endDateTime").asText()).isEqualTo("2099-01-01T00:00:00Z");

    JsonNode app = JSON.readTree(get(EKM_APP, "?$select=passwordCredentials").body());
    assertThat(app.has("appId")).isFalse();
    assertThat(app.path("passwordCredentials")).hasSize(2);
    for (JsonNode listed : app.path("passwordCredentials")) {
      assertThat(listed.path("secretText").isNull()).isTrue();
    }
    assertThat(app.path("passwordCredentials").findValuesAsText("keyId")).contains(credential.path("keyId").asText());
  }

  @Test
  void aNewSecretSignsInAtOnceAndARemovedOneNoLonger() throws Exception {
    JsonNode added = JSON.readTree(post(EKM_APP, "addPassword", "{\"passwordCredential\":{\"displayName\":\"next\"}}").body());
    String newSecret = added.path("secretText").asText();
    assertThat(tokenStatus(EKM_APP, newSecret, "https://vault.azure.net/.default")).isEqualTo(200);

    HttpResponse<String> removed = post(EKM_APP, "removePassword", "{\"keyId\":\"" + added.path("keyId").asText() + "\"}");
    assertThat(removed.statusCode()).isEqualTo(204);
    assertThat(tokenStatus(EKM_APP, newSecret, "https://vault.azure.net/.default")).isEqualTo(401);
    assertThat(tokenStatus(EKM_APP, ekmSecret, "https://vault.azure.net/.default")).isEqualTo(200);
  }

  @Test
  void ownedByReachesOnlyOwnedApplicationsAndReadAllChangesNothing() throws Exception {
    assertThat(post(OTHER_APP, "addPassword", "{}").statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(get(OTHER_APP, "").body()).path("error").path("code").asText()).isEqualTo("Authorization_RequestDenied");
    graph.access().revokeAll(OPERATOR);
    graph.access().grant(OPERATOR, GraphPermission.APPLICATION_READ_ALL);
    assertThat(get(OTHER_APP, "").statusCode()).isEqualTo(200);
    assertThat(post(EKM_APP, "addPassword", "{}").statusCode()).isEqualTo(403);
    assertThat(registry.secretsOf(EKM_APP)).hasSize(1);
  }

  @Test
  void refusesAThirdPasswordAsAzureAdDoes() throws Exception {
    assertThat(post(EKM_APP, "addPassword", "{}").statusCode()).isEqualTo(200);
    HttpResponse<String> third = post(EKM_APP, "addPassword", "{}");
    assertThat(third.statusCode()).isEqualTo(400);
    assertThat(third.body()).contains("You can only add a maximum of 2 passwords");
    assertThat(registry.secretsOf(EKM_APP)).hasSize(2);
  }

  @Test
  void refusesATokenForAnotherResourceAndAnUnknownApplication() throws Exception {
    String vaultToken = token(OPERATOR, operatorSecret, "https://vault.azure.net/.default");
    HttpRequest request = HttpRequest.newBuilder(appUri(EKM_APP, "")).header("Authorization", "Bearer " + vaultToken).GET().build();
    assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    assertThat(get("eeeeeeee-0000-4000-8000-000000000009", "").statusCode()).isEqualTo(404);
  }

  @Test
  void injectedThrottlingCarriesRetryAfterAndChangesNothing() throws Exception {
    graph.faults().failNext(GraphOperation.ADD_PASSWORD, 1, 429, 7);
    HttpResponse<String> throttled = post(EKM_APP, "addPassword", "{}");
    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(throttled.headers().firstValue("Retry-After")).contains("7");
    assertThat(registry.secretsOf(EKM_APP)).hasSize(1);
    assertThat(post(EKM_APP, "addPassword", "{}").statusCode()).isEqualTo(200);
  }

  @Test
  void aDroppedAddPasswordAnswerStillAddedTheCredential() throws Exception {
    graph.faults().dropNextAddPasswordAnswer();
    try {
      post(EKM_APP, "addPassword", "{\"passwordCredential\":{\"displayName\":\"lost\"}}");
    } catch (java.io.IOException expected) {
      // the connection closed without an answer
    }
    assertThat(registry.passwordCredentialsOf(EKM_APP)).extracting(AppRegistry.PasswordCredential::displayName).contains("lost");
  }

  @Test
  void recordsTheUserAgentOfEveryGraphAndTokenRequestToTellApartClientsOfOneApplication() throws Exception {
    for (String replica : java.util.List.of("keyrotation-operator (instance pod-a)", "keyrotation-operator (instance pod-b)")) {
      String form = "grant_type=client_credentials&client_id=" + enc(OPERATOR) + "&client_secret=" + enc(operatorSecret)
          + "&scope=" + enc("https://graph.microsoft.com/.default");
      HttpRequest tokenRequest = HttpRequest.newBuilder(URI.create(aad.authorityHost() + TENANT + "/oauth2/v2.0/token"))
          .header("Content-Type", "application/x-www-form-urlencoded").header("User-Agent", replica)
          .POST(HttpRequest.BodyPublishers.ofString(form)).build();
      String token = JSON.readTree(http.send(tokenRequest, HttpResponse.BodyHandlers.ofString()).body()).path("access_token").asText();
      http.send(HttpRequest.newBuilder(appUri(EKM_APP, "")).header("Authorization", "Bearer " + token).header("User-Agent", replica)
          .GET().build(), HttpResponse.BodyHandlers.discarding());
    }

    assertThat(graph.requests()).extracting(r -> r.callerAppId() + "|" + r.status() + "|" + r.userAgent())
        .containsExactly(OPERATOR + "|200|keyrotation-operator (instance pod-a)", OPERATOR + "|200|keyrotation-operator (instance pod-b)");
    assertThat(aad.tokenRequests()).extracting(r -> r.clientId() + "|" + r.status() + "|" + r.userAgent())
        .containsExactly(OPERATOR + "|200|keyrotation-operator (instance pod-a)", OPERATOR + "|200|keyrotation-operator (instance pod-b)");
    assertThat(aad.tokenRequests().toString()).doesNotContain(operatorSecret);

    graph.clearRequests();
    aad.clearTokenRequests();
    assertThat(graph.requests()).isEmpty();
    assertThat(aad.tokenRequests()).isEmpty();
  }

  private HttpResponse<String> get(String appId, String query) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(appUri(appId, query)).header("Authorization", "Bearer " + graphToken()).GET().build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String appId, String action, String body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(graph.endpoint() + "/v1.0/applications(appId='" + appId + "')/" + action))
        .header("Authorization", "Bearer " + graphToken()).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private URI appUri(String appId, String query) {
    return URI.create(graph.endpoint() + "/v1.0/applications(appId='" + appId + "')" + query.replace("$", "%24"));
  }

  private String graphToken() throws Exception {
    return token(OPERATOR, operatorSecret, "https://graph.microsoft.com/.default");
  }

  private String token(String clientId, String secret, String scope) throws Exception {
    return JSON.readTree(tokenResponse(clientId, secret, scope).body()).path("access_token").asText();
  }

  private int tokenStatus(String clientId, String secret, String scope) throws Exception {
    return tokenResponse(clientId, secret, scope).statusCode();
  }

  private HttpResponse<String> tokenResponse(String clientId, String secret, String scope) throws Exception {
    String form = "grant_type=client_credentials&client_id=" + enc(clientId) + "&client_secret=" + enc(secret) + "&scope=" + enc(scope);
    HttpRequest request = HttpRequest.newBuilder(URI.create(aad.authorityHost() + TENANT + "/oauth2/v2.0/token"))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
