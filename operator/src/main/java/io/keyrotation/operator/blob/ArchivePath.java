package io.keyrotation.operator.blob;

import io.keyrotation.operator.api.common.NameRules;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one naming rule of archived key backups: {@code <prefix>/<vault>/<key>/<timestamp>-<versions hash>.keybackup}.
 * The timestamp ({@code yyyyMMdd'T'HHmmss'Z'}, UTC) sorts by name as by time, so a listing is in age order;
 * the versions hash lets a run see that a key's versions are unchanged from the path alone.
 */
public record ArchivePath(String prefix, String vault, String key, Instant takenAt, String versionsHash) {
  static final String SUFFIX = ".keybackup";
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final Pattern FILE = Pattern.compile("(\\d{8}T\\d{6}Z)-([0-9a-f]{16})\\.keybackup");

  public ArchivePath {
    prefix = normalisedPrefix(prefix);
  }

  /** The folder holding every archive of one key. */
  public static String keyFolder(String prefix, String vault, String key) {
    return vaultFolder(prefix, vault) + key + "/";
  }

  /** The folder holding the key folders of one vault. */
  public static String vaultFolder(String prefix, String vault) {
    String p = normalisedPrefix(prefix);
    return (p.isEmpty() ? "" : p + "/") + vault + "/";
  }

  /**
   * A vault's name as archive paths use it: the first label of its host ({@code contoso} for
   * {@code contoso.vault.azure.net}); a host without a domain (a private name, {@code localhost}) is
   * followed by its port, so that two such vaults never share a folder.
   */
  public static String vaultName(java.net.URI vaultUrl) {
    String host = vaultUrl.getHost().toLowerCase(java.util.Locale.ROOT);
    int dot = host.indexOf('.');
    if (dot > 0 && !Character.isDigit(host.charAt(0))) {
      return host.substring(0, dot);
    }
    int port = vaultUrl.getPort();
    return host.replace('.', '-').replace(':', '-') + (port < 0 ? "" : "-" + port);
  }

  public String blobName() {
    return keyFolder(prefix, vault, key) + STAMP.format(takenAt) + "-" + versionsHash + SUFFIX;
  }

  /** The archive a blob name denotes, if it is one of ours under this prefix/vault/key. */
  public static Optional<ArchivePath> parse(String prefix, String vault, String key, String blobName) {
    String folder = keyFolder(prefix, vault, key);
    if (!blobName.startsWith(folder)) {
      return Optional.empty();
    }
    Matcher matcher = FILE.matcher(blobName.substring(folder.length()));
    if (!matcher.matches()) {
      return Optional.empty();
    }
    Instant takenAt = Instant.from(STAMP.parse(matcher.group(1)));
    return Optional.of(new ArchivePath(prefix, vault, key, takenAt, matcher.group(2)));
  }

  /** A short, stable digest of a key's version identifiers (order does not matter). */
  public static String versionsHash(List<String> versions) {
    List<String> sorted = versions.stream().sorted().toList();
    return HexFormat.of().formatHex(sha256(String.join("\n", sorted).getBytes(StandardCharsets.UTF_8))).substring(0, 16);
  }

  static byte[] sha256(byte[] content) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(content);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String normalisedPrefix(String prefix) {
    if (prefix == null || prefix.isEmpty()) {
      return "";
    }
    NameRules.BLOB_PREFIX.problem(prefix).ifPresent(p -> {
      throw new IllegalArgumentException("blob prefix " + p);
    });
    return prefix.replaceAll("^/+|/+$", "");
  }
}
