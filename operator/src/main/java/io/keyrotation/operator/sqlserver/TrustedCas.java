package io.keyrotation.operator.sqlserver;

import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A private CA for SQL Server certificates, handed to mssql-jdbc as a {@code trustStore} file. That is the one
 * way the driver 12.10 validates both the chain and the host name against our CAs in every encrypt mode: a
 * {@code trustManagerClass} replaces its host name check, and {@code serverCertificate} pins one server certificate
 * with Strict only ({@code TDSChannel.enableSSL}). The file holds public certificates only.
 */
public final class TrustedCas {
  /** JKS needs a password to write its integrity digest; the driver loads without one and skips the digest. */
  private static final char[] INTEGRITY_ONLY = "public".toCharArray();
  private static final Map<String, Path> FILES = new ConcurrentHashMap<>();
  private static Path directory;

  private TrustedCas() {}

  /** The certificates of a PEM bundle; {@code source} names where it came from, for the error message. */
  public static List<X509Certificate> parsePem(String pem, String source) {
    try {
      List<X509Certificate> certificates = new ArrayList<>();
      for (Certificate certificate : CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
        certificates.add((X509Certificate) certificate);
      }
      if (!certificates.isEmpty()) {
        return certificates;
      }
    } catch (CertificateException e) {
      // reported below, without the parser's detail (it may quote the input)
    }
    throw new GatewayException(FailureReason.InvalidSpec, source + " holds no PEM certificate "
        + "(expected one or more -----BEGIN CERTIFICATE----- blocks)");
  }

  /** A JKS file holding exactly these certificates; the same certificates give the same file. */
  static Path trustStoreFile(List<X509Certificate> cas) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (X509Certificate ca : cas) {
        digest.update(ca.getEncoded());
      }
      String name = HexFormat.of().formatHex(digest.digest());
      return FILES.computeIfAbsent(name, n -> write(n, cas));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot fingerprint the trusted CAs", e);
    }
  }

  /**
   * A fresh directory only this process can write: whoever could replace a trust store could make the operator
   * trust their certificate and read the credential secret.
   */
  private static synchronized Path directory() throws IOException {
    if (directory == null) {
      directory = Files.createTempDirectory("keyrotation-sql-trust",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    return directory;
  }

  private static Path write(String name, List<X509Certificate> cas) {
    try {
      KeyStore store = KeyStore.getInstance("JKS");
      store.load(null, null);
      for (int i = 0; i < cas.size(); i++) {
        store.setCertificateEntry("ca-" + i, cas.get(i));
      }
      Path directory = directory();
      Path temporary = Files.createTempFile(directory, name, ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try (OutputStream out = Files.newOutputStream(temporary)) {
        store.store(out, INTEGRITY_ONLY);
      }
      return Files.move(temporary, directory.resolve(name + ".jks"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the SQL Server trust store", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the SQL Server trust store", e);
    }
  }
}
