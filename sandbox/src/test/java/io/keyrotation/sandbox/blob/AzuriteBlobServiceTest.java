package io.keyrotation.sandbox.blob;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyrotation.sandbox.aad.SandboxTls;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Azurite as the sandbox runs it: HTTPS with the sandbox certificate, bearer tokens required, stopped with its children. */
class AzuriteBlobServiceTest {

  @Test
  void servesHttpsWithTheSandboxCertificateRefusesAnonymousListingAndStopsWithItsChildren() throws Exception {
    SandboxTls tls = SandboxTls.generate();
    Path dir = Files.createTempDirectory("azurite-test");
    List<ProcessHandle> tree;
    AzuriteBlobService azurite = AzuriteBlobService.start(tls, dir);
    try {
      assertThat(azurite.endpoint().getScheme()).isEqualTo("https");
      assertThat(Files.getPosixFilePermissions(dir.resolve("azurite-key.pem")))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      HttpClient client = HttpClient.newBuilder().sslContext(tls.clientContext()).build();
      HttpResponse<String> anonymous = client.send(HttpRequest.newBuilder(
          URI.create(azurite.accountUrl() + "?comp=list")).GET().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(anonymous.statusCode()).isEqualTo(403);
      HttpResponse<String> forged = client.send(HttpRequest.newBuilder(URI.create(azurite.accountUrl() + "?comp=list"))
          .header("Authorization", "Bearer not-a-token").header("x-ms-version", "2021-12-02").GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(forged.statusCode()).isEqualTo(403);
      assertThat(forged.body()).contains("AuthenticationFailed");
      ProcessHandle self = ProcessHandle.of(azurite.pid()).orElseThrow();
      tree = new java.util.ArrayList<>(self.descendants().toList());
      tree.add(self);
    } finally {
      azurite.close();
    }
    assertThat(tree).noneMatch(ProcessHandle::isAlive);
    assertThat(azurite.isRunning()).isFalse();
  }
}
