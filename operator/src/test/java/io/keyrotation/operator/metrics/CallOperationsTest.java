package io.keyrotation.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Operation labels keep the verb of a call and drop the names, versions and ids in its path. */
class CallOperationsTest {

  @Test
  void namesKeyVaultKeyCallsByTheirVerb() {
    assertThat(KeyVaultOperations.of("POST", "/keys/SalesKey1/create")).isEqualTo("create");
    assertThat(KeyVaultOperations.of("GET", "/keys/SalesKey1")).isEqualTo("get");
    assertThat(KeyVaultOperations.of("GET", "/keys/SalesKey1/0123456789abcdef0123456789abcdef")).isEqualTo("get");
    assertThat(KeyVaultOperations.of("GET", "/keys/SalesKey1/versions")).isEqualTo("listVersions");
    assertThat(KeyVaultOperations.of("GET", "/keys")).isEqualTo("list");
    assertThat(KeyVaultOperations.of("POST", "/keys/SalesKey1/backup")).isEqualTo("backup");
    assertThat(KeyVaultOperations.of("POST", "/keys/restore")).isEqualTo("restore");
    assertThat(KeyVaultOperations.of("GET", "/deletedkeys/SalesKey1")).isEqualTo("getDeleted");
    assertThat(KeyVaultOperations.of("POST", "/deletedkeys/SalesKey1/recover")).isEqualTo("recover");
    assertThat(KeyVaultOperations.of("PATCH", "/keys/SalesKey1/0123")).isEqualTo("update");
    assertThat(KeyVaultOperations.of("GET", "/secrets/x")).isEqualTo("other");
  }

  @Test
  void namesGraphApplicationCallsWithoutTheirIds() {
    assertThat(GraphOperations.of("POST", "/v1.0/applications/3f2504e0-4f89-41d3-9a0c-0305e82c3301/addPassword"))
        .isEqualTo("addPassword");
    assertThat(GraphOperations.of("POST", "/v1.0/applications(appId='0c0ffee0-0000-4000-8000-000000000001')/removePassword"))
        .isEqualTo("removePassword");
    assertThat(GraphOperations.of("GET", "/v1.0/applications(appId='0c0ffee0-0000-4000-8000-000000000001')"))
        .isEqualTo("getApplication");
  }

  @Test
  void namesBlobCallsByMethodAndComp() {
    assertThat(BlobOperations.of("PUT", null)).isEqualTo("putBlob");
    assertThat(BlobOperations.of("PUT", "comp=block&blockid=AAAA")).isEqualTo("putBlock");
    assertThat(BlobOperations.of("PUT", "comp=blocklist")).isEqualTo("putBlockList");
    assertThat(BlobOperations.of("GET", "restype=container&comp=list&prefix=vault%2Fkey")).isEqualTo("listBlobs");
    assertThat(BlobOperations.of("PUT", "restype=container")).isEqualTo("createContainer");
    assertThat(BlobOperations.of("HEAD", null)).isEqualTo("getBlobProperties");
  }

  @Test
  void mapsHttpStatusToTheFailureReasonGatewaysUse() {
    assertThat(HttpOutcome.of(200)).isEqualTo("success");
    assertThat(HttpOutcome.of(429)).isEqualTo("Throttled");
    assertThat(HttpOutcome.of(401)).isEqualTo("Unauthenticated");
    assertThat(HttpOutcome.of(403)).isEqualTo("Forbidden");
    assertThat(HttpOutcome.of(503)).isEqualTo("Unavailable");
    assertThat(HttpOutcome.of(409)).isEqualTo("Conflict");
  }
}
