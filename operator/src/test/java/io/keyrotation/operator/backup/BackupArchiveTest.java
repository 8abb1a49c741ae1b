package io.keyrotation.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.util.BinaryData;
import io.keyrotation.operator.blob.ArchivedBackup;
import io.keyrotation.operator.blob.BackupArchive;
import io.keyrotation.operator.blob.BackupArchives;
import io.keyrotation.operator.keyvault.AzureIdentity;
import io.keyrotation.operator.keyvault.KeyBackup;
import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Blob archive gateway against Azurite over HTTPS, with Azure AD stand-in tokens. */
class BackupArchiveTest {
  private static final URI SOURCE = URI.create("https://kv-weu-primary.vault.azure.net/");
  private static BackupStandIns standIns;
  private static BackupArchives archives;

  @BeforeAll
  static void start() {
    standIns = new BackupStandIns();
    archives = new BackupArchives(standIns.settings());
  }

  @AfterAll
  static void stop() {
    standIns.close();
  }

  private static KeyBackup backup(String key, String content) {
    return new KeyBackup(SOURCE, key, content.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void storesUnderAStablePathWithMetadataAndListsIt() {
    URI container = standIns.newContainer();
    BackupArchive archive = archives.archiveFor(container, "prod/tde", standIns.operator());
    Instant at = Instant.parse("2026-12-01T02:00:00Z");

    ArchivedBackup stored = archive.store("kv-weu-primary", backup("tde-key", "opaque backup"), List.of("v2", "v1"), at);

    assertThat(stored.blobName()).matches("prod/tde/kv-weu-primary/tde-key/20261201T020000Z-[0-9a-f]{16}\\.keybackup");
    assertThat(stored.versions()).containsExactly("v2", "v1");
    assertThat(stored.length()).isEqualTo("opaque backup".length());
    var metadata = standIns.userClient(container).getBlobClient(stored.blobName()).getProperties().getMetadata();
    assertThat(metadata).containsEntry("vault", "kv-weu-primary").containsEntry("key", "tde-key")
        .containsEntry("versions", "v2,v1").containsKey("sha256");
    assertThat(archive.list("kv-weu-primary", "tde-key")).extracting(ArchivedBackup::blobName).containsExactly(stored.blobName());
    assertThat(new String(archive.read(stored), StandardCharsets.UTF_8)).isEqualTo("opaque backup");
  }

  @Test
  void storingTheSameRunAgainKeepsTheFirstArchiveAndAddsNone() {
    URI container = standIns.newContainer();
    BackupArchive archive = archives.archiveFor(container, "", standIns.operator());
    Instant at = Instant.parse("2026-12-01T03:00:00Z");
    ArchivedBackup first = archive.store("kv", backup("k", "first bytes"), List.of("v1"), at);

    ArchivedBackup again = archive.store("kv", backup("k", "other bytes of a second backup call"), List.of("v1"), at);

    assertThat(again.blobName()).isEqualTo(first.blobName());
    assertThat(again.contentSha256()).isEqualTo(first.contentSha256());
    assertThat(archive.list("kv", "k")).hasSize(1);
  }

  @Test
  void listsOldestFirstAndIgnoresBlobsItDidNotName() {
    URI container = standIns.newContainer();
    BackupArchive archive = archives.archiveFor(container, "p", standIns.operator());
    archive.store("kv", backup("k", "b"), List.of("v1", "v2"), Instant.parse("2026-12-02T00:00:00Z"));
    archive.store("kv", backup("k", "a"), List.of("v1"), Instant.parse("2026-12-01T00:00:00Z"));
    standIns.userClient(container).getBlobClient("p/kv/k/notes.txt").upload(BinaryData.fromString("user's file"));

    assertThat(archive.list("kv", "k")).extracting(a -> a.path().takenAt())
        .containsExactly(Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2026-12-02T00:00:00Z"));
  }

  @Test
  void keepsOnlyTheVersionHashInMetadataWhenTheListWouldPassTheLimit() {
    URI container = standIns.newContainer();
    BackupArchive archive = archives.archiveFor(container, "", standIns.operator());
    List<String> versions = IntStream.range(0, 500).mapToObj(i -> String.format("%032x", i)).toList();

    ArchivedBackup stored = archive.store("kv", backup("big", "x"), versions, Instant.parse("2026-12-01T00:00:00Z"));

    assertThat(stored.versions()).isEmpty();
    assertThat(stored.versionCount()).isEqualTo(500);
    assertThat(archive.list("kv", "big").get(0).path().versionsHash()).isEqualTo(stored.path().versionsHash());
  }

  @Test
  void aTamperedArchiveDoesNotVerify() {
    URI container = standIns.newContainer();
    BackupArchive archive = archives.archiveFor(container, "", standIns.operator());
    ArchivedBackup stored = archive.store("kv", backup("k", "original"), List.of("v1"), Instant.parse("2026-12-01T00:00:00Z"));
    var blob = standIns.userClient(container).getBlobClient(stored.blobName());
    var metadata = blob.getProperties().getMetadata();
    blob.upload(BinaryData.fromString("replaced"), true);
    blob.setMetadata(metadata);

    assertThatThrownBy(() -> archive.read(archive.list("kv", "k").get(0)))
        .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.getMessage()).contains("does not verify"));
  }

  @Test
  void aMissingContainerIsNotFoundAndNeverCreated() {
    URI container = standIns.azurite.containerUrl("never-created");
    BackupArchive archive = archives.archiveFor(container, "", standIns.operator());

    assertThatThrownBy(() -> archive.store("kv", backup("k", "x"), List.of("v1"), Instant.parse("2026-12-01T00:00:00Z")))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.reason()).isEqualTo(FailureReason.NotFound);
          assertThat(e.getMessage()).contains("never creates");
        });
    assertThat(standIns.userClient(container).exists()).isFalse();
  }

  @Test
  void aWrongSecretIsUnauthenticatedAndNotInTheMessage() {
    URI container = standIns.newContainer();
    String wrong = "wr~NotTheSecretAndNeverToBeShown";
    BackupArchive archive = archives.archiveFor(container, "",
        AzureIdentity.clientSecret(BackupStandIns.TENANT, BackupStandIns.OPERATOR_APP, wrong));

    assertThatThrownBy(() -> archive.list("kv", "k"))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.reason()).isEqualTo(FailureReason.Unauthenticated);
          assertThat(e.getMessage()).doesNotContain(wrong);
        });
  }
}
