package io.keyrotation.operator.testing;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobContainerClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import io.keyrotation.sandbox.aad.SandboxTls;
import io.keyrotation.sandbox.aad.TokenIssuer;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLException;
import reactor.core.publisher.Mono;

/**
 * Blob containers (Azurite) as an auditor reads them, with a token from the Azure AD stand-in's issuer:
 * every archived key backup with the vault, key and versions its metadata names, and whether its
 * content still matches the SHA-256 recorded with it. Independent of the operator's Blob gateway.
 */
public final class ArchiveAudit {
  static final String AUDITOR_TENANT = "0a0d17a0-0000-4000-8000-00000000a0d1";
  static final String AUDITOR_APP = "0a0d17a0-0000-4000-8000-00000000a0d2";

  /** One archived backup as listed. {@code versions} is empty when the list did not fit the metadata. */
  public record Archived(URI container, String blobName, String vault, String key, List<String> versions, int versionCount,
                         String versionsHash, String sha256, long length) {}

  private final SandboxTls tls;
  private final TokenIssuer tokens;

  public ArchiveAudit(SandboxTls tls, TokenIssuer tokens) {
    this.tls = tls;
    this.tokens = tokens;
  }

  /** The archives under {@code prefix}; none when the container does not exist (yet). */
  public List<Archived> list(URI container, String prefix) {
    try {
      ListBlobsOptions options = new ListBlobsOptions().setDetails(new BlobListDetails().setRetrieveMetadata(true));
      if (prefix != null && !prefix.isBlank()) {
        options.setPrefix(prefix.replaceAll("^/+|/+$", "") + "/");
      }
      return client(container).listBlobs(options, null).stream()
          .filter(b -> b.getName().endsWith(".keybackup"))
          .map(b -> archived(container, b)).toList();
    } catch (BlobStorageException e) {
      if (e.getStatusCode() == 404) {
        return List.of();
      }
      throw e;
    }
  }

  /** Whether the archive's content still has the length and SHA-256 recorded with it. */
  public boolean verifies(Archived archived) {
    byte[] content = client(archived.container()).getBlobClient(archived.blobName()).downloadContent().toBytes();
    return content.length == archived.length() && HexFormat.of().formatHex(sha256(content)).equalsIgnoreCase(archived.sha256());
  }

  private static Archived archived(URI container, BlobItem item) {
    Map<String, String> metadata = new HashMap<>();
    if (item.getMetadata() != null) {
      item.getMetadata().forEach((k, v) -> metadata.put(k.toLowerCase(Locale.ROOT), v));
    }
    String listed = metadata.getOrDefault("versions", "");
    List<String> versions = listed.isEmpty() ? List.of() : Arrays.asList(listed.split(","));
    return new Archived(container, item.getName(), metadata.get("vault"), metadata.get("key"), versions,
        Integer.parseInt(metadata.getOrDefault("versioncount", Integer.toString(versions.size()))),
        metadata.get("versionshash"), metadata.getOrDefault("sha256", ""), item.getProperties().getContentLength());
  }

  private BlobContainerClient client(URI container) {
    TokenCredential auditor = request -> {
      Instant now = Instant.now();
      Instant expires = now.plus(Duration.ofMinutes(10));
      return Mono.just(new AccessToken(tokens.issue(AUDITOR_TENANT, AUDITOR_APP, "https://storage.azure.com", now, expires),
          expires.atOffset(ZoneOffset.UTC)));
    };
    try {
      var ssl = SslContextBuilder.forClient().trustManager(tls.certificate()).build();
      var http = new NettyAsyncHttpClientBuilder(reactor.netty.http.client.HttpClient.create().secure(s -> s.sslContext(ssl))).build();
      return new BlobContainerClientBuilder().endpoint(container.toString()).credential(auditor).httpClient(http).buildClient();
    } catch (SSLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] sha256(byte[] content) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(content);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
