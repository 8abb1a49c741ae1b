package io.keyrotation.sandbox.sqlserver;

import io.keyrotation.sandbox.aad.SandboxTls;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/**
 * The server certificate in a JKS file, the form mssql-jdbc's {@code trustStore} reads. It holds no secret; the
 * store's password only keys its integrity digest, which the driver skips when given no trustStorePassword.
 */
record ClientTrustStore(Path file) {
  private static final char[] INTEGRITY_ONLY = "public".toCharArray();

  static ClientTrustStore write(SandboxTls certificate) {
    try {
      KeyStore store = KeyStore.getInstance("JKS");
      store.load(null, null);
      store.setCertificateEntry("sqlserver-stand-in", certificate.certificate());
      Path file = Files.createTempFile("sqlserver-stand-in-trust", ".jks");
      try (OutputStream out = Files.newOutputStream(file)) {
        store.store(out, INTEGRITY_ONLY);
      }
      return new ClientTrustStore(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot write the client trust store", e);
    }
  }

  void delete() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a temporary file; the OS cleans up
    }
  }
}
