package io.keyrotation.sandbox.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** OpenAPI v3 discovery as kubectl 1.27+ reads it for {@code explain} and for field validation. */
class OpenApiV3Test {

  @Test
  void publishesEachCrdGroupVersionWithAHashedUrlAndItsSchema() throws Exception {
    try (KubernetesStandIn standIn = StandInFixture.startWithTestCrds()) {
      JsonNode root = get(standIn, "/openapi/v3");
      String url = root.path("paths").path("apis/test.keyrotation.io/v1").path("serverRelativeURL").asText();

      JsonNode doc = get(standIn, url);
      JsonNode schema = doc.path("components").path("schemas").path("io.keyrotation.test.v1.Widget");

      assertThat(url).matches("/openapi/v3/apis/test\\.keyrotation\\.io/v1\\?hash=[0-9A-F]{128}");
      assertThat(doc.path("openapi").asText()).isEqualTo("3.0.0");
      assertThat(schema.path("x-kubernetes-group-version-kind").get(0).path("kind").asText()).isEqualTo("Widget");
      assertThat(schema.path("properties").has("spec")).isTrue();
      assertThat(schema.path("properties").path("metadata").path("allOf").get(0).path("$ref").asText())
          .isEqualTo("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
    }
  }

  @Test
  void declaresFieldValidationOnThePatchPathSoKubectlLeavesValidationToTheServer() throws Exception {
    try (KubernetesStandIn standIn = StandInFixture.startWithTestCrds()) {
      JsonNode doc = get(standIn, "/openapi/v3/apis/test.keyrotation.io/v1");
      JsonNode item = doc.path("paths").elements().next();

      assertThat(item.path("patch").path("x-kubernetes-group-version-kind").path("kind").asText()).isEqualTo("Widget");
      assertThat(item.path("parameters").findValuesAsText("name")).contains("fieldValidation");
    }
  }

  @Test
  void answersNotFoundForAGroupVersionWithoutACrd() throws Exception {
    try (KubernetesStandIn standIn = StandInFixture.startWithTestCrds()) {
      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create(standIn.url() + "/openapi/v3/apis/nothing.example.com/v1")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(404);
    }
  }

  private static JsonNode get(KubernetesStandIn standIn, String path) throws IOException, InterruptedException {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(standIn.url().replaceAll("/+$", "") + path)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return ObjectStore.JSON.readTree(response.body());
  }
}
